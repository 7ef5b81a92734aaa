/**
 * Samsa's Kafka protocol layer: primitive codecs, the message interfaces, and (in {@code .message}) the classes
 * generated from Kafka's JSON message definitions at build time. Internal: may change without notice in any
 * release.
 */
package dev.samsa.internal.protocol;
