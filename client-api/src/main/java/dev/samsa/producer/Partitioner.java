package dev.samsa.producer;

import dev.samsa.common.PartitionInfo;
import java.util.List;

/**
 * Chooses the partition of a record that names none (Kafka's {@code partitioner.class}). Set with
 * {@link ProducerBuilder#partitioner(Partitioner)}. Without one, the producer uses Kafka's built-in partitioning:
 * murmur2 of the key bytes for keyed records, the uniform sticky partitioner (KIP-794) for the rest.
 *
 * <p>Thread-safety: called from every thread that calls {@code send}, concurrently; must be thread-safe, fast and
 * non-blocking.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Partitioner {
    /** Returned by {@link #partition} to let the built-in partitioner choose, as Kafka allows since 3.3. */
    int UNKNOWN_PARTITION = -1;

    /**
     * Chooses a partition.
     *
     * @param topic the record's topic
     * @param key the key object, or null
     * @param keyBytes the serialized key, or null
     * @param value the value object, or null
     * @param valueBytes the serialized value, or null
     * @param partitions every partition of the topic, ordered by index (so {@code partitions.size()} is the
     *     partition count); a partition without a leader has a null {@link PartitionInfo#leader()}
     * @return a partition index in {@code [0, partitions.size())}, or {@link #UNKNOWN_PARTITION}; any other value fails
     *     the send with {@link IllegalArgumentException}
     */
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
            List<PartitionInfo> partitions);
}
