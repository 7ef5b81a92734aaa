package dev.samsa.internal.record;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Header;
import dev.samsa.consumer.TimestampType;
import dev.samsa.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the records of one batch at a time from a heap copy of its records (decompressed first if need be), field
 * by field: a record is parsed in place by {@link #next()}, and the only objects made per record are the ones asked
 * for ({@link #key()}, {@link #value()}: fresh copies the caller owns; {@link #headers()}, made only for records that
 * have headers). The consumer's decode path; {@link RecordIterator} serves callers that want {@link Record} objects
 * and slices over the original buffer.
 *
 * <p>Copying a batch into one reused array costs one {@code memcpy} of its bytes, and lets every later read be a
 * plain array access: no reference-count or bounds checks of a pooled buffer per byte, and a loop small enough for
 * the JIT to compile quickly. The array grows to the largest batch read and is reused for the next {@link #load}.
 *
 * <p>The checks are {@link RecordIterator}'s: each record's length must cover exactly its fields, every length inside
 * it must fit, and the batch's record count must match the data (no missing records, no bytes after the last);
 * violations throw a {@link CorruptRecordException} naming the batch's base offset and the record. Record layout
 * (zig-zag varints marked v): {@code length(v) attributes(int8) timestampDelta(v, 64-bit) offsetDelta(v)
 * keyLength(v) key valueLength(v) value headerCount(v) [headerKeyLength(v) headerKey headerValueLength(v)
 * headerValue]*}; a length of -1 means null.
 *
 * <p>Not thread-safe.
 */
public final class RecordReader {
    private static final byte[] EMPTY = new byte[0];
    private static final List<Header> NO_HEADERS = List.of();

    private byte[] data = EMPTY;
    private RecordBatch batch;
    private int end;
    private int position;
    private int count;
    private int read;
    private long baseOffset;
    private long baseTimestamp;
    private boolean logAppendTimeType;
    private long logAppendTime;
    private long offset;
    private long timestamp;
    private int keyStart;
    private int keyLength;
    private int valueStart;
    private int valueLength;
    private List<Header> headers = NO_HEADERS;

    /**
     * Loads {@code batch}'s records, decompressing them if the batch is compressed (at most
     * {@code maxUncompressedBytes}). Does not check the CRC ({@link RecordBatch#ensureValid()}). The batch's buffer
     * is only read during this call.
     *
     * @throws CorruptRecordException if the records do not decompress, or the record count is negative or larger
     *     than the data could hold
     */
    public void load(RecordBatch batch, int maxUncompressedBytes) {
        BatchHeader header = new BatchHeader();
        header.read(batch);
        load(batch, header, maxUncompressedBytes);
    }

    /**
     * As {@link #load(RecordBatch, int)}, with {@code batch}'s header already {@linkplain BatchHeader#read read}
     * into {@code header}: the header fields come from that copy, not from the batch's buffer.
     */
    public void load(RecordBatch batch, BatchHeader header, int maxUncompressedBytes) {
        this.batch = batch;
        this.read = 0;
        this.count = header.recordCount();
        this.baseOffset = header.baseOffset();
        this.baseTimestamp = header.baseTimestamp();
        this.logAppendTimeType = header.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = header.maxTimestamp();
        ByteBuf buf = batch.wrapped();
        CompressionType compression = header.compressionType(batch);
        int length = batch.sizeInBytes() - RecordBatch.RECORDS_OFFSET;
        if (compression == CompressionType.NONE) {
            copy(buf, RecordBatch.RECORDS_OFFSET, length);
        } else {
            ByteBuf compressed = buf.slice(RecordBatch.RECORDS_OFFSET, length);
            ByteBuf decompressed = RecordCompression.decompress(compression, compressed, buf.alloc(),
                    maxUncompressedBytes, batch);
            try {
                length = decompressed.readableBytes();
                copy(decompressed, decompressed.readerIndex(), length);
            } finally {
                decompressed.release();
            }
        }
        this.position = 0;
        this.end = length;
        if (count < 0 || count > length / RecordBatch.MIN_RECORD_SIZE) {
            throw batch.corrupt("record count " + count + " does not fit in the " + length
                    + " bytes of records (each record takes at least " + RecordBatch.MIN_RECORD_SIZE + ")");
        }
        if (count == 0 && length > 0) {
            throw batch.corrupt("record count 0 but " + length + " bytes of records");
        }
    }

    private void copy(ByteBuf from, int index, int length) {
        if (data.length < length) {
            data = new byte[(int) Math.max(length, Math.min(Integer.MAX_VALUE - 8, 2L * data.length))];
        }
        from.getBytes(index, data, 0, length);
    }

    /** The batch loaded last, or null. */
    public RecordBatch batch() {
        return batch;
    }

    /** Whether records of the loaded batch remain, by its record count (no bytes are parsed). */
    public boolean hasNext() {
        return read < count;
    }

    /**
     * Parses the next record; its fields are then read through this reader's accessors.
     *
     * @throws CorruptRecordException if the record is malformed, or it is the last one and bytes remain after it;
     *     the reader is of no further use for this batch then
     * @throws NoSuchElementException if every record was read
     */
    public void next() {
        if (read >= count) {
            throw new NoSuchElementException();
        }
        int index = read;
        byte[] d = data;
        int p = position;
        // length(v): inlined one- and two-byte fast paths, as every field below (a 100 B record's length, its value
        // length and offset deltas from 64 on take two bytes); longer varints and every error take varint()
        int bodyLength;
        int b = p < end ? d[p] : -1;
        int b2;
        if (b >= 0) {
            bodyLength = (b >>> 1) ^ -(b & 1);
            p++;
        } else if (p + 1 < end && (b2 = d[p + 1]) >= 0) {
            b = (b & 0x7F) | (b2 << 7);
            bodyLength = (b >>> 1) ^ -(b & 1);
            p += 2;
        } else {
            long v = varint(p, end, index, "length");
            bodyLength = (int) v;
            p = (int) (v >>> 32);
        }
        if (bodyLength <= 0 || bodyLength > end - p) {
            throw batch.corrupt("record " + index + " of " + count + ": length " + bodyLength + " but "
                    + (end - p) + " bytes remain");
        }
        int limit = p + bodyLength;
        p++; // attributes: no bits defined for records
        // timestampDelta(v, 64-bit): one or two bytes decode without a branch on which (the second byte is masked out
        // unless the first has its continuation bit), so the first delta of 64 ms or more in a run does not take a
        // branch the JIT had compiled away as never taken; three bytes (8.2 s or more) and every error take the loop.
        // A valid record has at least 4 bytes after it (offset delta, key length, value length, header count).
        long timestampDelta;
        int b1;
        if (p + 1 < limit && ((b = d[p]) & (b1 = d[p + 1])) >= 0) {
            int two = b >>> 31;
            int raw = (b & 0x7F) | (((b1 & 0x7F) << 7) & -two);
            timestampDelta = (raw >>> 1) ^ -(raw & 1);
            p += 1 + two;
        } else {
            long raw = 0;
            int shift = 0;
            while (true) {
                if (p >= limit) {
                    throw batch.corrupt("record " + index + " of " + count + ": truncated varlong (timestamp delta)");
                }
                if (shift >= 70) {
                    throw batch.corrupt("record " + index + ": timestamp delta varlong longer than 10 bytes");
                }
                byte x = d[p++];
                raw |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    break;
                }
                shift += 7;
            }
            timestampDelta = (raw >>> 1) ^ -(raw & 1);
        }
        int offsetDelta;
        b = p < limit ? d[p] : -1;
        if (b >= 0) {
            offsetDelta = (b >>> 1) ^ -(b & 1);
            p++;
        } else if (p + 1 < limit && (b2 = d[p + 1]) >= 0) {
            b = (b & 0x7F) | (b2 << 7);
            offsetDelta = (b >>> 1) ^ -(b & 1);
            p += 2;
        } else {
            long v = varint(p, limit, index, "offset delta");
            offsetDelta = (int) v;
            p = (int) (v >>> 32);
        }
        // key
        int len;
        b = p < limit ? d[p] : -1;
        if (b >= 0) {
            len = (b >>> 1) ^ -(b & 1);
            p++;
        } else if (p + 1 < limit && (b2 = d[p + 1]) >= 0) {
            b = (b & 0x7F) | (b2 << 7);
            len = (b >>> 1) ^ -(b & 1);
            p += 2;
        } else {
            long v = varint(p, limit, index, "key length");
            len = (int) v;
            p = (int) (v >>> 32);
        }
        if (len < -1 || len > limit - p) {
            throw batch.corrupt("record " + index + ": key length " + len + " but " + (limit - p)
                    + " bytes remain in the record");
        }
        keyStart = p;
        keyLength = len;
        if (len > 0) {
            p += len;
        }
        // value
        b = p < limit ? d[p] : -1;
        if (b >= 0) {
            len = (b >>> 1) ^ -(b & 1);
            p++;
        } else if (p + 1 < limit && (b2 = d[p + 1]) >= 0) {
            b = (b & 0x7F) | (b2 << 7);
            len = (b >>> 1) ^ -(b & 1);
            p += 2;
        } else {
            long v = varint(p, limit, index, "value length");
            len = (int) v;
            p = (int) (v >>> 32);
        }
        if (len < -1 || len > limit - p) {
            throw batch.corrupt("record " + index + ": value length " + len + " but " + (limit - p)
                    + " bytes remain in the record");
        }
        valueStart = p;
        valueLength = len;
        if (len > 0) {
            p += len;
        }
        // headers
        int headerCount;
        b = p < limit ? d[p] : -1;
        if (b >= 0) {
            headerCount = (b >>> 1) ^ -(b & 1);
            p++;
        } else if (p + 1 < limit && (b2 = d[p + 1]) >= 0) {
            b = (b & 0x7F) | (b2 << 7);
            headerCount = (b >>> 1) ^ -(b & 1);
            p += 2;
        } else {
            long v = varint(p, limit, index, "header count");
            headerCount = (int) v;
            p = (int) (v >>> 32);
        }
        if (headerCount == 0) {
            // Stored only if it changes: a reference store into this long-lived reader costs a G1 barrier fence.
            if (headers != NO_HEADERS) {
                headers = NO_HEADERS;
            }
        } else {
            p = readHeaders(p, limit, index, headerCount);
        }
        if (p != limit) {
            throw batch.corrupt("record " + index + ": " + (limit - p) + " bytes left over inside its declared length "
                    + bodyLength);
        }
        position = p;
        read++;
        if (read == count && p != end) {
            throw batch.corrupt((end - p) + " bytes left after the last of " + count + " records");
        }
        offset = baseOffset + offsetDelta;
        // Under LogAppendTime the broker's time replaces every record's own (as in Kafka's DefaultRecord).
        timestamp = logAppendTimeType ? logAppendTime : baseTimestamp + timestampDelta;
    }

    private int readHeaders(int p, int limit, int index, int headerCount) {
        // A header takes at least 2 bytes (key length and value length), so this bounds the array.
        if (headerCount < 0 || headerCount > (limit - p) / 2) {
            throw batch.corrupt("record " + index + ": header count " + headerCount + " does not fit in its "
                    + (limit - p) + " remaining bytes");
        }
        Header[] array = new Header[headerCount];
        for (int i = 0; i < headerCount; i++) {
            long v = varint(p, limit, index, "header key length");
            int keyLen = (int) v;
            p = (int) (v >>> 32);
            if (keyLen < 0 || keyLen > limit - p) {
                throw batch.corrupt("record " + index + ": header " + i + " key length " + keyLen
                        + (keyLen < 0 ? " (header keys cannot be null)" : " past the record's end"));
            }
            String headerKey = new String(data, p, keyLen, StandardCharsets.UTF_8);
            p += keyLen;
            v = varint(p, limit, index, "header value length");
            int valueLen = (int) v;
            p = (int) (v >>> 32);
            if (valueLen < -1 || valueLen > limit - p) {
                throw batch.corrupt("record " + index + ": header " + i + " value length " + valueLen + " but "
                        + (limit - p) + " bytes remain in the record");
            }
            byte[] headerValue = null;
            if (valueLen >= 0) {
                headerValue = Arrays.copyOfRange(data, p, p + valueLen);
                p += valueLen;
            }
            array[i] = new Header(headerKey, headerValue);
        }
        headers = Collections.unmodifiableList(Arrays.asList(array));
        return p;
    }

    /**
     * Reads a zig-zag varint of at most 5 bytes at {@code p}, below {@code limit}.
     *
     * @return the value in the low 32 bits, the position after it in the high 32 bits
     */
    private long varint(int p, int limit, int index, String field) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= limit) {
                throw truncated(index, field);
            }
            byte x = data[p++];
            raw |= (x & 0x7F) << shift;
            if (x >= 0) {
                int value = (raw >>> 1) ^ -(raw & 1);
                return ((long) p << 32) | (value & 0xFFFFFFFFL);
            }
        }
        throw batch.corrupt("record " + index + ": " + field + " varint longer than 5 bytes");
    }

    private CorruptRecordException truncated(int index, String field) {
        return batch.corrupt("record " + index + " of " + count + ": truncated varint (" + field + ")");
    }

    /** The current record's offset: the batch's base offset plus its offset delta. */
    public long offset() {
        return offset;
    }

    /**
     * The current record's timestamp, ms since the epoch: base timestamp plus its delta under {@code CreateTime},
     * the batch's max timestamp under {@code LogAppendTime}; -1 if the producer set none.
     */
    public long timestamp() {
        return timestamp;
    }

    /** The current record's key size in bytes, -1 if the key is null. */
    public int keySize() {
        return keyLength;
    }

    /** The current record's value size in bytes, -1 if the value is null. */
    public int valueSize() {
        return valueLength;
    }

    /** A copy of the current record's key, or null. */
    public byte[] key() {
        return keyLength < 0 ? null : Arrays.copyOfRange(data, keyStart, keyStart + keyLength);
    }

    /** A copy of the current record's value, or null. */
    public byte[] value() {
        return valueLength < 0 ? null : Arrays.copyOfRange(data, valueStart, valueStart + valueLength);
    }

    /**
     * The current record's key decoded as UTF-8 (malformed input replaced), or null: what
     * {@code new String(key(), UTF_8)} gives, without the copy.
     */
    public String keyString() {
        return keyLength < 0 ? null : new String(data, keyStart, keyLength, StandardCharsets.UTF_8);
    }

    /**
     * The current record's value decoded as UTF-8 (malformed input replaced), or null: what
     * {@code new String(value(), UTF_8)} gives, without the copy.
     */
    public String valueString() {
        return valueLength < 0 ? null : new String(data, valueStart, valueLength, StandardCharsets.UTF_8);
    }

    /** The current record's headers, in order; empty if none. Unmodifiable. */
    public List<Header> headers() {
        return headers;
    }

    /** Drops the loaded batch (the array is kept for the next {@link #load}). */
    public void clear() {
        batch = null;
        count = 0;
        read = 0;
        headers = NO_HEADERS;
    }
}
