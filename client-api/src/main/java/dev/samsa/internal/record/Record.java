package dev.samsa.internal.record;

import dev.samsa.common.Header;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * One record read from a record batch: its absolute offset and timestamp (already resolved against the batch's
 * base offset, base timestamp and timestamp type), its producer sequence, key, value and headers.
 *
 * <p>{@link #key()} and {@link #value()} are slices of the batch's buffer (uncompressed batches) or of the
 * decompressed data (compressed batches): no copy, valid only while that buffer is, i.e. until the batch's buffer
 * is released or the {@link RecordIterator} that produced this record is closed. Copy them ({@link #keyBytes()})
 * to keep them longer. Not thread-safe (the slices share indices with nobody, but the memory may be released).
 */
public final class Record {
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final ByteBuf key;
    private final ByteBuf value;
    private final List<Header> headers;
    private final int sizeInBytes;

    Record(long offset, long timestamp, int sequence, ByteBuf key, ByteBuf value, List<Header> headers,
            int sizeInBytes) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.sizeInBytes = sizeInBytes;
    }

    /** The record's offset: the batch's base offset plus the record's offset delta. */
    public long offset() {
        return offset;
    }

    /**
     * Milliseconds since the epoch: base timestamp plus the record's delta under {@code CreateTime}, the batch's
     * max timestamp under {@code LogAppendTime}. -1 if the producer set none.
     */
    public long timestamp() {
        return timestamp;
    }

    /**
     * The producer's sequence number for this record (the batch's base sequence plus the offset delta, wrapping
     * past {@code Integer.MAX_VALUE} to 0 as Kafka's idempotent producer does), or -1 if the batch has none.
     */
    public int sequence() {
        return sequence;
    }

    /** Whether the key is non-null. */
    public boolean hasKey() {
        return key != null;
    }

    /** The key as a slice (see the class comment for its lifetime), or null. */
    public ByteBuf key() {
        return key == null ? null : key.duplicate();
    }

    /** Whether the value is non-null (a null value is a tombstone on a compacted topic). */
    public boolean hasValue() {
        return value != null;
    }

    /** The value as a slice (see the class comment for its lifetime), or null. */
    public ByteBuf value() {
        return value == null ? null : value.duplicate();
    }

    /** A copy of the key's bytes, or null. */
    public byte[] keyBytes() {
        return key == null ? null : ByteBufUtil.getBytes(key);
    }

    /** A copy of the value's bytes, or null. */
    public byte[] valueBytes() {
        return value == null ? null : ByteBufUtil.getBytes(value);
    }

    /** The headers, in order; empty if none. Unmodifiable. */
    public List<Header> headers() {
        return headers;
    }

    /** The record's encoded size in bytes, including its length prefix. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.readableBytes() + " bytes") + ", value="
                + (value == null ? "null" : value.readableBytes() + " bytes") + ", headers=" + headers + ")";
    }
}
