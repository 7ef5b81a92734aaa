/**
 * The admin client's engine. Internal: may change without notice.
 */
package dev.samsa.internal.admin;
