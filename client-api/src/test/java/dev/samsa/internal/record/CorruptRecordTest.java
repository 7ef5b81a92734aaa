package dev.samsa.internal.record;

import dev.samsa.common.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.internal.protocol.ByteBufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed batches: every one ends in a {@link CorruptRecordException} that names the problem and the base offset,
 * never in another runtime exception or an {@link OutOfMemoryError}.
 */
class CorruptRecordTest {
    private static final long BASE_OFFSET = 4242;

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @AfterEach
    void nothingLeaks() {
        assertThat(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory()).isZero();
    }

    private ByteBuf validBatch(CompressionType type) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, type, 1024)) {
            builder.baseOffset(BASE_OFFSET);
            for (int i = 0; i < 10; i++) {
                builder.append(1000 + i, ("key" + i).getBytes(), ("value-" + i).repeat(10).getBytes(),
                        new Header[] {Header.of("h", "v" + i)});
            }
            return builder.build();
        }
    }

    /** A batch with the given record count whose records section is whatever {@code records} writes; valid CRC. */
    private static ByteBuf rawBatch(int count, Consumer<ByteBuf> records) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeLong(BASE_OFFSET).writeInt(0).writeInt(-1).writeByte(2).writeInt(0).writeShort(0)
                .writeInt(Math.max(0, count - 1)).writeLong(1000).writeLong(1000).writeLong(-1).writeShort(-1)
                .writeInt(-1).writeInt(count);
        records.accept(buf);
        buf.setInt(RecordBatch.LENGTH_OFFSET, buf.readableBytes() - RecordBatch.LOG_OVERHEAD);
        RecordBatch.writeChecksum(buf, 0);
        return buf;
    }

    /** Writes one well-formed record: key "k", value "v", no headers. */
    private static void goodRecord(ByteBuf out, int offsetDelta) {
        ByteBufs.writeVarint(out, 8);
        out.writeByte(0);
        ByteBufs.writeVarlong(out, 0);
        ByteBufs.writeVarint(out, offsetDelta);
        ByteBufs.writeVarint(out, 1);
        out.writeByte('k');
        ByteBufs.writeVarint(out, 1);
        out.writeByte('v');
        ByteBufs.writeVarint(out, 0);
    }

    private static void assertCorrupt(ByteBuf batch, String... messageParts) {
        assertThatThrownBy(() -> readAllWithIterator(batch, RecordBatch.DEFAULT_MAX_UNCOMPRESSED_BYTES))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("base offset " + BASE_OFFSET)
                .hasMessageContainingAll(messageParts);
        assertThatThrownBy(() -> readAll(batch, RecordBatch.DEFAULT_MAX_UNCOMPRESSED_BYTES))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("base offset " + BASE_OFFSET)
                .hasMessageContainingAll(messageParts);
    }

    /**
     * Wraps, checks and reads every record both ways: with {@link RecordIterator} and with the consumer's
     * {@link RecordReader}, which must agree (the same count, or both a failure of the same type; the reader's is
     * thrown).
     */
    private static int readAll(ByteBuf bytes, int maxUncompressedBytes) {
        Integer viaIterator = null;
        RuntimeException iteratorFailure = null;
        try {
            viaIterator = readAllWithIterator(bytes, maxUncompressedBytes);
        } catch (RuntimeException e) {
            iteratorFailure = e;
        }
        int viaReader;
        try {
            viaReader = readAllWithReader(bytes, maxUncompressedBytes);
        } catch (RuntimeException e) {
            assertThat(iteratorFailure).as("RecordIterator fails too, as RecordReader did with %s", e).isNotNull()
                    .hasSameClassAs(e);
            throw e;
        }
        if (iteratorFailure != null) {
            throw new AssertionError("RecordReader read " + viaReader + " records where RecordIterator failed",
                    iteratorFailure);
        }
        assertThat(viaReader).isEqualTo(viaIterator);
        return viaReader;
    }

    private static int readAllWithReader(ByteBuf bytes, int maxUncompressedBytes) {
        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.ensureValid();
        RecordReader reader = new RecordReader();
        reader.load(batch, maxUncompressedBytes);
        int n = 0;
        while (reader.hasNext()) {
            reader.next();
            reader.headers().size();
            n++;
        }
        return n;
    }

    /** Wraps, checks and reads every record the way {@link RecordIterator}'s callers do. */
    private static int readAllWithIterator(ByteBuf bytes, int maxUncompressedBytes) {
        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.ensureValid();
        int n = 0;
        try (RecordIterator it = batch.iterator(maxUncompressedBytes)) {
            while (it.hasNext()) {
                Record record = it.next();
                record.headers().size();
                n++;
            }
        }
        return n;
    }

    @Test
    void wellFormedRawBatchReads() {
        ByteBuf batch = rawBatch(2, out -> {
            goodRecord(out, 0);
            goodRecord(out, 1);
        });
        assertThat(readAll(batch, 100)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void corruptCrcIsDetected(CompressionType type) {
        ByteBuf batch = validBatch(type);
        try {
            int index = batch.writerIndex() - 5;
            batch.setByte(index, batch.getByte(index) ^ 0x10);
            RecordBatch view = RecordBatch.wrap(batch);
            assertThat(view.isValid()).isFalse();
            assertThatThrownBy(view::ensureValid).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("base offset " + BASE_OFFSET).hasMessageContaining("CRC mismatch");
        } finally {
            batch.release();
        }
    }

    @Test
    void everyHeaderFieldTheCrcCoversIsChecked() {
        ByteBuf batch = validBatch(CompressionType.NONE);
        try {
            for (int i = RecordBatch.ATTRIBUTES_OFFSET; i < RecordBatch.RECORDS_OFFSET; i++) {
                batch.setByte(i, batch.getByte(i) ^ 1);
                assertThat(RecordBatch.wrap(batch).isValid()).as("flipped byte %d", i).isFalse();
                batch.setByte(i, batch.getByte(i) ^ 1);
            }
            // Base offset and partition leader epoch lie outside the CRC by design (a broker rewrites them).
            batch.setByte(3, 7);
            batch.setByte(13, 7);
            assertThat(RecordBatch.wrap(batch).isValid()).isTrue();
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyTruncationIsCorrupt(CompressionType type) {
        ByteBuf batch = validBatch(type);
        try {
            for (int length = 0; length < batch.readableBytes(); length++) {
                ByteBuf cut = batch.slice(0, length);
                assertThatThrownBy(() -> RecordBatch.wrap(cut)).as("cut at %d", length)
                        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated");
            }
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 48, 1 << 20})
    void lengthFieldOutOfRangeIsCorrupt(int length) {
        ByteBuf batch = validBatch(CompressionType.NONE);
        try {
            batch.setInt(RecordBatch.LENGTH_OFFSET, length);
            assertThatThrownBy(() -> RecordBatch.wrap(batch)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("base offset " + BASE_OFFSET).hasMessageContaining("length " + length);
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 127, -1})
    void otherMagicIsATypedError(int magic) {
        ByteBuf batch = validBatch(CompressionType.NONE);
        try {
            batch.setByte(RecordBatch.MAGIC_OFFSET, magic);
            assertThatThrownBy(() -> RecordBatch.wrap(batch)).isInstanceOfSatisfying(UnsupportedMagicException.class,
                    e -> assertThat(e.magic()).isEqualTo(magic))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("base offset " + BASE_OFFSET).hasMessageContaining("magic " + magic);
        } finally {
            batch.release();
        }
    }

    @Test
    void unknownCompressionIdIsCorrupt() {
        ByteBuf batch = validBatch(CompressionType.NONE);
        try {
            batch.setShort(RecordBatch.ATTRIBUTES_OFFSET, 5);
            RecordBatch.writeChecksum(batch, 0);
            assertCorrupt(batch, "unknown compression type id 5");
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void recordCountAboveTheDataIsCorrupt(CompressionType type) {
        ByteBuf batch = validBatch(type);
        try {
            batch.setInt(RecordBatch.RECORDS_COUNT_OFFSET, 11);
            RecordBatch.writeChecksum(batch, 0);
            assertCorrupt(batch, "record 10 of 11");
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void recordCountBelowTheDataIsCorrupt(CompressionType type) {
        ByteBuf batch = validBatch(type);
        try {
            batch.setInt(RecordBatch.RECORDS_COUNT_OFFSET, 9);
            RecordBatch.writeChecksum(batch, 0);
            assertCorrupt(batch, "bytes left after the last of 9 records");
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 1_000_000, -1, Integer.MIN_VALUE})
    void absurdRecordCountIsCorruptBeforeAnythingIsAllocated(int count) {
        ByteBuf batch = validBatch(CompressionType.GZIP);
        try {
            batch.setInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
            RecordBatch.writeChecksum(batch, 0);
            assertCorrupt(batch, "record count " + count + " does not fit");
        } finally {
            batch.release();
        }
    }

    @Test
    void zeroCountWithRecordBytesIsCorrupt() {
        assertCorrupt(rawBatch(0, out -> goodRecord(out, 0)), "record count 0 but 9 bytes");
    }

    @Test
    void recordLengthPastTheEndIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 1_000_000);
            out.writeZero(10);
        });
        assertCorrupt(batch, "record 0 of 1", "length 1000000");
    }

    @Test
    void negativeRecordLengthIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, -5);
            out.writeZero(10);
        });
        assertCorrupt(batch, "length -5");
    }

    @Test
    void keyLengthPastTheRecordIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 6);
            out.writeByte(0);
            ByteBufs.writeVarlong(out, 0);
            ByteBufs.writeVarint(out, 0);
            ByteBufs.writeVarint(out, Integer.MAX_VALUE); // 5 bytes: runs past the 6-byte body
            out.writeZero(10);
        });
        assertCorrupt(batch, "record 0");
    }

    @Test
    void valueLengthBelowMinusOneIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 7);
            out.writeByte(0);
            ByteBufs.writeVarlong(out, 0);
            ByteBufs.writeVarint(out, 0);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, -2);
            ByteBufs.writeVarint(out, 0);
            out.writeZero(1);
        });
        assertCorrupt(batch, "value length -2");
    }

    @Test
    void hugeHeaderCountIsCorruptBeforeAnythingIsAllocated() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 10);
            out.writeByte(0);
            ByteBufs.writeVarlong(out, 0);
            ByteBufs.writeVarint(out, 0);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, Integer.MAX_VALUE);
            out.writeZero(1);
        });
        assertCorrupt(batch, "header count " + Integer.MAX_VALUE);
    }

    @Test
    void nullHeaderKeyIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 8);
            out.writeByte(0);
            ByteBufs.writeVarlong(out, 0);
            ByteBufs.writeVarint(out, 0);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, 1);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, -1);
        });
        assertCorrupt(batch, "header 0 key length -1", "cannot be null");
    }

    @Test
    void bytesLeftInsideARecordAreCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 10);
            out.writeByte(0);
            ByteBufs.writeVarlong(out, 0);
            ByteBufs.writeVarint(out, 0);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, -1);
            ByteBufs.writeVarint(out, 0);
            out.writeZero(4);
        });
        assertCorrupt(batch, "4 bytes left over inside its declared length 10");
    }

    @Test
    void truncatedVarintIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            ByteBufs.writeVarint(out, 5);
            out.writeByte(0);
            out.writeByte(0x80).writeByte(0x80).writeByte(0x80).writeByte(0x80); // varlong never ends
            out.writeZero(2);
        });
        assertCorrupt(batch, "truncated varlong");
    }

    /** 8 MiB of zeros compress to a few KiB; with a 1 MiB bound, reading them is refused, not attempted. */
    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void decompressionBombIsRefused(CompressionType type) {
        ByteBuf batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, type, 1024)) {
            builder.baseOffset(BASE_OFFSET).append(1000, null, new byte[8 << 20]);
            batch = builder.build();
        }
        try {
            assertThat(batch.readableBytes()).isLessThan(1 << 20);
            assertThatThrownBy(() -> readAll(batch, 1 << 20)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("base offset " + BASE_OFFSET).hasMessageContaining("limit of 1048576");
            assertThat(readAll(batch, 9 << 20)).isEqualTo(1);
        } finally {
            batch.release();
        }
    }

    @Test
    void snappyChunkClaimingGigabytesIsRefusedBeforeAllocation() {
        ByteBuf batch = rawBatch(1, out -> {
            out.writeBytes(new byte[] {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1});
            out.writeInt(8);
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0, 0, 0});
        });
        batch.setShort(RecordBatch.ATTRIBUTES_OFFSET, CompressionType.SNAPPY.id());
        RecordBatch.writeChecksum(batch, 0);
        assertCorrupt(batch, "snappy chunk of 8 bytes claims 4294967295");
    }

    @Test
    void snappyChunkLengthPastTheEndIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            out.writeBytes(new byte[] {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1});
            out.writeInt(Integer.MAX_VALUE);
            out.writeZero(8);
        });
        batch.setShort(RecordBatch.ATTRIBUTES_OFFSET, CompressionType.SNAPPY.id());
        RecordBatch.writeChecksum(batch, 0);
        assertCorrupt(batch, "snappy chunk length " + Integer.MAX_VALUE);
    }

    @Test
    void lz4BlockLargerThanTheFrameMaximumIsCorrupt() {
        ByteBuf batch = rawBatch(1, out -> {
            out.writeIntLE(Lz4Frame.MAGIC).writeByte(0x60).writeByte(0x40).writeByte(Lz4Frame.HEADER_CHECKSUM);
            out.writeIntLE(0x7FFFFFFF);
            out.writeZero(16);
        });
        batch.setShort(RecordBatch.ATTRIBUTES_OFFSET, CompressionType.LZ4.id());
        RecordBatch.writeChecksum(batch, 0);
        assertCorrupt(batch, "lz4 records do not decompress", "exceeds the frame's maximum 65536");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageInsteadOfCompressedDataIsCorrupt(CompressionType type) {
        ByteBuf batch = rawBatch(1, out -> out.writeBytes("this is not compressed at all".getBytes()));
        batch.setShort(RecordBatch.ATTRIBUTES_OFFSET, type.id());
        RecordBatch.writeChecksum(batch, 0);
        assertCorrupt(batch, type.configName());
    }

    /**
     * Random damage to valid batches of every codec, with the CRC recomputed so that the parser sees the damage:
     * each read either succeeds or ends in a CorruptRecordException. The CRC-checked variant must always fail.
     */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void randomDamageEndsInCorruptRecordOnly(CompressionType type) {
        Random r = new Random(type.ordinal() * 31L + 5);
        for (int round = 0; round < 300; round++) {
            BatchSpec spec = BatchSpec.random(r.nextLong(), type);
            if (spec.records().size() > 20) {
                continue; // small batches: more rounds in the same time
            }
            ByteBuf batch = spec.buildOurs(alloc, r);
            try {
                int size = batch.readableBytes();
                int damaged = 1 + r.nextInt(3);
                for (int i = 0; i < damaged; i++) {
                    // Mostly the records section; sometimes the header's count, length or attributes.
                    int index = r.nextInt(4) == 0 ? RecordBatch.LENGTH_OFFSET + r.nextInt(53)
                            : RecordBatch.RECORDS_OFFSET + r.nextInt(size - RecordBatch.RECORDS_OFFSET);
                    batch.setByte(index, r.nextInt(256));
                }
                if (r.nextBoolean()) {
                    batch.writerIndex(size - r.nextInt(Math.min(size, 8) + 1));
                }
                ByteBuf damagedBatch = batch.copy();
                try {
                    if (damagedBatch.readableBytes() >= RecordBatch.HEADER_SIZE) {
                        int length = damagedBatch.getInt(RecordBatch.LENGTH_OFFSET);
                        if (length >= 49 && length <= damagedBatch.readableBytes() - RecordBatch.LOG_OVERHEAD) {
                            RecordBatch.writeChecksum(damagedBatch, 0);
                        }
                    }
                    try {
                        readAll(damagedBatch, 1 << 20);
                    } catch (CorruptRecordException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                } finally {
                    damagedBatch.release();
                }
            } finally {
                batch.release();
            }
        }
    }
}
