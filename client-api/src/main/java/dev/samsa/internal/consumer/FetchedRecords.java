package dev.samsa.internal.consumer;

import dev.samsa.common.Header;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.TimestampType;
import dev.samsa.internal.record.RecordReader;
import java.util.Arrays;
import java.util.List;

/**
 * The records one poll took out of the fetch buffers, before deserialization, column by column: offset, timestamp
 * and its type, key and value (copies the consumer owns), headers and leader epoch of record {@code i} sit at index
 * {@code i} of each array. One instance per consumer, reused poll after poll, so that taking records makes no object
 * per record: the arrays grow to the largest poll ({@code max.poll.records}) and the primitive ones stay.
 *
 * <p>The reference columns (keys, values, headers) are not reused: {@link #clear()} replaces those that were written
 * with fresh arrays of the same capacity (one array per poll, not per record) instead of nulling them. Storing a new object into a long-lived array (one that has reached G1's old generation)
 * takes G1's post-write barrier slow path, a {@code StoreLoad} fence per store, which made {@link #add} the hottest
 * method of the poll thread; a fresh array is young, so its stores skip that, and it is dropped with the records.
 * The timestamp type is a primitive column for the same reason.
 *
 * <p>When the consumer's key and value deserializers are each {@link dev.samsa.serde.Deserializers#forByteArray()}
 * (the bytes as they are) or {@link dev.samsa.serde.Deserializers#forString()} (UTF-8), deserializing runs no
 * application code and cannot fail, so the records are built as {@link ConsumerRecord}s right away, one pass per
 * record ({@link #addRecord}), instead of being written into the columns and read back ({@link #add}); strings are
 * decoded straight from the reader's bytes, without a copy in between.
 *
 * <p>Written by {@link Fetcher#drain} on the consumer's {@link SerialExecutor}, then read and {@link #clear() cleared}
 * by the polling thread within the same poll (the executor's hand-off orders the two); a consumer has one poll at a
 * time, so no drain overwrites records still being read. Not thread-safe otherwise.
 */
final class FetchedRecords {
    private static final List<Header> NO_HEADERS = List.of();
    private static final TimestampType[] TIMESTAMP_TYPES = TimestampType.values();
    private static final int INITIAL_CAPACITY = 64;
    private static final ConsumerRecordsAccess.Factory RECORDS = ConsumerRecordsAccess.factory();

    /** Whether records are built at once ({@link #addRecord}) rather than written into the columns. */
    final boolean asRecords;
    /** With {@link #asRecords}: whether keys / values are UTF-8 strings rather than the bytes as they are. */
    private final boolean stringKeys;
    private final boolean stringValues;
    long[] offsets;
    long[] timestamps;
    /** {@link TimestampType#ordinal()}s: read through {@link #timestampType(int)}. */
    private byte[] timestampTypes;
    byte[][] keys;
    byte[][] values;
    /** Null where a record has no headers. */
    List<?>[] headers;
    int[] leaderEpochs;
    /** The records built by {@link #addRecord}; only if {@link #asRecords}. */
    ConsumerRecord<?, ?>[] records;
    private int size;
    /** Whether a record of this poll has a key / headers: if not, {@link #clear()} leaves those columns alone. */
    private boolean anyKey;
    private boolean anyHeaders;

    /**
     * @param asRecords build each record at once with its key and value bytes as they are ({@link #addRecord}),
     *     for byte-array deserializers; else keep the columns ({@link #add}) for the polling thread to deserialize
     */
    FetchedRecords(boolean asRecords) {
        this(asRecords, false, false);
    }

    /**
     * @param asRecords build each record at once ({@link #addRecord}); else keep the columns ({@link #add})
     * @param stringKeys with {@code asRecords}: keys decoded as UTF-8 strings, else the bytes as they are
     * @param stringValues with {@code asRecords}: values decoded as UTF-8 strings, else the bytes as they are
     */
    FetchedRecords(boolean asRecords, boolean stringKeys, boolean stringValues) {
        this.asRecords = asRecords;
        this.stringKeys = asRecords && stringKeys;
        this.stringValues = asRecords && stringValues;
        if (asRecords) {
            records = new ConsumerRecord<?, ?>[INITIAL_CAPACITY];
        } else {
            offsets = new long[INITIAL_CAPACITY];
            timestamps = new long[INITIAL_CAPACITY];
            timestampTypes = new byte[INITIAL_CAPACITY];
            keys = new byte[INITIAL_CAPACITY][];
            values = new byte[INITIAL_CAPACITY][];
            headers = new List<?>[INITIAL_CAPACITY];
            leaderEpochs = new int[INITIAL_CAPACITY];
        }
    }

    /** The number of records held. */
    int size() {
        return size;
    }

    /** Appends one record's fields. */
    void add(long offset, long timestamp, TimestampType type, byte[] key, byte[] value, List<Header> recordHeaders,
            int leaderEpoch) {
        int i = size;
        if (i == offsets.length) {
            grow();
        }
        offsets[i] = offset;
        timestamps[i] = timestamp;
        timestampTypes[i] = (byte) type.ordinal();
        if (key != null) {
            keys[i] = key;
            anyKey = true;
        }
        values[i] = value;
        if (!recordHeaders.isEmpty()) {
            headers[i] = recordHeaders;
            anyHeaders = true;
        }
        leaderEpochs[i] = leaderEpoch;
        size = i + 1;
    }

    /**
     * Appends the record {@code reader} is on, built now with its key and value as they are or as UTF-8 strings
     * (only if {@link #asRecords}).
     *
     * @param leaderEpoch the batch's leader epoch, or null if none (one object per batch, shared)
     */
    void addRecord(String topic, int partition, long offset, long timestamp, TimestampType type, RecordReader reader,
            Integer leaderEpoch) {
        int i = size;
        if (i == records.length) {
            records = Arrays.copyOf(records, i * 2);
        }
        // Sizes from the reader: -1 (ConsumerRecord.NULL_SIZE) for null, as the column path gives.
        Object key = stringKeys ? reader.keyString() : reader.key();
        Object value = stringValues ? reader.valueString() : reader.value();
        records[i] = RECORDS.record(topic, partition, offset, timestamp, type, reader.keySize(), reader.valueSize(),
                key, value, reader.headers(), leaderEpoch);
        size = i + 1;
    }

    /** The timestamp type of record {@code i}. */
    TimestampType timestampType(int i) {
        return TIMESTAMP_TYPES[timestampTypes[i]];
    }

    /** The headers of record {@code i}: empty if none. */
    @SuppressWarnings("unchecked")
    List<Header> headers(int i) {
        List<?> h = headers[i];
        return h == null ? NO_HEADERS : (List<Header>) h;
    }

    private void grow() {
        int capacity = offsets.length * 2;
        offsets = Arrays.copyOf(offsets, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        timestampTypes = Arrays.copyOf(timestampTypes, capacity);
        keys = Arrays.copyOf(keys, capacity);
        values = Arrays.copyOf(values, capacity);
        headers = Arrays.copyOf(headers, capacity);
        leaderEpochs = Arrays.copyOf(leaderEpochs, capacity);
    }

    /**
     * Forgets the records, dropping the references to their keys, values and headers with the arrays that held them
     * (see the class comment: fresh arrays keep {@link #add}'s stores cheap). The array of built {@link #records} goes
     * to the poll's records, which view it ({@link RecordSlice}): it is never written again.
     */
    void clear() {
        if (size > 0 && asRecords) {
            records = new ConsumerRecord<?, ?>[records.length];
            size = 0;
        } else if (size > 0) {
            // Columns that held only nulls are still all null: they stay.
            int capacity = offsets.length;
            if (anyKey) {
                keys = new byte[capacity][];
                anyKey = false;
            }
            values = new byte[capacity][];
            if (anyHeaders) {
                headers = new List<?>[capacity];
                anyHeaders = false;
            }
            size = 0;
        }
    }
}
