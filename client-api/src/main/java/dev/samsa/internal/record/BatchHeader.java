package dev.samsa.internal.record;

import dev.samsa.common.CompressionType;
import dev.samsa.consumer.TimestampType;
import dev.samsa.errors.CorruptRecordException;

/**
 * A heap copy of one {@link RecordBatch}'s 61-byte header, taken by one {@link #read} and then read field by field
 * as plain array accesses (layout and meaning: {@link RecordBatch}). The consumer reads a dozen header fields of each
 * batch; through the batch's pooled buffer each of them is a call chain with bounds and reference-count checks
 * ({@code ensureAccessible}), which the JIT inlines once per field into the per-batch code. One copy makes that one
 * chain. Reused batch after batch; not thread-safe.
 */
public final class BatchHeader {
    private final byte[] b = new byte[RecordBatch.HEADER_SIZE];

    /**
     * Copies {@code batch}'s header; the accessors describe it until the next call. {@link RecordBatches} hands out
     * batches at least a header long.
     */
    public void read(RecordBatch batch) {
        batch.copyHeader(b);
    }

    /** The first record's offset. */
    public long baseOffset() {
        return getLong(RecordBatch.BASE_OFFSET_OFFSET);
    }

    /** The offset of the last record: base offset plus last offset delta. */
    public long lastOffset() {
        return baseOffset() + getInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    /** The offset after the batch: {@link #lastOffset()} + 1. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** The partition leader epoch the broker stamped, or -1. */
    public int partitionLeaderEpoch() {
        return getInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET);
    }

    private int attributes() {
        return ((b[RecordBatch.ATTRIBUTES_OFFSET] & 0xFF) << 8) | (b[RecordBatch.ATTRIBUTES_OFFSET + 1] & 0xFF);
    }

    /** As {@link RecordBatch#compressionType()}; {@code batch} (the one read) names the batch in the exception. */
    CompressionType compressionType(RecordBatch batch) {
        int id = attributes() & RecordBatch.COMPRESSION_MASK;
        if (id > CompressionType.ZSTD.id()) {
            throw unknownCompression(batch, id);
        }
        return CompressionType.forId(id);
    }

    private static CorruptRecordException unknownCompression(RecordBatch batch, int id) {
        return batch.corrupt("unknown compression type id " + id);
    }

    /** As {@link RecordBatch#timestampType()}. */
    public TimestampType timestampType() {
        return (attributes() & RecordBatch.TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME
                : TimestampType.LOG_APPEND_TIME;
    }

    /** Whether the batch belongs to a transaction (KIP-98). */
    public boolean isTransactional() {
        return (attributes() & RecordBatch.TRANSACTIONAL_MASK) != 0;
    }

    /** Whether the batch holds control records (transaction markers). */
    public boolean isControl() {
        return (attributes() & RecordBatch.CONTROL_MASK) != 0;
    }

    /** The first record's timestamp (or the delete horizon), ms or -1. */
    public long baseTimestamp() {
        return getLong(RecordBatch.BASE_TIMESTAMP_OFFSET);
    }

    /** The largest record timestamp, or the log append time under {@code LogAppendTime}; ms or -1. */
    public long maxTimestamp() {
        return getLong(RecordBatch.MAX_TIMESTAMP_OFFSET);
    }

    /** The idempotent or transactional producer's id, or -1. */
    public long producerId() {
        return getLong(RecordBatch.PRODUCER_ID_OFFSET);
    }

    /** The record count field. */
    public int recordCount() {
        return getInt(RecordBatch.RECORDS_COUNT_OFFSET);
    }

    private int getInt(int i) {
        return (b[i] << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private long getLong(int i) {
        return ((long) getInt(i) << 32) | (getInt(i + 4) & 0xFFFFFFFFL);
    }
}
