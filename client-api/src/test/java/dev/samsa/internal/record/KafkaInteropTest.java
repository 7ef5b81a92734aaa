package dev.samsa.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized batches (seeded, so a failure replays) for every compression type, checked against the official
 * client: it reads ours, we read its, and where the output is deterministic the bytes are equal.
 */
class KafkaInteropTest {
    private static final int SEEDS_PER_TYPE = 12;

    private final UnpooledByteBufAllocator direct = new UnpooledByteBufAllocator(true);
    private final UnpooledByteBufAllocator heap = new UnpooledByteBufAllocator(false);

    static Stream<Arguments> cases() {
        return Stream.of(CompressionType.values())
                .flatMap(type -> Stream.iterate(1L, s -> s + 1).limit(SEEDS_PER_TYPE)
                        .map(seed -> Arguments.of(type, seed * 7919 + type.id())));
    }

    @AfterEach
    void nothingLeaks() {
        assertThat(direct.metric().usedDirectMemory() + direct.metric().usedHeapMemory()).isZero();
        assertThat(heap.metric().usedDirectMemory() + heap.metric().usedHeapMemory()).isZero();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void officialClientReadsOurBatch(CompressionType type, long seed) {
        BatchSpec spec = BatchSpec.random(seed, type);
        ByteBuf ours = spec.buildOurs(seed % 2 == 0 ? direct : heap, new Random(seed));
        try {
            spec.assertKafkaReads(BatchSpec.toNio(ours));
        } finally {
            ours.release();
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void weReadOfficialBatch(CompressionType type, long seed) {
        BatchSpec spec = BatchSpec.random(seed, type);
        ByteBuffer kafka = spec.buildKafka();
        // Read it from a heap buffer and from a direct one, at a non-zero reader index.
        spec.assertOursReads(Unpooled.wrappedBuffer(kafka.duplicate()));
        ByteBuf copy = (seed % 2 == 0 ? direct : heap).buffer(kafka.remaining() + 3);
        try {
            copy.writeZero(3).writeBytes(kafka.duplicate()).readerIndex(3);
            spec.assertOursReads(copy);
        } finally {
            copy.release();
        }
    }

    /**
     * Uncompressed, gzip, snappy and lz4 batches equal the official client's byte for byte (same framing, same
     * library, same level). zstd differs only in how the frame ends (Kafka flushes the stream before closing it,
     * which adds an empty last block), so for zstd the header fields and the decompressed records are compared.
     */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void sameBytesAsOfficialBatch(CompressionType type, long seed) throws Exception {
        BatchSpec spec = BatchSpec.random(seed, type);
        ByteBuf ours = spec.buildOurs(direct, new Random(seed));
        try {
            byte[] kafka = BatchSpec.bytesOf(spec.buildKafka());
            byte[] mine = BatchSpec.toBytes(ours);
            if (type != CompressionType.ZSTD) {
                assertThat(mine).isEqualTo(kafka);
                return;
            }
            // Everything from the attributes to the record count, i.e. the header but length and CRC.
            assertThat(Arrays.copyOfRange(mine, 21, 61)).isEqualTo(Arrays.copyOfRange(kafka, 21, 61));
            assertThat(Arrays.copyOfRange(mine, 0, 8)).isEqualTo(Arrays.copyOfRange(kafka, 0, 8));
            assertThat(Arrays.copyOfRange(mine, 12, 17)).isEqualTo(Arrays.copyOfRange(kafka, 12, 17));
            assertThat(unzstd(mine)).isEqualTo(unzstd(kafka));
        } finally {
            ours.release();
        }
    }

    private static byte[] unzstd(byte[] batch) throws Exception {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(batch, 61, batch.length - 61))) {
            return in.readAllBytes();
        }
    }
}
