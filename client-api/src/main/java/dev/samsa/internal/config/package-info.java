/**
 * Parsing of Kafka's string config keys shared by the client builders. Internal: may change without notice.
 */
package dev.samsa.internal.config;
