package dev.samsa.internal.record;

import dev.samsa.common.CompressionType;
import dev.samsa.consumer.TimestampType;
import dev.samsa.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A view over one record batch of format v2 (magic 2) held in a Netty buffer: every header field, the CRC32C check,
 * and iteration over its records. The layout (Kafka protocol guide, "Record Batch"; KIP-98), big-endian:
 *
 * <pre>
 *  offset  size  field
 *       0     8  baseOffset
 *       8     4  batchLength            bytes after this field
 *      12     4  partitionLeaderEpoch
 *      16     1  magic                  2
 *      17     4  crc                    CRC32C of bytes 21 .. end
 *      21     2  attributes             bits 0-2 compression, 3 timestamp type, 4 transactional, 5 control,
 *                                       6 delete horizon (baseTimestamp is then the delete horizon)
 *      23     4  lastOffsetDelta
 *      27     8  baseTimestamp
 *      35     8  maxTimestamp
 *      43     8  producerId
 *      51     2  producerEpoch
 *      53     4  baseSequence
 *      57     4  recordCount
 *      61        records                (compressed as a whole if the compression bits say so)
 * </pre>
 *
 * <p>The view does not copy: it reads (and, for the {@code set*} methods, writes) the bytes in place, and is valid
 * as long as the buffer it wraps. It neither retains nor releases that buffer. Not thread-safe.
 */
public final class RecordBatch {
    /** The magic byte of record batch v2, the only format this package reads and writes. */
    public static final byte MAGIC = 2;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORDS_COUNT_OFFSET = 57;
    static final int RECORDS_OFFSET = 61;

    /** Bytes before the batch length field's coverage begins: base offset and length (Kafka's LOG_OVERHEAD). */
    public static final int LOG_OVERHEAD = 12;
    /** Size in bytes of the batch header, i.e. of a batch with no records. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** Bytes needed to read a batch's base offset, length, leader epoch and magic. */
    static final int HEADER_SIZE_UP_TO_MAGIC = MAGIC_OFFSET + 1;

    /** The smallest possible record: length, attributes, timestamp delta, offset delta, key, value, header count. */
    static final int MIN_RECORD_SIZE = 7;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_MASK = 0x10;
    static final int CONTROL_MASK = 0x20;
    static final int DELETE_HORIZON_MASK = 0x40;

    /** The value of producer id, epoch and base sequence in a batch from a producer that is not idempotent. */
    public static final long NO_PRODUCER_ID = -1L;
    /** See {@link #NO_PRODUCER_ID}. */
    public static final short NO_PRODUCER_EPOCH = -1;
    /** See {@link #NO_PRODUCER_ID}. */
    public static final int NO_SEQUENCE = -1;
    /** Partition leader epoch of a batch the leader has not stamped yet (every batch a producer sends). */
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    /** A timestamp that was not set. */
    public static final long NO_TIMESTAMP = -1L;

    /**
     * The default bound on a compressed batch's decompressed records, in bytes, used by {@link #iterator()}: 128
     * MiB, far above what a producer writes with any sane {@code batch.size}, and small enough that a hostile or
     * broken batch cannot exhaust memory. Pass another bound to {@link #iterator(int)}.
     */
    public static final int DEFAULT_MAX_UNCOMPRESSED_BYTES = 128 << 20;

    private final ByteBuf buf;

    private RecordBatch(ByteBuf buf) {
        this.buf = buf;
    }

    /**
     * Wraps the batch that starts at {@code in}'s reader index. Checks that its header is complete, its magic is
     * 2 and its declared length fits in {@code in}; does not check the CRC (see {@link #ensureValid()}). Bytes
     * past the batch are ignored. Neither index of {@code in} moves.
     *
     * @throws UnsupportedMagicException if the magic byte is not 2
     * @throws CorruptRecordException if fewer than 17 bytes are readable, the length field is below the header
     *         size, or the batch extends past {@code in}'s writer index
     */
    public static RecordBatch wrap(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < HEADER_SIZE_UP_TO_MAGIC) {
            throw new CorruptRecordException("record batch truncated: " + readable + " bytes, need at least "
                    + HEADER_SIZE_UP_TO_MAGIC + " to read its header up to the magic byte");
        }
        long baseOffset = in.getLong(start + BASE_OFFSET_OFFSET);
        int length = in.getInt(start + LENGTH_OFFSET);
        byte magic = in.getByte(start + MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new UnsupportedMagicException(baseOffset, magic);
        }
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch at base offset " + baseOffset + ": length " + length
                    + " is below the minimum " + (HEADER_SIZE - LOG_OVERHEAD));
        }
        if (length > readable - LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch at base offset " + baseOffset + " truncated: length "
                    + length + " needs " + ((long) length + LOG_OVERHEAD) + " bytes, only " + readable + " remain");
        }
        return new RecordBatch(in.slice(start, length + LOG_OVERHEAD));
    }

    /**
     * Wraps {@code batch}, which holds exactly one batch from index 0 and whose length field its caller checked
     * ({@link RecordBatches}): only the magic byte is checked here, and the buffer is kept as it is (no second slice).
     * Its indices must not move afterwards.
     *
     * @throws UnsupportedMagicException if the magic byte is not 2
     */
    static RecordBatch wrapExact(ByteBuf batch) {
        byte magic = batch.getByte(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new UnsupportedMagicException(batch.getLong(BASE_OFFSET_OFFSET), magic);
        }
        return new RecordBatch(batch);
    }

    /**
     * The batch's bytes, exactly {@link #sizeInBytes()} of them, as a slice sharing memory with the buffer this
     * view wraps (not retained).
     */
    public ByteBuf buffer() {
        return buf.duplicate();
    }

    /** The whole batch's size in bytes: {@link #LOG_OVERHEAD} plus the length field. */
    public int sizeInBytes() {
        return buf.readableBytes();
    }

    /** The offset of the first record (the broker assigns it; producers send 0). */
    public long baseOffset() {
        return buf.getLong(BASE_OFFSET_OFFSET);
    }

    /** The length field: bytes from the partition leader epoch to the end. */
    public int batchLength() {
        return buf.getInt(LENGTH_OFFSET);
    }

    /** The leader epoch the partition leader stamped the batch with, or -1 (KIP-101). */
    public int partitionLeaderEpoch() {
        return buf.getInt(PARTITION_LEADER_EPOCH_OFFSET);
    }

    /** The magic byte: always 2 (checked by {@link #wrap}). */
    public byte magic() {
        return buf.getByte(MAGIC_OFFSET);
    }

    /** The stored CRC32C, as an unsigned 32-bit value. */
    public long checksum() {
        return buf.getUnsignedInt(CRC_OFFSET);
    }

    /** The CRC32C of the bytes the stored checksum covers: attributes through the end. */
    public long computeChecksum() {
        return Integer.toUnsignedLong(crc32c(buf, ATTRIBUTES_OFFSET, sizeInBytes() - ATTRIBUTES_OFFSET));
    }

    /** Copies the header (its first {@link #HEADER_SIZE} bytes) into {@code into}, for {@link BatchHeader}. */
    void copyHeader(byte[] into) {
        buf.getBytes(BASE_OFFSET_OFFSET, into, 0, HEADER_SIZE);
    }

    /** The wrapped buffer itself (not a duplicate): the batch from index 0; for readers in this package only. */
    ByteBuf wrapped() {
        return buf;
    }

    /** The raw attributes field. */
    public short attributes() {
        return buf.getShort(ATTRIBUTES_OFFSET);
    }

    /**
     * The codec the records are compressed with.
     *
     * @throws CorruptRecordException if the compression bits hold 5, 6 or 7
     */
    public CompressionType compressionType() {
        int id = attributes() & COMPRESSION_MASK;
        if (id > CompressionType.ZSTD.id()) {
            throw corrupt("unknown compression type id " + id);
        }
        return CompressionType.forId(id);
    }

    /**
     * What the timestamps mean: bit 3 of the attributes ({@link TimestampType#id()}); {@code CREATE_TIME} or
     * {@code LOG_APPEND_TIME}, never {@code NO_TIMESTAMP_TYPE}.
     */
    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    /** Whether the batch belongs to a transaction (KIP-98). */
    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    /** Whether the batch holds control records (transaction markers) rather than data. */
    public boolean isControl() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    /**
     * Whether the base timestamp field holds a delete horizon (set by log compaction on batches with tombstones or
     * transaction markers, KIP-534).
     */
    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_MASK) != 0;
    }

    /** The delete horizon in ms since the epoch if {@link #hasDeleteHorizon()}, else -1. */
    public long deleteHorizonMs() {
        return hasDeleteHorizon() ? baseTimestamp() : NO_TIMESTAMP;
    }

    /** The last record's offset minus the base offset. */
    public int lastOffsetDelta() {
        return buf.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    /** The offset of the last record: base offset plus last offset delta. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch: {@link #lastOffset()} + 1. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** The first record's timestamp (or the delete horizon, see {@link #hasDeleteHorizon()}), ms or -1. */
    public long baseTimestamp() {
        return buf.getLong(BASE_TIMESTAMP_OFFSET);
    }

    /** The largest record timestamp, or the log append time under {@code LogAppendTime}; ms or -1. */
    public long maxTimestamp() {
        return buf.getLong(MAX_TIMESTAMP_OFFSET);
    }

    /** The idempotent or transactional producer's id, or -1. */
    public long producerId() {
        return buf.getLong(PRODUCER_ID_OFFSET);
    }

    /** The producer's epoch, or -1. */
    public short producerEpoch() {
        return buf.getShort(PRODUCER_EPOCH_OFFSET);
    }

    /** The first record's sequence number, or -1. */
    public int baseSequence() {
        return buf.getInt(BASE_SEQUENCE_OFFSET);
    }

    /** The last record's sequence number (wrapping like Kafka's), or -1 if the batch has no base sequence. */
    public int lastSequence() {
        return incrementSequence(baseSequence(), lastOffsetDelta());
    }

    /** The record count field (not checked against the data until the records are iterated). */
    public int recordCount() {
        return buf.getInt(RECORDS_COUNT_OFFSET);
    }

    /** Whether the batch is at least a header long and its stored CRC matches its bytes. */
    public boolean isValid() {
        return sizeInBytes() >= HEADER_SIZE && checksum() == computeChecksum();
    }

    /**
     * Checks the size and the CRC32C.
     *
     * @throws CorruptRecordException naming the base offset and both checksums if they differ
     */
    public void ensureValid() {
        if (sizeInBytes() < HEADER_SIZE) {
            throw corrupt("size " + sizeInBytes() + " is below the header size " + HEADER_SIZE);
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw corrupt("CRC mismatch (stored 0x" + Long.toHexString(stored) + ", computed 0x"
                    + Long.toHexString(computed) + ")");
        }
    }

    /**
     * Iterates over the records, decompressing them first if the batch is compressed, with decompressed data
     * bounded by {@link #DEFAULT_MAX_UNCOMPRESSED_BYTES}. Does not check the CRC: call {@link #ensureValid()} first
     * for data off the wire. Close the iterator to release the decompressed data.
     *
     * @throws CorruptRecordException if the records do not decompress, or the record count is negative or larger
     *         than the data could hold; the iterator throws it for malformed records as it reaches them
     */
    public RecordIterator iterator() {
        return iterator(DEFAULT_MAX_UNCOMPRESSED_BYTES);
    }

    /**
     * As {@link #iterator()}, with decompressed records bounded by {@code maxUncompressedBytes}.
     *
     * @throws CorruptRecordException as {@link #iterator()}, and if the decompressed records would exceed
     *         {@code maxUncompressedBytes} (which bounds compressed batches only)
     * @throws IllegalArgumentException if {@code maxUncompressedBytes} is negative
     */
    public RecordIterator iterator(int maxUncompressedBytes) {
        if (maxUncompressedBytes < 0) {
            throw new IllegalArgumentException("maxUncompressedBytes: " + maxUncompressedBytes + " (expected >= 0)");
        }
        CompressionType compression = compressionType();
        if (compression == CompressionType.NONE) {
            return new RecordIterator(this, buf, RECORDS_OFFSET, sizeInBytes(), false);
        }
        ByteBuf compressed = buf.slice(RECORDS_OFFSET, sizeInBytes() - RECORDS_OFFSET);
        ByteBuf data = RecordCompression.decompress(compression, compressed, buf.alloc(), maxUncompressedBytes,
                this);
        return new RecordIterator(this, data, data.readerIndex(), data.writerIndex(), true);
    }

    /**
     * Rewrites the base offset in place, as a broker does when it appends the batch. The base offset lies before
     * the bytes the CRC covers (so that brokers need not recompute it), so the CRC stays valid.
     */
    public void setBaseOffset(long baseOffset) {
        buf.setLong(BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Rewrites the partition leader epoch in place. Outside the CRC's coverage, like the base offset. */
    public void setPartitionLeaderEpoch(int partitionLeaderEpoch) {
        buf.setInt(PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
    }

    /**
     * Rewrites the timestamp type bit and the max timestamp in place and recomputes the CRC, as a broker does for a
     * topic with {@code message.timestamp.type=LogAppendTime} (with the append time). Does nothing if both
     * already hold these values.
     */
    public void setMaxTimestamp(TimestampType timestampType, long maxTimestamp) {
        if (timestampType() == timestampType && maxTimestamp() == maxTimestamp) {
            return;
        }
        int attributes = attributes() & ~TIMESTAMP_TYPE_MASK;
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        buf.setShort(ATTRIBUTES_OFFSET, attributes);
        buf.setLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        writeChecksum(buf, 0);
    }

    /**
     * Rewrites the producer id, epoch and base sequence in place and recomputes the CRC, as an idempotent producer
     * does when it resends a batch under a new producer id or epoch (KIP-98, KIP-360). Does nothing if the batch
     * already holds these values.
     */
    public void setProducerState(long producerId, short producerEpoch, int baseSequence) {
        if (producerId() == producerId && producerEpoch() == producerEpoch && baseSequence() == baseSequence) {
            return;
        }
        buf.setLong(PRODUCER_ID_OFFSET, producerId);
        buf.setShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        buf.setInt(BASE_SEQUENCE_OFFSET, baseSequence);
        writeChecksum(buf, 0);
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffsetDelta=" + lastOffsetDelta() + ", count="
                + recordCount() + ", size=" + sizeInBytes() + ", attributes=0x" + Integer.toHexString(attributes())
                + ", producerId=" + producerId() + ", producerEpoch=" + producerEpoch() + ", baseSequence="
                + baseSequence() + ")";
    }

    CorruptRecordException corrupt(String problem) {
        return new CorruptRecordException("record batch at base offset " + baseOffset() + ": " + problem);
    }

    CorruptRecordException corrupt(String problem, Throwable cause) {
        return new CorruptRecordException("record batch at base offset " + baseOffset() + ": " + problem, cause);
    }

    /** Kafka's sequence arithmetic: sequences wrap from {@code Integer.MAX_VALUE} to 0. */
    static int incrementSequence(int sequence, int increment) {
        if (sequence < 0) {
            return NO_SEQUENCE;
        }
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    /** Computes the CRC of the batch starting at {@code start} in {@code batch} and stores it. */
    static void writeChecksum(ByteBuf batch, int start) {
        int length = batch.getInt(start + LENGTH_OFFSET);
        int covered = length + LOG_OVERHEAD - ATTRIBUTES_OFFSET;
        batch.setInt(start + CRC_OFFSET, crc32c(batch, start + ATTRIBUTES_OFFSET, covered));
    }

    /**
     * CRC32C of {@code length} bytes at {@code index}, read in place: from the backing array, or from the NIO
     * views of the memory (no copy) for direct and composite buffers.
     */
    static int crc32c(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (ByteBuffer b : buf.nioBuffers(index, length)) {
                crc.update(b);
            }
        }
        return (int) crc.getValue();
    }
}
