package dev.samsa.internal.record;

import dev.samsa.common.Header;

import static dev.samsa.internal.record.RecordBatch.ATTRIBUTES_OFFSET;
import static dev.samsa.internal.record.RecordBatch.BASE_OFFSET_OFFSET;
import static dev.samsa.internal.record.RecordBatch.BASE_SEQUENCE_OFFSET;
import static dev.samsa.internal.record.RecordBatch.BASE_TIMESTAMP_OFFSET;
import static dev.samsa.internal.record.RecordBatch.CONTROL_MASK;
import static dev.samsa.internal.record.RecordBatch.HEADER_SIZE;
import static dev.samsa.internal.record.RecordBatch.LAST_OFFSET_DELTA_OFFSET;
import static dev.samsa.internal.record.RecordBatch.LENGTH_OFFSET;
import static dev.samsa.internal.record.RecordBatch.LOG_OVERHEAD;
import static dev.samsa.internal.record.RecordBatch.MAGIC_OFFSET;
import static dev.samsa.internal.record.RecordBatch.MAX_TIMESTAMP_OFFSET;
import static dev.samsa.internal.record.RecordBatch.PARTITION_LEADER_EPOCH_OFFSET;
import static dev.samsa.internal.record.RecordBatch.PRODUCER_EPOCH_OFFSET;
import static dev.samsa.internal.record.RecordBatch.PRODUCER_ID_OFFSET;
import static dev.samsa.internal.record.RecordBatch.RECORDS_COUNT_OFFSET;
import static dev.samsa.internal.record.RecordBatch.TIMESTAMP_TYPE_MASK;
import static dev.samsa.internal.record.RecordBatch.TRANSACTIONAL_MASK;

import dev.samsa.common.CompressionType;
import dev.samsa.consumer.TimestampType;
import dev.samsa.internal.protocol.ByteBufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Writes one record batch of format v2 (magic 2) into a buffer from a (typically pooled) allocator: set the header
 * fields, {@link #append} records, then {@link #build()} fills in the length, counts, timestamps and CRC32C and
 * hands over the finished batch. See {@link RecordBatch} for the layout.
 *
 * <p>Uncompressed records are written straight into the batch buffer: an append allocates nothing on the heap
 * beyond what the caller passed in. Compressed records are written uncompressed into a pooled scratch buffer and
 * compressed as a whole by {@link #build()} from that buffer into the batch buffer (lz4 block by block in place;
 * gzip, snappy and zstd through their libraries' streams, whose buffers snappy-java and zstd-jni recycle); the
 * scratch buffer goes back to the pool.
 *
 * <p>Header fields may be set at any time before {@link #build()} (a producer learns its producer id, epoch and
 * sequence only when it drains the batch). {@link #estimatedSizeInBytes()} and {@link #hasRoomFor} let a producer
 * close a batch at {@code batch.size}.
 *
 * <p>Owns its buffers until {@link #build()} hands the batch over; {@link #close()} releases them if the batch is
 * abandoned. Not thread-safe.
 */
public final class RecordBatchBuilder implements AutoCloseable {
    /** The initial size of {@link #scratch}: room for a record of about 100 bytes, the common size. */
    private static final int SCRATCH_MIN = 160;
    /** Larger records are written field by field: their bytes dwarf the per-write overhead the scratch saves. */
    private static final int SCRATCH_MAX = 4096;

    private final ByteBufAllocator alloc;
    /** Where a compressed batch takes its buffers from and gives the scratch buffer back to, or null. */
    private final Buffers buffers;
    /** Whether {@link #records} came from {@link #buffers} (then it goes back there, else it is released). */
    private final boolean recordsFromBuffers;
    private final CompressionType compression;
    private final int level;
    /** The batch; for uncompressed batches also where records go. Null once built or closed. */
    private ByteBuf batch;
    /** Where records are written: the batch, or the scratch buffer of a compressed batch. */
    private ByteBuf records;
    /**
     * {@link #records} as record bytes are written to it: the same buffer, or the buffer inside a leak detector's
     * sampling wrapper ({@link ByteBufs#withoutSamplingLeakWrapper}). The builder still owns, hands over and releases
     * {@link #records}.
     */
    private ByteBuf writer;
    private final int recordsStart;
    /**
     * Bytes of records written so far, kept here rather than asked of {@code records}: the producer reads the size
     * several times per record, and a buffer call there is a type check on the buffer's class (a leak detector's
     * sampled wrapper is a second class) that deoptimised the producer's send path when the wrapper turned up.
     */
    private int recordsSize;

    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;
    private float estimatedCompressionRatio = 1.0f;

    private int count;
    private long baseTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean built;
    private int builtSize = -1;
    private float compressionRatio = 1.0f;
    /**
     * Where {@link #tryAppend} assembles a header-less record of at most {@link #SCRATCH_MAX} bytes (length, fields,
     * key, value, header count) before one write into the buffer; grown on demand, so a batch of small records keeps
     * one small array.
     */
    private byte[] scratch = new byte[SCRATCH_MIN];

    /**
     * A builder for a batch compressed with {@code compression} at its default level.
     *
     * @param alloc           where the batch (and, for compressed batches, the scratch buffer) come from
     * @param compression     the codec
     * @param initialCapacity the bytes to reserve at first, typically {@code batch.size}; buffers grow as needed
     */
    public RecordBatchBuilder(ByteBufAllocator alloc, CompressionType compression, int initialCapacity) {
        this(alloc, compression, compression.hasLevels() ? compression.defaultLevel() : 0, initialCapacity);
    }

    /**
     * A builder for a batch compressed with {@code compression} at {@code level}.
     *
     * @param level the codec's level ({@code compression.gzip.level} etc., KIP-390); ignored for {@code none} and
     *              {@code snappy}
     * @throws IllegalArgumentException if the level is out of the codec's range or {@code initialCapacity} is
     *         negative
     */
    public RecordBatchBuilder(ByteBufAllocator alloc, CompressionType compression, int level, int initialCapacity) {
        this(alloc, compression, level, initialCapacity, null);
    }

    /**
     * A producer's recycled batch buffers, for {@link #RecordBatchBuilder(ByteBufAllocator, CompressionType, int, int,
     * Buffers)}: a batch is built by the sending thread and freed by the I/O thread, so a buffer from the pooled
     * allocator never comes back to the cache of the thread that took it. Must be thread-safe if builders on several
     * threads share it.
     */
    public interface Buffers {
        /** An exclusively owned, empty buffer (reference count 1) of at least {@code minCapacity} bytes. */
        ByteBuf take(int minCapacity);

        /** Takes back a buffer the caller owns and no longer uses: kept for a later {@link #take}, or released. */
        void recycle(ByteBuf buffer);
    }

    /**
     * A builder for a batch compressed with {@code compression} at {@code level} that takes its buffers from
     * {@code buffers} rather than from {@code alloc}: the compressed batch (owned by the caller once built, as
     * usual) and, for lz4, the buffer the records are written to uncompressed, which goes back to {@code buffers}
     * once compressed. Otherwise as {@link #RecordBatchBuilder(ByteBufAllocator, CompressionType, int, int)}.
     *
     * @param buffers where the buffers come from, or null to allocate them from {@code alloc}; unused by
     *                uncompressed batches
     */
    public RecordBatchBuilder(ByteBufAllocator alloc, CompressionType compression, int level, int initialCapacity,
            Buffers buffers) {
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.buffers = buffers;
        this.compression = Objects.requireNonNull(compression, "compression");
        this.level = compression.hasLevels() ? compression.checkLevel(level) : 0;
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity: " + initialCapacity + " (expected >= 0)");
        }
        if (compression == CompressionType.NONE) {
            recordsFromBuffers = false;
            batch = alloc.buffer(Math.max(initialCapacity, HEADER_SIZE));
            batch.writerIndex(HEADER_SIZE); // the header is written by build()
            records = batch;
            recordsStart = HEADER_SIZE;
        } else {
            // The stream codecs read byte arrays, so give them one; lz4 reads any buffer in place.
            recordsFromBuffers = buffers != null && compression == CompressionType.LZ4;
            records = recordsFromBuffers ? buffers.take(initialCapacity)
                    : compression == CompressionType.LZ4 ? alloc.buffer(initialCapacity)
                    : alloc.heapBuffer(initialCapacity);
            recordsStart = 0;
        }
        writer = ByteBufs.withoutSamplingLeakWrapper(records);
    }

    /**
     * A builder for an uncompressed batch written into {@code buffer}, whose contents are discarded: a producer hands
     * in a recycled batch buffer instead of allocating one per batch. The builder owns the buffer from here on, as
     * one it allocated itself ({@link #build()} hands it over, {@link #close()} releases it).
     *
     * @param alloc  unused by uncompressed batches; kept so that every builder knows its allocator
     * @param buffer an exclusively owned buffer (reference count 1); grown if the records need more room
     * @throws IllegalArgumentException if the buffer is shared (reference count other than 1)
     */
    public RecordBatchBuilder(ByteBufAllocator alloc, ByteBuf buffer) {
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.buffers = null;
        this.recordsFromBuffers = false;
        this.compression = CompressionType.NONE;
        this.level = 0;
        if (buffer.refCnt() != 1) {
            throw new IllegalArgumentException("batch buffer reference count: " + buffer.refCnt() + " (expected 1)");
        }
        batch = buffer.clear().ensureWritable(HEADER_SIZE);
        batch.writerIndex(HEADER_SIZE); // the header is written by build()
        records = batch;
        recordsStart = HEADER_SIZE;
        writer = ByteBufs.withoutSamplingLeakWrapper(records);
    }

    /** The offset of the first record; default 0 (producers send 0 and the broker assigns the real one). */
    public RecordBatchBuilder baseOffset(long baseOffset) {
        checkOpen();
        this.baseOffset = baseOffset;
        return this;
    }

    /** The partition leader epoch (KIP-101); default -1, as producers send. */
    public RecordBatchBuilder partitionLeaderEpoch(int partitionLeaderEpoch) {
        checkOpen();
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /**
     * The idempotent or transactional producer's identity and the first record's sequence number (KIP-98);
     * default -1, -1, -1 (no idempotence).
     */
    public RecordBatchBuilder producerState(long producerId, short producerEpoch, int baseSequence) {
        checkOpen();
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** Marks the batch as part of a transaction; default false. */
    public RecordBatchBuilder transactional(boolean transactional) {
        checkOpen();
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as holding control records (see {@link #appendEndTransactionMarker}); default false. */
    public RecordBatchBuilder control(boolean control) {
        checkOpen();
        this.control = control;
        return this;
    }

    /**
     * Makes the batch {@code LogAppendTime}, stamped with {@code logAppendTimeMs} as its max timestamp (what a
     * broker does for such topics); records keep their own timestamp deltas, which readers then ignore.
     *
     * @throws IllegalArgumentException if {@code logAppendTimeMs} is negative
     */
    public RecordBatchBuilder logAppendTime(long logAppendTimeMs) {
        checkOpen();
        if (logAppendTimeMs < 0) {
            throw new IllegalArgumentException("logAppendTime: " + logAppendTimeMs + " ms (expected >= 0)");
        }
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = logAppendTimeMs;
        return this;
    }

    /** Makes the batch {@code CreateTime}, the default: its max timestamp is the largest record timestamp. */
    public RecordBatchBuilder createTime() {
        checkOpen();
        this.timestampType = TimestampType.CREATE_TIME;
        this.logAppendTime = RecordBatch.NO_TIMESTAMP;
        return this;
    }

    /**
     * The expected ratio of compressed to uncompressed record bytes, used by {@link #estimatedSizeInBytes()} for
     * compressed batches; default 1.0. A producer feeds back {@link #compressionRatio()} of earlier batches.
     *
     * @throws IllegalArgumentException if not positive
     */
    public RecordBatchBuilder estimatedCompressionRatio(float ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("estimatedCompressionRatio: " + ratio + " (expected > 0)");
        }
        this.estimatedCompressionRatio = ratio;
        return this;
    }

    /** The codec the records will be compressed with (fixed at construction). */
    public CompressionType compressionType() {
        return compression;
    }

    /** {@code CreateTime} unless {@link #logAppendTime(long)} was called. */
    public TimestampType timestampType() {
        return timestampType;
    }

    /** The number of records appended. */
    public int recordCount() {
        return count;
    }

    /** Whether no record was appended yet. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Bytes of records appended so far, uncompressed. */
    public int uncompressedRecordsSizeInBytes() {
        return records == null ? 0 : recordsSize;
    }

    /**
     * The size the batch will have once built, in bytes: exact for uncompressed batches, the header plus the
     * uncompressed records times {@link #estimatedCompressionRatio(float)} for compressed ones, the exact size once
     * built.
     */
    public int estimatedSizeInBytes() {
        if (builtSize >= 0) {
            return builtSize;
        }
        int uncompressed = uncompressedRecordsSizeInBytes();
        if (compression == CompressionType.NONE) {
            return HEADER_SIZE + uncompressed;
        }
        return HEADER_SIZE + (int) Math.ceil(uncompressed * (double) estimatedCompressionRatio);
    }

    /**
     * The exact encoded size in bytes (with its length prefix) of the record that {@code append} would write next
     * with these arguments; sizes are -1 for null.
     */
    public int nextRecordSizeInBytes(long timestampMs, int keySize, int valueSize, Header[] headers) {
        int body = bodySize(timestampDelta(timestampMs), count, keySize, valueSize, headers);
        return ByteBufs.sizeOfVarint(body) + body;
    }

    /**
     * Whether a record of these sizes (-1 for null) fits within {@code limitBytes}, by the estimate of
     * {@link #estimatedSizeInBytes()}. An empty batch has room for any record, as in Kafka: a record larger than
     * {@code batch.size} travels alone. False once the batch is built or closed.
     */
    public boolean hasRoomFor(long timestampMs, int keySize, int valueSize, Header[] headers, int limitBytes) {
        if (built) {
            return false;
        }
        if (count == 0) {
            return true;
        }
        int next = nextRecordSizeInBytes(timestampMs, keySize, valueSize, headers);
        double ratio = compression == CompressionType.NONE ? 1.0 : estimatedCompressionRatio;
        return estimatedSizeInBytes() + (long) Math.ceil(next * ratio) <= limitBytes;
    }

    /**
     * Appends a record if it fits within {@code limitBytes} by the estimate of {@link #estimatedSizeInBytes()} (an
     * empty batch takes any record): {@link #hasRoomFor} and {@link #append(long, byte[], byte[], Header[])} in one
     * step, sizing the record once (the producer's per-record path).
     *
     * @return the record's offset delta, or -1 if it does not fit or the batch was built or closed
     * @throws IllegalArgumentException as {@link #append(long, byte[], byte[], Header[])}
     */
    public int tryAppend(long timestampMs, byte[] key, byte[] value, Header[] headers, int limitBytes) {
        if (built) {
            return -1;
        }
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        int body;
        int next;
        if (count == 0) {
            // An empty batch takes any record. A header-less one goes the common way below, the batch's first
            // record too, so that the field-by-field path runs only for records with headers or no timestamp.
            if (headers != null || timestampMs < 0) {
                return append(timestampMs, key, value, headers);
            }
            baseTimestamp = timestampMs;
            body = bodySize(0, 0, keySize, valueSize, null);
            next = ByteBufs.sizeOfVarint(body) + body;
        } else {
            body = bodySize(timestampMs - baseTimestamp, count, keySize, valueSize, headers);
            next = ByteBufs.sizeOfVarint(body) + body;
            long after = compression == CompressionType.NONE ? (long) estimatedSizeInBytes() + next
                    : estimatedSizeInBytes() + (long) Math.ceil(next * (double) estimatedCompressionRatio);
            if (after > limitBytes) {
                return -1;
            }
            if (headers != null || timestampMs < 0 || count == Integer.MAX_VALUE) {
                ByteBuf out = beginRecord(timestampMs, body);
                writeKeyValue(out, key, keySize, value, valueSize);
                writeHeaders(out, headers);
                return endRecord(timestampMs);
            }
        }
        if (next <= SCRATCH_MAX) {
            // The producer's common record: no headers, small. Assembled whole in one array and copied into the
            // buffer with one write: each buffer write costs bounds, reference count and capacity checks.
            byte[] a = scratch;
            if (a.length < next) {
                a = scratch = new byte[Math.min(SCRATCH_MAX, Math.max(next, 2 * a.length))];
            }
            int n = putVarint(a, 0, body);
            a[n++] = 0; // record attributes: none defined
            n = putTimestampDelta(a, n, timestampMs - baseTimestamp);
            n = putVarint(a, n, count);
            n = putVarint(a, n, keySize);
            if (key != null) {
                System.arraycopy(key, 0, a, n, keySize);
                n += keySize;
            }
            n = putVarint(a, n, valueSize);
            if (value != null) {
                System.arraycopy(value, 0, a, n, valueSize);
                n += valueSize;
            }
            a[n++] = 0; // header count: varint 0
            writer.writeBytes(a, 0, n);
            return endRecord(timestampMs, n);
        }
        // A large header-less record: its varint fields go through the scratch array, key and value straight in.
        byte[] head = scratch;
        int n = putVarint(head, 0, body);
        head[n++] = 0; // record attributes: none defined
        n = putTimestampDelta(head, n, timestampMs - baseTimestamp);
        n = putVarint(head, n, count);
        n = putVarint(head, n, keySize);
        ByteBuf out = writer;
        out.ensureWritable(next);
        if (key == null) {
            n = putVarint(head, n, valueSize);
            out.writeBytes(head, 0, n);
        } else {
            out.writeBytes(head, 0, n);
            out.writeBytes(key);
            n = putVarint(head, 0, valueSize);
            out.writeBytes(head, 0, n);
        }
        if (value != null) {
            out.writeBytes(value);
        }
        out.writeByte(0); // header count: varint 0
        return endRecord(timestampMs, next);
    }

    /** Writes {@code value} zig-zag encoded as a varint at {@code pos}; returns the position after it. */
    private static int putVarint(byte[] a, int pos, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFFFF80) != 0) {
            a[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[pos++] = (byte) v;
        return pos;
    }

    /**
     * Writes a record's timestamp delta (a varlong) at {@code pos}; returns the position after it. A delta that fits
     * in an int (24 days) has the same encoding as a varint, and goes through {@link #putVarint}: that loop's branch
     * profile is shared with the record's size, key and value lengths, so it has seen multi-byte values. The
     * delta's own loop had only seen 1-byte deltas (under 64 ms) when C2 compiled the append path, so the first
     * record 64 ms or more after its batch's first one deoptimised it (about every 100 B producer run).
     */
    private static int putTimestampDelta(byte[] a, int pos, long delta) {
        return delta == (int) delta ? putVarint(a, pos, (int) delta) : putVarlong(a, pos, delta);
    }

    /** Writes {@code value} zig-zag encoded as a varlong at {@code pos}; returns the position after it. */
    private static int putVarlong(byte[] a, int pos, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            a[pos++] = (byte) (((int) v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[pos++] = (byte) v;
        return pos;
    }

    private static void writeKeyValue(ByteBuf out, byte[] key, int keySize, byte[] value, int valueSize) {
        ByteBufs.writeVarint(out, keySize);
        if (key != null) {
            out.writeBytes(key);
        }
        ByteBufs.writeVarint(out, valueSize);
        if (value != null) {
            out.writeBytes(value);
        }
    }

    /** Appends a record with no headers. See {@link #append(long, byte[], byte[], Header[])}. */
    public int append(long timestampMs, byte[] key, byte[] value) {
        return append(timestampMs, key, value, null);
    }

    /**
     * Appends a record.
     *
     * @param timestampMs ms since the epoch, or -1 for none
     * @param key         the key, or null
     * @param value       the value, or null
     * @param headers     the headers, or null for none
     * @return the record's offset delta (its offset is the base offset plus this)
     * @throws IllegalArgumentException if the timestamp is negative but not -1, or a header is null
     * @throws IllegalStateException if the batch was built or closed, or holds {@code Integer.MAX_VALUE} records
     */
    public int append(long timestampMs, byte[] key, byte[] value, Header[] headers) {
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        ByteBuf out = beginRecord(timestampMs, keySize, valueSize, headers);
        writeKeyValue(out, key, keySize, value, valueSize);
        writeHeaders(out, headers);
        return endRecord(timestampMs);
    }

    /**
     * Appends a record whose key and value are the readable bytes of buffers (copied; their indices do not move
     * and they are not released). Otherwise as {@link #append(long, byte[], byte[], Header[])}.
     */
    public int append(long timestampMs, ByteBuf key, ByteBuf value, Header[] headers) {
        int keySize = key == null ? -1 : key.readableBytes();
        int valueSize = value == null ? -1 : value.readableBytes();
        ByteBuf out = beginRecord(timestampMs, keySize, valueSize, headers);
        ByteBufs.writeVarint(out, keySize);
        if (key != null) {
            out.writeBytes(key, key.readerIndex(), keySize);
        }
        ByteBufs.writeVarint(out, valueSize);
        if (value != null) {
            out.writeBytes(value, value.readerIndex(), valueSize);
        }
        writeHeaders(out, headers);
        return endRecord(timestampMs);
    }

    /**
     * Appends a transaction marker (KIP-98): a control record whose key is {@code version 0, type} and whose value
     * is {@code version 0, coordinatorEpoch}. The batch must be {@link #control(boolean) control} and
     * {@link #transactional(boolean) transactional}; a broker writes the marker alone in its batch.
     *
     * @return the record's offset delta
     * @throws IllegalStateException if the batch is not marked control and transactional
     */
    public int appendEndTransactionMarker(long timestampMs, EndTransactionMarker marker) {
        if (!control || !transactional) {
            throw new IllegalStateException("a transaction marker belongs in a control, transactional batch");
        }
        ByteBuf out = beginRecord(timestampMs, ControlRecordType.KEY_SIZE, EndTransactionMarker.VALUE_SIZE, null);
        ByteBufs.writeVarint(out, ControlRecordType.KEY_SIZE);
        out.writeShort(ControlRecordType.CURRENT_KEY_VERSION);
        out.writeShort(marker.type().id());
        ByteBufs.writeVarint(out, EndTransactionMarker.VALUE_SIZE);
        out.writeShort(EndTransactionMarker.CURRENT_VERSION);
        out.writeInt(marker.coordinatorEpoch());
        writeHeaders(out, null);
        return endRecord(timestampMs);
    }

    /**
     * Finishes the batch: compresses the records if needed, writes the header (length, attributes, last offset
     * delta, timestamps, producer state, record count) and the CRC32C over attributes through the end, and hands
     * over the buffer. The caller owns the result, a buffer whose readable bytes are exactly the batch, and
     * releases it. The builder is spent afterwards.
     *
     * @throws IllegalStateException if no record was appended (Kafka writes no empty batches from a producer) or
     *         the batch was built or closed
     */
    public ByteBuf build() {
        checkOpen();
        if (count == 0) {
            throw new IllegalStateException("no records appended to the batch");
        }
        int uncompressedSize = uncompressedRecordsSizeInBytes();
        if (compression != CompressionType.NONE) {
            int capacity = HEADER_SIZE + RecordCompression.initialCapacity(compression, level, uncompressedSize);
            batch = buffers != null ? buffers.take(capacity) : alloc.buffer(capacity);
            boolean done = false;
            try {
                batch.writerIndex(HEADER_SIZE);
                RecordCompression.compress(compression, level, records, recordsStart, uncompressedSize, batch);
                done = true;
            } finally {
                releaseRecords();
                records = null;
                writer = null;
                if (!done) {
                    batch.release();
                    batch = null;
                }
            }
        }
        ByteBuf out = batch;
        int size = out.writerIndex();
        if (compression != CompressionType.NONE) {
            compressionRatio = (float) (size - HEADER_SIZE) / uncompressedSize;
        }
        int attributes = compression.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            attributes |= TRANSACTIONAL_MASK;
        }
        if (control) {
            attributes |= CONTROL_MASK;
        }
        // The header goes in as one array of bytes (the CRC's place left zero until writeChecksum): twelve setX calls
        // on the buffer each inlined their own bounds and access checks, about half of this method's compiled code.
        byte[] header = new byte[HEADER_SIZE];
        putLong(header, BASE_OFFSET_OFFSET, baseOffset);
        putInt(header, LENGTH_OFFSET, size - LOG_OVERHEAD);
        putInt(header, PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        header[MAGIC_OFFSET] = RecordBatch.MAGIC;
        putShort(header, ATTRIBUTES_OFFSET, attributes);
        putInt(header, LAST_OFFSET_DELTA_OFFSET, count - 1);
        putLong(header, BASE_TIMESTAMP_OFFSET, baseTimestamp);
        putLong(header, MAX_TIMESTAMP_OFFSET,
                timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp);
        putLong(header, PRODUCER_ID_OFFSET, producerId);
        putShort(header, PRODUCER_EPOCH_OFFSET, producerEpoch);
        putInt(header, BASE_SEQUENCE_OFFSET, baseSequence);
        putInt(header, RECORDS_COUNT_OFFSET, count);
        out.setBytes(0, header);
        RecordBatch.writeChecksum(out, 0);
        batch = null;
        records = null;
        writer = null;
        built = true;
        builtSize = size;
        return out;
    }

    /** Big-endian, as Kafka's batch header. */
    private static void putLong(byte[] b, int i, long v) {
        putInt(b, i, (int) (v >>> 32));
        putInt(b, i + 4, (int) v);
    }

    private static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    private static void putShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    /**
     * After {@link #build()}: compressed record bytes over uncompressed record bytes (1.0 for uncompressed
     * batches), for the producer's compression ratio estimate.
     *
     * @throws IllegalStateException if the batch is not built yet
     */
    public float compressionRatio() {
        if (!built) {
            throw new IllegalStateException("batch not built yet");
        }
        return compressionRatio;
    }

    /** Releases the buffers if the batch was not built. Idempotent; the builder is spent afterwards. */
    @Override
    public void close() {
        if (batch != null) {
            batch.release();
        }
        if (records != null && records != batch) {
            releaseRecords();
        }
        batch = null;
        records = null;
        writer = null;
        built = true;
    }

    private ByteBuf beginRecord(long timestampMs, int keySize, int valueSize, Header[] headers) {
        long base = count == 0 ? timestampMs : baseTimestamp;
        return beginRecord(timestampMs, bodySize(timestampMs - base, count, keySize, valueSize, headers));
    }

    /** Writes the record's length and fields up to its offset delta; {@code body} is its size without the length. */
    private ByteBuf beginRecord(long timestampMs, int body) {
        checkOpen();
        if (timestampMs < 0 && timestampMs != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("record timestamp: " + timestampMs + " ms (expected >= 0, or -1 for "
                    + "none)");
        }
        if (count == Integer.MAX_VALUE) {
            throw new IllegalStateException("record batch holds " + count + " records, the most its offset deltas "
                    + "can address");
        }
        if (count == 0) {
            baseTimestamp = timestampMs;
        }
        long timestampDelta = timestampMs - baseTimestamp;
        ByteBuf out = writer;
        out.ensureWritable(ByteBufs.sizeOfVarint(body) + body);
        ByteBufs.writeVarint(out, body);
        out.writeByte(0); // record attributes: none defined
        ByteBufs.writeVarlong(out, timestampDelta);
        ByteBufs.writeVarint(out, count);
        return out;
    }

    /** Counts a record written through {@link #beginRecord}, reading the bytes it took from the buffer. */
    private int endRecord(long timestampMs) {
        return endRecord(timestampMs, writer.writerIndex() - recordsStart - recordsSize);
    }

    /** Counts a record of {@code bytes} bytes (with its length prefix) just written. */
    private int endRecord(long timestampMs, int bytes) {
        recordsSize += bytes;
        if (timestampMs > maxTimestamp) {
            maxTimestamp = timestampMs;
        }
        return count++;
    }

    private long timestampDelta(long timestampMs) {
        return count == 0 ? 0 : timestampMs - baseTimestamp;
    }

    private static int bodySize(long timestampDelta, int offsetDelta, int keySize, int valueSize, Header[] headers) {
        int size = 1 // attributes
                + ByteBufs.sizeOfVarlong(timestampDelta)
                + ByteBufs.sizeOfVarint(offsetDelta)
                + ByteBufs.sizeOfVarint(keySize) + Math.max(keySize, 0)
                + ByteBufs.sizeOfVarint(valueSize) + Math.max(valueSize, 0);
        if (headers == null) {
            return size + 1;
        }
        size += ByteBufs.sizeOfVarint(headers.length);
        for (Header header : headers) {
            if (header == null) {
                throw new IllegalArgumentException("null record header");
            }
            int keyLength = ByteBufs.utf8Length(header.key());
            byte[] value = header.value();
            int valueLength = value == null ? -1 : value.length;
            size += ByteBufs.sizeOfVarint(keyLength) + keyLength + ByteBufs.sizeOfVarint(valueLength)
                    + Math.max(valueLength, 0);
        }
        return size;
    }

    private static void writeHeaders(ByteBuf out, Header[] headers) {
        if (headers == null) {
            out.writeByte(0); // varint 0
            return;
        }
        ByteBufs.writeVarint(out, headers.length);
        for (Header header : headers) {
            ByteBufs.writeVarint(out, ByteBufs.utf8Length(header.key()));
            ByteBufs.writeUtf8(out, header.key());
            byte[] value = header.value();
            if (value == null) {
                ByteBufs.writeVarint(out, -1);
            } else {
                ByteBufs.writeVarint(out, value.length);
                out.writeBytes(value);
            }
        }
    }

    /** Gives the scratch buffer of a compressed batch back where it came from. */
    private void releaseRecords() {
        if (recordsFromBuffers) {
            buffers.recycle(records);
        } else {
            records.release();
        }
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("record batch already built or closed");
        }
    }
}
