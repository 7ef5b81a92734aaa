package dev.samsa.common;

import java.util.Objects;

/**
 * A topic name and a partition index: the unit of ordering, leadership and offsets in Kafka. Immutable and
 * thread-safe; usable as a map key.
 *
 * @param topic the topic name, not null
 * @param partition the partition index, {@code >= 0}
 * @since 0.1.0
 */
public record TopicPartition(String topic, int partition) {
    /**
     * @throws NullPointerException if {@code topic} is null
     * @throws IllegalArgumentException if {@code partition} is negative
     */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition: " + partition + " (expected: >= 0)");
        }
    }

    // Explicit equals / hashCode: the generated ones go through invokedynamic method handles (ObjectMethods), which
    // cost JIT work and CPU on the hot paths where this is a map key. Same values as the generated ones.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof TopicPartition other && partition == other.partition
                && topic.equals(other.topic);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + partition;
    }

    /** {@code topic-partition}, as Kafka prints it (for example {@code orders-3}). */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
