package dev.samsa.internal.record;

import dev.samsa.common.Header;
import dev.samsa.consumer.TimestampType;

import dev.samsa.errors.CorruptRecordException;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Iterates over the records of one batch, in order, parsing each as {@link #next()} reaches it. Each record is
 * checked: its length must cover exactly its fields, every length inside it must fit, and the batch's record count
 * must match the data (no missing records, no bytes after the last). For a compressed batch the iterator holds the
 * decompressed records in a pooled buffer: {@link #close()} releases it, after which the key and value slices of
 * the records it returned must no longer be used. Not thread-safe.
 *
 * <p>Record layout (zig-zag varints marked v): {@code length(v) attributes(int8) timestampDelta(v, 64-bit)
 * offsetDelta(v) keyLength(v) key valueLength(v) value headerCount(v) [headerKeyLength(v) headerKey
 * headerValueLength(v) headerValue]*}; a length of -1 means null.
 */
public final class RecordIterator implements Iterator<Record>, AutoCloseable {
    private final RecordBatch batch;
    private final ByteBuf data;
    private final boolean ownsData;
    private final ByteBuf cursor;
    private final int end;
    private final int count;
    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTimeType;
    private final long logAppendTime;
    private final int baseSequence;
    private int read;
    private boolean closed;

    RecordIterator(RecordBatch batch, ByteBuf data, int start, int end, boolean ownsData) {
        this.batch = batch;
        this.data = data;
        this.ownsData = ownsData;
        this.end = end - start;
        this.count = batch.recordCount();
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTimeType = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
        // A slice, not duplicate() + setIndex: a duplicate of a pooled slice indexes the root buffer, not the slice.
        this.cursor = data.slice(start, end - start);
        int available = end - start;
        if (count < 0 || count > available / RecordBatch.MIN_RECORD_SIZE) {
            release();
            throw batch.corrupt("record count " + count + " does not fit in the " + available
                    + " bytes of records (each record takes at least " + RecordBatch.MIN_RECORD_SIZE + ")");
        }
        if (count == 0 && available > 0) {
            release();
            throw batch.corrupt("record count 0 but " + available + " bytes of records");
        }
    }

    /** The number of records the batch declares. */
    public int recordCount() {
        return count;
    }

    /** Whether records remain, by the batch's record count (no bytes are parsed). */
    @Override
    public boolean hasNext() {
        return read < count;
    }

    /**
     * Parses the next record.
     *
     * @throws CorruptRecordException if the record is malformed, or it is the last one and bytes remain after it;
     *         the iterator is of no further use then (close it)
     * @throws NoSuchElementException if every record was read
     * @throws IllegalStateException if the iterator was closed
     */
    @Override
    public Record next() {
        if (closed) {
            throw new IllegalStateException("record iterator closed");
        }
        if (read >= count) {
            throw new NoSuchElementException();
        }
        int index = read;
        Record record;
        try {
            record = readRecord(index);
        } catch (ProtocolException e) {
            throw batch.corrupt("record " + index + " of " + count + ": " + e.getMessage(), e);
        }
        read++;
        if (read == count && cursor.isReadable()) {
            throw batch.corrupt(cursor.readableBytes() + " bytes left after the last of " + count + " records");
        }
        return record;
    }

    private Record readRecord(int index) {
        int start = cursor.readerIndex();
        int bodyLength = ByteBufs.readVarint(cursor);
        if (bodyLength < 0 || bodyLength > cursor.readableBytes()) {
            throw batch.corrupt("record " + index + " of " + count + ": length " + bodyLength + " but "
                    + cursor.readableBytes() + " bytes remain");
        }
        int recordEnd = cursor.readerIndex() + bodyLength;
        // Bound every read of this record by its own length: a field that runs past it is an error, not the next
        // record's bytes.
        cursor.writerIndex(recordEnd);
        if (!cursor.isReadable()) {
            throw batch.corrupt("record " + index + ": length 0");
        }
        cursor.skipBytes(1); // attributes: no bits defined for records
        long timestampDelta = ByteBufs.readVarlong(cursor);
        int offsetDelta = ByteBufs.readVarint(cursor);
        ByteBuf key = readBytes(index, "key");
        ByteBuf value = readBytes(index, "value");
        int headerCount = ByteBufs.readVarint(cursor);
        List<Header> headers;
        if (headerCount == 0) {
            headers = List.of();
        } else {
            // A header takes at least 2 bytes (key length and value length), so this bounds the array.
            if (headerCount < 0 || headerCount > cursor.readableBytes() / 2) {
                throw batch.corrupt("record " + index + ": header count " + headerCount + " does not fit in its "
                        + cursor.readableBytes() + " remaining bytes");
            }
            Header[] array = new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                int keyLength = ByteBufs.readVarint(cursor);
                if (keyLength < 0 || keyLength > cursor.readableBytes()) {
                    throw batch.corrupt("record " + index + ": header " + i + " key length " + keyLength
                            + (keyLength < 0 ? " (header keys cannot be null)" : " past the record's end"));
                }
                String headerKey = cursor.toString(cursor.readerIndex(), keyLength, StandardCharsets.UTF_8);
                cursor.skipBytes(keyLength);
                int valueLength = ByteBufs.readVarint(cursor);
                if (valueLength < -1 || valueLength > cursor.readableBytes()) {
                    throw batch.corrupt("record " + index + ": header " + i + " value length " + valueLength
                            + " but " + cursor.readableBytes() + " bytes remain in the record");
                }
                byte[] headerValue = null;
                if (valueLength >= 0) {
                    headerValue = new byte[valueLength];
                    cursor.readBytes(headerValue);
                }
                array[i] = new Header(headerKey, headerValue);
            }
            headers = Collections.unmodifiableList(Arrays.asList(array));
        }
        if (cursor.isReadable()) {
            throw batch.corrupt("record " + index + ": " + cursor.readableBytes()
                    + " bytes left over inside its declared length " + bodyLength);
        }
        cursor.writerIndex(end);
        // Under LogAppendTime the broker's time replaces every record's own (as in Kafka's DefaultRecord).
        long timestamp = logAppendTimeType ? logAppendTime : baseTimestamp + timestampDelta;
        return new Record(baseOffset + offsetDelta, timestamp,
                RecordBatch.incrementSequence(baseSequence, offsetDelta), key, value, headers, recordEnd - start);
    }

    private ByteBuf readBytes(int index, String field) {
        int length = ByteBufs.readVarint(cursor);
        if (length == -1) {
            return null;
        }
        if (length < -1 || length > cursor.readableBytes()) {
            throw batch.corrupt("record " + index + ": " + field + " length " + length + " but "
                    + cursor.readableBytes() + " bytes remain in the record");
        }
        ByteBuf slice = cursor.slice(cursor.readerIndex(), length);
        cursor.skipBytes(length);
        return slice;
    }

    /** Releases the decompressed records, if any. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    private void release() {
        if (ownsData) {
            data.release();
        }
    }
}
