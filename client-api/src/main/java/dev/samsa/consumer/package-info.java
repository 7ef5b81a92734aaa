/**
 * The consumer: {@link dev.samsa.consumer.Consumer}, its builder, records, offsets, consumer groups and rebalance
 * listeners.
 */
package dev.samsa.consumer;
