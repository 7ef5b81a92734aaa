package dev.samsa.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RecordReader}, the consumer's decoder, against {@link RecordIterator}: a records field of many batches (null
 * and empty keys and values, headers, CreateTime and LogAppendTime, multi-byte varints) decodes to the same records,
 * field by field, whether the field is one contiguous pooled buffer or a composite of small read buffers (how the
 * Netty transport now hands Fetch responses over, without merging them), and with one reader reused across batches
 * of different sizes. Malformed batches are covered by {@link CorruptRecordTest}, which reads every case both ways.
 */
class RecordReaderTest {
    private static final long SEED = 20261122L;

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void manyBatchesDecodeAsRecordIteratorDecodesThem(CompressionType compression) {
        Random random = new Random(SEED + compression.ordinal());
        ByteBuf contiguous = PooledByteBufAllocator.DEFAULT.directBuffer();
        long offset = 1_000;
        for (int b = 0; b < 40; b++) {
            try (RecordBatchBuilder builder = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, compression, 256)) {
                builder.baseOffset(offset).partitionLeaderEpoch(b / 10);
                if (b % 7 == 3) {
                    builder.logAppendTime(1_700_000_000_000L + b);
                }
                int count = 1 + random.nextInt(b % 5 == 0 ? 300 : 20);
                for (int i = 0; i < count; i++) {
                    builder.append(1_600_000_000_000L + random.nextInt(1 << 20), bytesOrNull(random, 200),
                            bytesOrNull(random, b % 9 == 0 ? 5_000 : 300), headers(random));
                }
                offset += count;
                ByteBuf batch = builder.build();
                contiguous.writeBytes(batch);
                batch.release();
            }
        }
        ByteBuf composite = splitIntoReads(contiguous, random);
        try {
            List<String> expected = viaIterator(contiguous);
            assertThat(expected).hasSize((int) (offset - 1_000));
            assertThat(viaReader(contiguous)).containsExactlyElementsOf(expected);
            assertThat(viaReader(composite)).containsExactlyElementsOf(expected);
        } finally {
            contiguous.release();
            composite.release();
        }
    }

    /** Timestamp deltas at each varint length boundary (1, 2, 3 bytes and more; negative too) decode exactly. */
    @Test
    void timestampDeltasAtEveryVarintLengthBoundary() {
        long base = 1_700_000_000_000L;
        long[] deltas = {0, 1, -1, 63, -64, 64, -65, 100, 8191, -8192, 8192, -8193, 1_048_575, 1L << 40, -(1L << 40)};
        ByteBuf buf;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT,
                CompressionType.NONE, 256)) {
            builder.baseOffset(0);
            for (long delta : deltas) {
                builder.append(base + delta, null, new byte[] {1});
            }
            buf = builder.build();
        }
        try {
            List<String> expected = viaIterator(buf);
            assertThat(expected).hasSize(deltas.length);
            assertThat(viaReader(buf)).containsExactlyElementsOf(expected);
            for (int i = 0; i < deltas.length; i++) {
                assertThat(expected.get(i)).startsWith(i + "@" + (base + deltas[i]) + " ");
            }
        } finally {
            buf.release();
        }
    }

    /**
     * {@link RecordReader#keyString()} and {@link RecordReader#valueString()} decode what {@code key()} and
     * {@code value()} copy, as {@code new String(bytes, UTF_8)} does: nulls, empties, multi-byte and malformed UTF-8.
     */
    @Test
    void stringsDecodeAsTheCopiesDo() {
        byte[][] samples = {null, {}, "plain".getBytes(StandardCharsets.UTF_8),
            "h\u00e9 \u65e5\u672c \ud83d\ude00".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3, 0x28},
            {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xFF, 'a', (byte) 0x80}};
        ByteBuf buf;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT,
                CompressionType.NONE, 256)) {
            builder.baseOffset(0);
            for (int i = 0; i < samples.length; i++) {
                builder.append(1_700_000_000_000L, samples[i], samples[samples.length - 1 - i]);
            }
            buf = builder.build();
        }
        try {
            RecordReader reader = new RecordReader();
            reader.load(RecordBatches.of(buf).next(), RecordBatch.DEFAULT_MAX_UNCOMPRESSED_BYTES);
            int n = 0;
            while (reader.hasNext()) {
                reader.next();
                byte[] key = reader.key();
                byte[] value = reader.value();
                assertThat(key).isEqualTo(samples[n]);
                assertThat(reader.keyString()).isEqualTo(key == null ? null : new String(key, StandardCharsets.UTF_8));
                assertThat(reader.valueString())
                        .isEqualTo(value == null ? null : new String(value, StandardCharsets.UTF_8));
                n++;
            }
            assertThat(n).isEqualTo(samples.length);
        } finally {
            buf.release();
        }
    }

    /** The same bytes as {@code whole}, in a composite of components of 1 to 700 bytes, as socket reads arrive. */
    private static ByteBuf splitIntoReads(ByteBuf whole, Random random) {
        CompositeByteBuf composite = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(Integer.MAX_VALUE);
        int index = whole.readerIndex();
        while (index < whole.writerIndex()) {
            int length = Math.min(1 + random.nextInt(700), whole.writerIndex() - index);
            ByteBuf part = PooledByteBufAllocator.DEFAULT.directBuffer(length);
            part.writeBytes(whole, index, length);
            composite.addComponent(true, part);
            index += length;
        }
        // As the frame decoder does: a retained slice of the cumulation, past a response header.
        ByteBuf slice = composite.retainedSlice(composite.readerIndex(), composite.readableBytes());
        composite.release();
        return slice;
    }

    private static List<String> viaIterator(ByteBuf records) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.iterable(records)) {
            batch.ensureValid();
            try (RecordIterator it = batch.iterator()) {
                while (it.hasNext()) {
                    Record r = it.next();
                    out.add(describe(r.offset(), r.timestamp(), r.keyBytes(), r.valueBytes(), r.headers()));
                }
            }
        }
        return out;
    }

    private static List<String> viaReader(ByteBuf records) {
        List<String> out = new ArrayList<>();
        RecordReader reader = new RecordReader();
        for (RecordBatch batch : RecordBatches.iterable(records)) {
            batch.ensureValid();
            reader.load(batch, RecordBatch.DEFAULT_MAX_UNCOMPRESSED_BYTES);
            assertThat(reader.batch()).isSameAs(batch);
            while (reader.hasNext()) {
                reader.next();
                byte[] key = reader.key();
                byte[] value = reader.value();
                assertThat(reader.keySize()).isEqualTo(key == null ? -1 : key.length);
                assertThat(reader.valueSize()).isEqualTo(value == null ? -1 : value.length);
                out.add(describe(reader.offset(), reader.timestamp(), key, value, reader.headers()));
            }
        }
        reader.clear();
        return out;
    }

    private static String describe(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
        StringBuilder sb = new StringBuilder().append(offset).append('@').append(timestamp).append(" k=")
                .append(key == null ? "null" : Arrays.toString(key)).append(" v=")
                .append(value == null ? "null" : Arrays.toString(value)).append(" h=");
        for (Header h : headers) {
            sb.append(h.key()).append(':').append(h.value() == null ? "null" : Arrays.toString(h.value())).append(';');
        }
        return sb.toString();
    }

    private static byte[] bytesOrNull(Random random, int maxLength) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return new byte[0];
        }
        byte[] b = new byte[random.nextInt(maxLength)];
        random.nextBytes(b);
        return b;
    }

    private static Header[] headers(Random random) {
        int n = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        Header[] headers = new Header[n];
        for (int i = 0; i < n; i++) {
            headers[i] = new Header("h" + i + "-é", random.nextBoolean() ? null : bytesOrNull(random, 40));
        }
        return headers;
    }
}
