package dev.samsa.producer;

import dev.samsa.common.TopicPartition;
import java.util.Objects;

/**
 * Where a sent record landed, as the partition leader acknowledged it. Immutable and thread-safe.
 *
 * @param topicPartition the topic and partition the record was written to
 * @param offset the record's offset, or {@link #UNKNOWN_OFFSET} when the producer runs with {@code acks=0} (the broker
 *     answers nothing) or the broker reported a duplicate without an offset
 * @param timestamp the record's timestamp in ms since the epoch: the broker's log append time on a
 *     {@code LogAppendTime} topic, else the record's create time
 * @param serializedKeySize the key's size in bytes, or -1 for a null key
 * @param serializedValueSize the value's size in bytes, or -1 for a null value
 * @since 0.1.0
 */
public record RecordMetadata(TopicPartition topicPartition, long offset, long timestamp, int serializedKeySize,
        int serializedValueSize) {
    /** The offset of a record sent with {@code acks=0}: not known. */
    public static final long UNKNOWN_OFFSET = -1L;

    /**
     * @throws NullPointerException if {@code topicPartition} is null
     */
    public RecordMetadata {
        Objects.requireNonNull(topicPartition, "topicPartition");
    }

    /** The topic. */
    public String topic() {
        return topicPartition.topic();
    }

    /** The partition index. */
    public int partition() {
        return topicPartition.partition();
    }

    /** Whether the broker reported the offset (false with {@code acks=0}). */
    public boolean hasOffset() {
        return offset >= 0;
    }
}
