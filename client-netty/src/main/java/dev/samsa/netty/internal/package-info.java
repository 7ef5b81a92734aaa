/** The Netty transport's connection machinery. Internal: may change without notice in any release. */
package dev.samsa.netty.internal;
