/**
 * The producer engine behind {@link dev.samsa.producer.Producer}: partitioning, the record accumulator, buffer memory,
 * the sender and idempotence state. Internal: may change without notice between releases.
 */
package dev.samsa.internal.producer;
