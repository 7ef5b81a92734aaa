package dev.samsa.producer;

import dev.samsa.common.TopicPartition;

/**
 * Where a sent record landed, as the partition leader acknowledged it: what {@link Producer#send}'s future completes
 * with and what a {@link Callback} is given.
 *
 * <p>An interface so that the producer need not allocate an object per acknowledged record: the metadata the
 * producer hands out is the record's future itself, reading the partition, base offset and log append time from one
 * small object per acknowledged batch (the official client's {@code FutureRecordMetadata} likewise computes a
 * record's metadata from its batch's result). Such a metadata keeps nothing else of the batch alive: not its
 * buffers, not the other records' futures, not the callback. {@link #of} makes a value for tests and mocks.
 *
 * <p><b>Values:</b> never change once the metadata is handed out; every implementation here is immutable from then
 * on and safe to read from any thread.
 *
 * <p><b>Equality:</b> only the values made by {@link #of} compare by value (with each other: same topic-partition,
 * offset, timestamp and sizes), with a matching {@code hashCode}. The metadata the producer hands out is its
 * {@link java.util.concurrent.CompletableFuture}, which compares by identity, as the official client's
 * {@code RecordMetadata} does; compare the accessors' values (or copy with {@link #of}) to compare by value.
 *
 * @since 0.1.0
 */
public interface RecordMetadata {
    /** The offset of a record sent with {@code acks=0}: not known. */
    long UNKNOWN_OFFSET = -1L;

    /** The topic and partition the record was written to; never null. */
    TopicPartition topicPartition();

    /**
     * The record's offset in its partition, or {@link #UNKNOWN_OFFSET} when the producer runs with {@code acks=0}
     * (the broker answers nothing) or the broker reported a duplicate without an offset.
     */
    long offset();

    /**
     * The record's timestamp in ms since the epoch: the broker's log append time on a {@code LogAppendTime} topic
     * (the one the broker answered for the record's batch), else the record's create time.
     */
    long timestamp();

    /** The serialized key's size in bytes, or -1 for a null key. */
    int serializedKeySize();

    /** The serialized value's size in bytes, or -1 for a null value. */
    int serializedValueSize();

    /** The topic. */
    default String topic() {
        return topicPartition().topic();
    }

    /** The partition index. */
    default int partition() {
        return topicPartition().partition();
    }

    /** Whether the broker reported the offset (false with {@code acks=0}). */
    default boolean hasOffset() {
        return offset() >= 0;
    }

    /**
     * A metadata value, which compares by value with the other values this method makes; its {@code toString} reads
     * like {@code RecordMetadata(orders-2@1234, timestamp=1700000000000, serializedKeySize=7, serializedValueSize=100)}.
     * For tests, mocks and callers that want to keep a value of their own.
     *
     * @param topicPartition the topic and partition
     * @param offset the offset, or {@link #UNKNOWN_OFFSET}
     * @param timestamp the timestamp in ms since the epoch
     * @param serializedKeySize the key's size in bytes, or -1 for a null key
     * @param serializedValueSize the value's size in bytes, or -1 for a null value
     * @return an immutable, thread-safe value
     * @throws NullPointerException if {@code topicPartition} is null
     */
    static RecordMetadata of(TopicPartition topicPartition, long offset, long timestamp, int serializedKeySize,
            int serializedValueSize) {
        return new RecordMetadataValue(topicPartition, offset, timestamp, serializedKeySize, serializedValueSize);
    }
}
