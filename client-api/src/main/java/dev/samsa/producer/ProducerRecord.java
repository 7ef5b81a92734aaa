package dev.samsa.producer;

import dev.samsa.common.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: the topic, an optional partition, an optional timestamp, a key, a value and headers.
 *
 * <p>The partition is chosen, in this order: the explicit {@code partition}; a custom {@link Partitioner}; for a
 * non-null key, {@code toPositive(murmur2(keyBytes)) % numPartitions} (the official client's choice, so keyed records
 * land on the same partition whichever client wrote them); otherwise the uniform sticky partitioner (KIP-480,
 * KIP-794). The timestamp defaults to the producer's clock at {@code send} (topics with
 * {@code message.timestamp.type=LogAppendTime} replace it with the broker's).
 *
 * <p>Immutable (the header list is copied) and thread-safe as long as the key and value are not mutated after
 * {@code send}.
 *
 * @param topic the topic, not null
 * @param partition the partition index, or null to let the partitioner choose
 * @param timestamp ms since the epoch, or null for the send time
 * @param key the key, or null
 * @param value the value, or null (a tombstone on a compacted topic)
 * @param headers the headers (KIP-82), copied; null means none
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value,
        List<Header> headers) {
    /**
     * @throws NullPointerException if {@code topic} or a header is null
     * @throws IllegalArgumentException if {@code partition} or {@code timestamp} is negative
     */
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition: " + partition + " (expected: >= 0 or null)");
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp: " + timestamp + " ms (expected: >= 0 or null)");
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** A record with a value only: no key, no headers, partition and timestamp chosen by the producer. */
    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    /** A keyed record; the partition follows from the key. */
    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    /** A record for an explicit partition (null lets the producer choose). */
    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    /** A keyed record with headers. */
    public ProducerRecord(String topic, K key, V value, List<Header> headers) {
        this(topic, null, null, key, value, headers);
    }

    /** A copy of this record with {@code header} appended to its headers. */
    public ProducerRecord<K, V> withHeader(Header header) {
        Objects.requireNonNull(header, "header");
        Header[] all = headers.toArray(new Header[headers.size() + 1]);
        all[headers.size()] = header;
        return new ProducerRecord<>(topic, partition, timestamp, key, value, List.of(all));
    }

    /** A copy of this record for an explicit partition. */
    public ProducerRecord<K, V> withPartition(int partition) {
        return new ProducerRecord<>(topic, partition, timestamp, key, value, headers);
    }

    /** A copy of this record with an explicit timestamp in ms since the epoch. */
    public ProducerRecord<K, V> withTimestamp(long timestamp) {
        return new ProducerRecord<>(topic, partition, timestamp, key, value, headers);
    }
}
