package dev.samsa.consumer;

import dev.samsa.common.Header;
import dev.samsa.common.TopicPartition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record returned by {@link Consumer#poll}: where it came from (topic, partition, offset, leader epoch), its
 * timestamp and what that timestamp means, its deserialized key and value, and its headers. Immutable (the key,
 * value and header bytes are the application's to share) and thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public final class ConsumerRecord<K, V> {
    /** The size reported for a null key or value. */
    public static final int NULL_SIZE = -1;

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final TimestampType timestampType;
    private final int serializedKeySize;
    private final int serializedValueSize;
    private final List<Header> headers;
    private final K key;
    private final V value;
    private final Integer leaderEpoch;

    /**
     * @param topic the topic
     * @param partition the partition index
     * @param offset the record's offset
     * @param timestamp ms since the epoch, -1 if none
     * @param timestampType what the timestamp means
     * @param serializedKeySize the key's size in bytes, {@link #NULL_SIZE} for a null key
     * @param serializedValueSize the value's size in bytes, {@link #NULL_SIZE} for a null value
     * @param key the deserialized key
     * @param value the deserialized value
     * @param headers the headers, in order (copied)
     * @param leaderEpoch the leader epoch of the record's batch, if the broker stamped one
     * @throws NullPointerException if {@code topic}, {@code timestampType}, {@code headers} or {@code leaderEpoch}
     *     is null
     */
    public ConsumerRecord(String topic, int partition, long offset, long timestamp, TimestampType timestampType,
            int serializedKeySize, int serializedValueSize, K key, V value, List<Header> headers,
            Optional<Integer> leaderEpoch) {
        this(Objects.requireNonNull(topic, "topic"), partition, offset, timestamp,
                Objects.requireNonNull(timestampType, "timestampType"), serializedKeySize, serializedValueSize, key,
                value, List.copyOf(headers), Objects.requireNonNull(leaderEpoch, "leaderEpoch").orElse(null));
    }

    /**
     * Holds its arguments as they are: the consumer's path (through {@link ConsumerRecords}' registered
     * {@code dev.samsa.internal.consumer.ConsumerRecordsAccess.Factory}), whose headers are unmodifiable already.
     */
    ConsumerRecord(String topic, int partition, long offset, long timestamp, TimestampType timestampType,
            int serializedKeySize, int serializedValueSize, K key, V value, List<Header> headers,
            Integer leaderEpoch) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.timestampType = timestampType;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.leaderEpoch = leaderEpoch;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The partition index. */
    public int partition() {
        return partition;
    }

    /** The topic and partition. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The record's offset in its partition. */
    public long offset() {
        return offset;
    }

    /** The timestamp in ms since the epoch (see {@link #timestampType()}), -1 if none. */
    public long timestamp() {
        return timestamp;
    }

    /** Whether the timestamp is the producer's or the broker's. */
    public TimestampType timestampType() {
        return timestampType;
    }

    /** The key's size in bytes before deserialization, {@link #NULL_SIZE} for a null key. */
    public int serializedKeySize() {
        return serializedKeySize;
    }

    /** The value's size in bytes before deserialization, {@link #NULL_SIZE} for a null value. */
    public int serializedValueSize() {
        return serializedValueSize;
    }

    /** The deserialized key; may be null. */
    public K key() {
        return key;
    }

    /** The deserialized value; may be null (a tombstone on a compacted topic). */
    public V value() {
        return value;
    }

    /** The headers in order; empty if none. Unmodifiable. */
    public List<Header> headers() {
        return headers;
    }

    /** The leader epoch of the record's batch (KIP-320), if the broker stamped one. */
    public Optional<Integer> leaderEpoch() {
        return Optional.ofNullable(leaderEpoch);
    }

    @Override
    public String toString() {
        return "ConsumerRecord(topic=" + topic + ", partition=" + partition + ", offset=" + offset + ", timestamp="
                + timestamp + " " + timestampType + ", leaderEpoch=" + leaderEpoch + ", key=" + key + ", value="
                + value + ", headers=" + headers + ")";
    }
}
