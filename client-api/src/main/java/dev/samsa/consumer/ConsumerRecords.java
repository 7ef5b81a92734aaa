package dev.samsa.consumer;

import dev.samsa.common.Header;
import dev.samsa.common.TopicPartition;
import dev.samsa.internal.consumer.ConsumerRecordsAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The records one {@link Consumer#poll} returned, grouped by partition, each partition's records in offset order.
 * Iterating goes partition by partition. Immutable and thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    @SuppressWarnings("rawtypes")
    private static final ConsumerRecords EMPTY = new ConsumerRecords<>(Map.of(), Map.of());

    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets;
    private final int count;

    /**
     * @param records each partition's records in offset order (copied)
     * @param nextOffsets each partition's position after this poll: the offset to commit once the records are
     *     processed (copied)
     * @throws NullPointerException if an argument is null
     */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records,
            Map<TopicPartition, OffsetAndMetadata> nextOffsets) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> copy = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>> e : records.entrySet()) {
            if (!e.getValue().isEmpty()) {
                copy.put(e.getKey(), List.copyOf(e.getValue()));
                n += e.getValue().size();
            }
        }
        this.records = Collections.unmodifiableMap(copy);
        this.nextOffsets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(nextOffsets)));
        this.count = n;
    }

    /** Takes ownership of its arguments: see {@link Access#records}. */
    private ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records,
            Map<TopicPartition, OffsetAndMetadata> nextOffsets, int count) {
        this.records = Collections.unmodifiableMap(records);
        this.nextOffsets = Collections.unmodifiableMap(nextOffsets);
        this.count = count;
    }

    static {
        ConsumerRecordsAccess.register(new Access());
    }

    /**
     * The consumer engine's way to build records without the copies of the public constructors, for the arrays and
     * maps it has just built and never changes again. Registered once, above; applications cannot reach it (see
     * {@link ConsumerRecordsAccess}).
     */
    private static final class Access implements ConsumerRecordsAccess.Factory {
        @Override
        public <K, V> ConsumerRecord<K, V> record(String topic, int partition, long offset, long timestamp,
                TimestampType timestampType, int serializedKeySize, int serializedValueSize, K key, V value,
                List<Header> headers, Integer leaderEpoch) {
            return new ConsumerRecord<>(topic, partition, offset, timestamp, timestampType, serializedKeySize,
                    serializedValueSize, key, value, headers, leaderEpoch);
        }

        @Override
        public <K, V> ConsumerRecords<K, V> records(Map<TopicPartition, List<ConsumerRecord<K, V>>> records,
                Map<TopicPartition, OffsetAndMetadata> nextOffsets, int count) {
            return new ConsumerRecords<>(records, nextOffsets, count);
        }
    }

    /** No records. */
    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerRecords<K, V> empty() {
        return (ConsumerRecords<K, V>) EMPTY;
    }

    /** The records of one partition, in offset order; empty if none. */
    public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
        return records.getOrDefault(partition, List.of());
    }

    /** The records of one topic, partition by partition. */
    public Iterable<ConsumerRecord<K, V>> records(String topic) {
        Objects.requireNonNull(topic, "topic");
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>> e : records.entrySet()) {
            if (e.getKey().topic().equals(topic)) {
                out.addAll(e.getValue());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The partitions with at least one record here. */
    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    /**
     * For each partition this poll read from (records or not), the position after the poll with the leader epoch
     * of its last record: what to commit once these records are processed.
     */
    public Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        return nextOffsets;
    }

    /** The number of records. */
    public int count() {
        return count;
    }

    /** Whether there are no records. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Iterates over all records, partition by partition, each in offset order. */
    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        Iterator<List<ConsumerRecord<K, V>>> lists = records.values().iterator();
        // By index: every partition's list is an unmodifiable random-access one (copied by the public constructors,
        // built so by the consumer), so one get per record replaces a nested iterator's hasNext and next.
        return new Iterator<>() {
            List<ConsumerRecord<K, V>> current = List.of();
            int index;
            int size;

            @Override
            public boolean hasNext() {
                while (index >= size) {
                    if (!lists.hasNext()) {
                        return false;
                    }
                    current = lists.next();
                    index = 0;
                    size = current.size();
                }
                return true;
            }

            @Override
            public ConsumerRecord<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.get(index++);
            }
        };
    }

    @Override
    public String toString() {
        return "ConsumerRecords(" + count + " records in " + records.size() + " partitions)";
    }
}
