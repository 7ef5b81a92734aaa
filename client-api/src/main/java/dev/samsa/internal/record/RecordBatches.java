package dev.samsa.internal.record;

import dev.samsa.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a {@code records} field (Produce request, Fetch response: a sequence of record batches) into batches, in
 * one pass, without copying: each {@link RecordBatch} is a view over a slice of the buffer.
 *
 * <p>A batch cut short at the end is not an error: a broker fills a fetch response up to its size limit and may
 * end it with a partial batch (Fetch API, "records" field). Iteration stops before it, and
 * {@link #partialBytes()} tells how many bytes it held (a fetcher that sees only a partial batch must fetch with a
 * larger limit). A complete batch with a bad header (wrong magic, length below the header size) ends in an
 * exception when iteration reaches it, after the batches before it. CRCs are not checked here; see
 * {@link RecordBatch#ensureValid()}.
 *
 * <p>The buffer's indices do not move; it is neither retained nor released. Not thread-safe.
 */
public final class RecordBatches implements Iterator<RecordBatch> {
    private final ByteBuf records;
    private final int start;
    private final int end;
    private int position;

    private RecordBatches(ByteBuf records, int end) {
        this.records = records;
        this.start = records.readerIndex();
        this.end = end;
        this.position = start;
    }

    /** Iterates over the batches in {@code records}' readable bytes. */
    public static RecordBatches of(ByteBuf records) {
        return new RecordBatches(records, records.writerIndex());
    }

    /**
     * Iterates over the batches in the first {@code length} of {@code records}' readable bytes: for a caller that
     * walked the headers once already ({@link #position()} at the end of that walk) and now reads exactly the
     * complete batches found.
     *
     * @throws IllegalArgumentException if {@code length} is negative or more than the readable bytes
     */
    public static RecordBatches of(ByteBuf records, int length) {
        if (length < 0 || length > records.readableBytes()) {
            throw new IllegalArgumentException("length " + length + " outside the " + records.readableBytes()
                    + " readable bytes");
        }
        return new RecordBatches(records, records.readerIndex() + length);
    }

    /** An {@link Iterable} over the batches, for for-each loops; each iterator is a fresh pass. */
    public static Iterable<RecordBatch> iterable(ByteBuf records) {
        return () -> of(records);
    }

    /**
     * Whether a complete batch follows.
     *
     * @throws CorruptRecordException if the next batch's length field is below the minimum batch size
     */
    @Override
    public boolean hasNext() {
        int remaining = end - position;
        if (remaining < RecordBatch.HEADER_SIZE_UP_TO_MAGIC) {
            return false;
        }
        int length = records.getInt(position + RecordBatch.LENGTH_OFFSET);
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD) {
            byte magic = records.getByte(position + RecordBatch.MAGIC_OFFSET);
            long baseOffset = records.getLong(position);
            if (magic != RecordBatch.MAGIC) {
                throw new UnsupportedMagicException(baseOffset, magic);
            }
            throw new CorruptRecordException("record batch at base offset " + baseOffset + ": length " + length
                    + " is below the minimum " + (RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD));
        }
        return length <= remaining - RecordBatch.LOG_OVERHEAD;
    }

    /**
     * The next complete batch.
     *
     * @throws UnsupportedMagicException if its magic is not 2
     * @throws CorruptRecordException as {@link #hasNext()}
     * @throws NoSuchElementException if no complete batch follows
     */
    @Override
    public RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        // hasNext() checked the length: one slice of exactly this batch (RecordBatch.wrap would slice again).
        int size = records.getInt(position + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
        RecordBatch batch = RecordBatch.wrapExact(records.slice(position, size));
        position += size;
        return batch;
    }

    /** Bytes consumed by the batches returned so far. */
    public int position() {
        return position - start;
    }

    /**
     * Once {@link #hasNext()} is false: the bytes of the trailing partial batch (0 if the field ended exactly at a
     * batch boundary).
     */
    public int partialBytes() {
        return end - position;
    }
}
