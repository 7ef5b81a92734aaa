package dev.samsa.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import org.apache.kafka.common.compress.Lz4BlockInputStream;
import org.apache.kafka.common.compress.Lz4BlockOutputStream;
import org.apache.kafka.common.utils.BufferSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LZ4 frame against three other implementations: Kafka's own stream classes (what brokers and Java clients
 * use), and lz4-java's reference frame streams (the spec, including the optional checksums Kafka never writes).
 * Content sizes straddle the 64 KiB block size, and both compressible and incompressible blocks occur.
 */
class Lz4FrameTest {
    private static final int[] SIZES = {0, 1, 100, 65_535, 65_536, 65_537, 131_072, 200_000};

    private static byte[] content(int size, boolean random) {
        Random r = new Random(size);
        byte[] b = new byte[size];
        if (random) {
            r.nextBytes(b);
        } else {
            for (int i = 0; i < size; i++) {
                b[i] = (byte) ('a' + (i / 7 + r.nextInt(2)) % 5);
            }
        }
        return b;
    }

    private static byte[] ours(byte[] content, int level, boolean direct) {
        ByteBuf src = direct ? Unpooled.directBuffer(content.length + 5) : Unpooled.buffer(content.length + 5);
        ByteBuf out = direct ? Unpooled.directBuffer(16) : Unpooled.buffer(16);
        try {
            src.writeZero(5).writeBytes(content);
            Lz4Frame.compress(Lz4Frame.compressor(level), src, 5, content.length, out);
            byte[] frame = new byte[out.readableBytes()];
            out.readBytes(frame);
            return frame;
        } finally {
            src.release();
            out.release();
        }
    }

    private static byte[] decompressOurs(byte[] frame, int max) {
        ByteBuf out = Unpooled.buffer();
        try {
            Lz4Frame.decompress(Unpooled.wrappedBuffer(frame), out, max);
            byte[] content = new byte[out.readableBytes()];
            out.readBytes(content);
            return content;
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void kafkaWritesTheSameBytesAndReadsOurs(boolean random) throws IOException {
        for (int size : SIZES) {
            for (int level : new int[] {9, 1, 12}) {
                byte[] content = content(size, random);
                ByteArrayOutputStream kafka = new ByteArrayOutputStream();
                try (OutputStream out = new Lz4BlockOutputStream(kafka, level, false)) {
                    out.write(content);
                }
                byte[] frame = ours(content, level, size % 2 == 0);
                assertThat(frame).as("size %d level %d", size, level).isEqualTo(kafka.toByteArray());
                try (InputStream in = new Lz4BlockInputStream(ByteBuffer.wrap(frame), BufferSupplier.NO_CACHING,
                        false)) {
                    assertThat(in.readAllBytes()).isEqualTo(content);
                }
            }
        }
    }

    /**
     * As a producer compresses: pooled direct buffers (whose NIO views are slices of a larger chunk), the frame
     * written after bytes already in the output (a batch header) and read from the middle of the input; the bytes
     * around the frame are left alone.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pooledBuffersAtAnOffsetGetKafkasBytes(boolean random) throws IOException {
        for (int size : SIZES) {
            byte[] content = content(size, random);
            ByteArrayOutputStream kafka = new ByteArrayOutputStream();
            try (OutputStream out = new Lz4BlockOutputStream(kafka, 9, false)) {
                out.write(content);
            }
            ByteBuf src = PooledByteBufAllocator.DEFAULT.directBuffer(size + 20);
            ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            try {
                src.writeBytes(new byte[13]).writeBytes(content).writeBytes(new byte[7]);
                out.writeBytes(new byte[61], 0, 61);
                Lz4Frame.compress(Lz4Frame.compressor(9), src, 13, size, out);
                assertThat(out.writerIndex()).isEqualTo(61 + kafka.size());
                assertThat(ByteBufUtil.getBytes(out, 61, kafka.size())).as("size %d", size)
                        .isEqualTo(kafka.toByteArray());
                assertThat(ByteBufUtil.getBytes(out, 0, 61)).containsOnly(0);
                assertThat(src.readableBytes()).isEqualTo(size + 20);
            } finally {
                src.release();
                out.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void referenceFramesReadBothWays(boolean random) throws IOException {
        for (int size : SIZES) {
            byte[] content = content(size, random);
            try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(ours(content, 9, false)))) {
                assertThat(in.readAllBytes()).as("size %d", size).isEqualTo(content);
            }
            // Block checksums, a content size and a content checksum: all optional, none written by Kafka.
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            try (OutputStream out = new LZ4FrameOutputStream(reference, BLOCKSIZE.SIZE_256KB, size,
                    FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_SIZE,
                    FLG.Bits.CONTENT_CHECKSUM)) {
                out.write(content);
            }
            assertThat(decompressOurs(reference.toByteArray(), Integer.MAX_VALUE)).as("size %d", size)
                    .isEqualTo(content);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -5, -12})
    void checksumsAreVerified(int position) throws IOException {
        byte[] content = content(1000, false);
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(reference, BLOCKSIZE.SIZE_64KB,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_CHECKSUM)) {
            out.write(content);
        }
        byte[] frame = reference.toByteArray();
        // -1: content checksum; -5: end mark (now garbage); -12: block checksum.
        frame[frame.length + position] ^= 0x01;
        assertThatThrownBy(() -> decompressOurs(frame, Integer.MAX_VALUE))
                .isInstanceOf(Lz4Frame.Lz4FrameException.class).hasMessageContaining("LZ4");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6})
    void corruptDescriptorIsRejected(int index) {
        byte[] frame = ours(content(100, false), 9, false);
        frame[index] ^= 0x01;
        assertThatThrownBy(() -> decompressOurs(frame, Integer.MAX_VALUE))
                .isInstanceOf(Lz4Frame.Lz4FrameException.class).hasMessageContaining("LZ4 frame");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dependentBlocksAreRejectedAsKafkaDoes(boolean random) throws IOException {
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(reference, BLOCKSIZE.SIZE_64KB)) {
            out.write(content(1000, random));
        }
        byte[] frame = reference.toByteArray();
        frame[4] &= ~Lz4Frame.FLG_BLOCK_INDEPENDENCE;
        // Keep the header checksum right so that the block mode is what gets rejected.
        frame[6] = (byte) ((net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32().hash(frame, 4, 2, 0) >> 8)
                & 0xFF);
        assertThatThrownBy(() -> decompressOurs(frame, Integer.MAX_VALUE))
                .isInstanceOf(Lz4Frame.Lz4FrameException.class).hasMessageContaining("dependent blocks");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 7, 20})
    void truncatedFramesAreRejected(int cut) {
        byte[] frame = ours(content(70_000, false), 9, false);
        byte[] truncated = java.util.Arrays.copyOf(frame, cut == 20 ? frame.length - 1 : cut);
        assertThatThrownBy(() -> decompressOurs(truncated, Integer.MAX_VALUE))
                .isInstanceOf(Lz4Frame.Lz4FrameException.class).hasMessageContaining("LZ4");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void contentIsBounded(boolean random) {
        byte[] content = content(200_000, random);
        byte[] frame = ours(content, 9, false);
        assertThat(decompressOurs(frame, 200_000)).isEqualTo(content);
        assertThatThrownBy(() -> decompressOurs(frame, 199_999)).isInstanceOf(Lz4Frame.Lz4FrameException.class)
                .hasMessageContaining("limit of 199999");
    }
}
