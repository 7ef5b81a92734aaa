/**
 * The producer: {@link dev.samsa.producer.Producer}, its builder, records, partitioning and acknowledgements.
 */
package dev.samsa.producer;
