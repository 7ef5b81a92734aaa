package dev.samsa.internal.record;

import dev.samsa.common.Header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.consumer.TimestampType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;

/**
 * The input of one record batch, generated at random from a seed, and the ways to build it with Samsa's builder
 * and with the official client's {@link MemoryRecordsBuilder}, and to compare what each side reads back.
 */
record BatchSpec(CompressionType compression, int level, long baseOffset, int partitionLeaderEpoch, long producerId,
        short producerEpoch, int baseSequence, boolean transactional, TimestampType timestampType,
        long logAppendTime, List<RecordSpec> records) {

    record RecordSpec(long timestamp, byte[] key, byte[] value, Header[] headers) {
    }

    static BatchSpec random(long seed, CompressionType compression) {
        Random r = new Random(seed);
        int level = 0;
        if (compression.hasLevels()) {
            // Mostly the default; sometimes another level Kafka accepts (lz4 and zstd HC levels are slow: keep low).
            level = r.nextInt(4) == 0
                    ? switch (compression) {
                        case GZIP -> 1 + r.nextInt(9);
                        case LZ4 -> 1 + r.nextInt(12);
                        case ZSTD -> -5 + r.nextInt(12);
                        default -> throw new AssertionError();
                    }
                    : compression.defaultLevel();
        }
        boolean idempotent = r.nextBoolean();
        long producerId = idempotent ? r.nextLong() & Long.MAX_VALUE : RecordBatch.NO_PRODUCER_ID;
        short producerEpoch = idempotent ? (short) r.nextInt(Short.MAX_VALUE + 1) : RecordBatch.NO_PRODUCER_EPOCH;
        // Sometimes start near Integer.MAX_VALUE so that record sequences wrap.
        int baseSequence = !idempotent ? RecordBatch.NO_SEQUENCE
                : r.nextInt(4) == 0 ? Integer.MAX_VALUE - r.nextInt(20) : r.nextInt(Integer.MAX_VALUE);
        boolean transactional = idempotent && r.nextBoolean();
        boolean logAppend = r.nextInt(5) == 0;
        long baseTime = 1_700_000_000_000L + r.nextInt(1_000_000_000);
        int count = 1 + r.nextInt(r.nextBoolean() ? 5 : 300);
        List<RecordSpec> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long timestamp = r.nextInt(30) == 0 ? RecordBatch.NO_TIMESTAMP
                    : Math.max(0, baseTime + r.nextInt(2_000_000) - 1_000_000);
            byte[] key = r.nextInt(10) < 3 ? null : bytes(r, r.nextInt(33));
            int valueSize = r.nextInt(20) == 0 ? r.nextInt(70_000) : r.nextInt(300);
            byte[] value = r.nextInt(10) == 0 ? null : bytes(r, valueSize);
            Header[] headers = null;
            if (r.nextInt(10) < 3) {
                headers = new Header[r.nextInt(5)];
                for (int h = 0; h < headers.length; h++) {
                    headers[h] = new Header("h" + h + (r.nextBoolean() ? "-\u00fc\u6f22\ud83d\ude00" : ""),
                            r.nextInt(4) == 0 ? null : bytes(r, r.nextInt(40)));
                }
            }
            records.add(new RecordSpec(timestamp, key, value, headers));
        }
        long baseOffset = r.nextBoolean() ? 0 : r.nextLong() & ((1L << 50) - 1);
        int partitionLeaderEpoch = r.nextBoolean() ? RecordBatch.NO_PARTITION_LEADER_EPOCH : r.nextInt(1000);
        return new BatchSpec(compression, level, baseOffset, partitionLeaderEpoch, producerId, producerEpoch,
                baseSequence, transactional, logAppend ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                logAppend ? baseTime + 5_000 : RecordBatch.NO_TIMESTAMP, records);
    }

    /** Either compressible (a small alphabet in runs) or random bytes, so both LZ4 block kinds occur. */
    static byte[] bytes(Random r, int size) {
        byte[] b = new byte[size];
        if (r.nextInt(3) == 0) {
            r.nextBytes(b);
        } else {
            int i = 0;
            while (i < size) {
                byte v = (byte) ('a' + r.nextInt(6));
                int run = 1 + r.nextInt(8);
                for (int j = 0; j < run && i < size; j++) {
                    b[i++] = v;
                }
            }
        }
        return b;
    }

    /** Builds the batch with Samsa's builder; key and value go in as byte arrays or buffers at random. */
    ByteBuf buildOurs(ByteBufAllocator alloc, Random r) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, compression, level, 16 * 1024)) {
            builder.baseOffset(baseOffset).partitionLeaderEpoch(partitionLeaderEpoch)
                    .producerState(producerId, producerEpoch, baseSequence).transactional(transactional);
            if (timestampType == TimestampType.LOG_APPEND_TIME) {
                builder.logAppendTime(logAppendTime);
            }
            int i = 0;
            for (RecordSpec record : records) {
                int delta;
                if (r.nextBoolean()) {
                    delta = builder.append(record.timestamp(), record.key(), record.value(), record.headers());
                } else {
                    ByteBuf key = record.key() == null ? null : offsetBuffer(record.key(), r);
                    ByteBuf value = record.value() == null ? null : offsetBuffer(record.value(), r);
                    delta = builder.append(record.timestamp(), key, value, record.headers());
                    if (key != null) {
                        assertThat(key.readableBytes()).isEqualTo(record.key().length);
                        key.release();
                    }
                    if (value != null) {
                        value.release();
                    }
                }
                assertThat(delta).isEqualTo(i++);
            }
            return builder.build();
        }
    }

    /** The bytes in a buffer whose readable region does not start at 0, to catch index mix-ups. */
    private static ByteBuf offsetBuffer(byte[] bytes, Random r) {
        int pad = r.nextInt(3);
        ByteBuf buf = r.nextBoolean() ? Unpooled.buffer(bytes.length + 2 * pad)
                : Unpooled.directBuffer(bytes.length + 2 * pad);
        buf.writeZero(pad).writeBytes(bytes).writeZero(pad);
        buf.readerIndex(pad).writerIndex(pad + bytes.length);
        return buf;
    }

    /** Builds the batch with the official client. */
    ByteBuffer buildKafka() {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(ByteBuffer.allocate(1024),
                org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2, kafkaCompression(),
                kafkaTimestampType(), baseOffset, logAppendTime, producerId, producerEpoch, baseSequence,
                transactional, false, partitionLeaderEpoch, Integer.MAX_VALUE);
        for (RecordSpec record : records) {
            builder.append(record.timestamp(), record.key(), record.value(), kafkaHeaders(record.headers()));
        }
        return builder.build().buffer();
    }

    Compression kafkaCompression() {
        return switch (compression) {
            case NONE -> Compression.NONE;
            case GZIP -> Compression.gzip().level(level).build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().level(level).build();
            case ZSTD -> Compression.zstd().level(level).build();
        };
    }

    org.apache.kafka.common.record.TimestampType kafkaTimestampType() {
        return timestampType == TimestampType.LOG_APPEND_TIME
                ? org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                : org.apache.kafka.common.record.TimestampType.CREATE_TIME;
    }

    static org.apache.kafka.common.header.Header[] kafkaHeaders(Header[] headers) {
        if (headers == null) {
            return org.apache.kafka.common.record.Record.EMPTY_HEADERS;
        }
        return Arrays.stream(headers).map(h -> new RecordHeader(h.key(), h.value()))
                .toArray(org.apache.kafka.common.header.Header[]::new);
    }

    long expectedMaxTimestamp() {
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            return logAppendTime;
        }
        return records.stream().mapToLong(RecordSpec::timestamp).max().orElseThrow();
    }

    long expectedTimestamp(int i) {
        return timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : records.get(i).timestamp();
    }

    int expectedSequence(int i) {
        return RecordBatch.incrementSequence(baseSequence, i);
    }

    /** Checks a batch as the official client reads it against this spec. */
    void assertKafkaReads(ByteBuffer bytes) {
        MemoryRecords memoryRecords = MemoryRecords.readableRecords(bytes);
        List<MutableRecordBatch> batches = new ArrayList<>();
        memoryRecords.batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        MutableRecordBatch batch = batches.get(0);
        batch.ensureValid();
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.baseOffset()).isEqualTo(baseOffset);
        assertThat(batch.lastOffset()).isEqualTo(baseOffset + records.size() - 1);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(partitionLeaderEpoch);
        assertThat((int) batch.compressionType().id).isEqualTo(compression.id());
        assertThat(batch.timestampType()).isEqualTo(kafkaTimestampType());
        assertThat(batch.maxTimestamp()).isEqualTo(expectedMaxTimestamp());
        assertThat(batch.producerId()).isEqualTo(producerId);
        assertThat(batch.producerEpoch()).isEqualTo(producerEpoch);
        assertThat(batch.baseSequence()).isEqualTo(baseSequence);
        assertThat(batch.isTransactional()).isEqualTo(transactional);
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.countOrNull()).isEqualTo(records.size());
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.remaining());
        int i = 0;
        for (org.apache.kafka.common.record.Record record : batch) {
            RecordSpec expected = records.get(i);
            assertThat(record.offset()).as("offset of record %d", i).isEqualTo(baseOffset + i);
            assertThat(record.timestamp()).as("timestamp of record %d", i).isEqualTo(expectedTimestamp(i));
            assertThat(record.sequence()).as("sequence of record %d", i).isEqualTo(expectedSequence(i));
            assertThat(bytesOf(record.key())).as("key of record %d", i).isEqualTo(expected.key());
            assertThat(bytesOf(record.value())).as("value of record %d", i).isEqualTo(expected.value());
            Header[] headers = Arrays.stream(record.headers()).map(h -> new Header(h.key(), h.value()))
                    .toArray(Header[]::new);
            assertThat(headers).as("headers of record %d", i)
                    .containsExactly(expected.headers() == null ? new Header[0] : expected.headers());
            i++;
        }
        assertThat(i).isEqualTo(records.size());
    }

    /** Checks a batch as Samsa reads it against this spec. */
    void assertOursReads(ByteBuf bytes) {
        RecordBatch batch = RecordBatch.wrap(bytes);
        assertThat(batch.isValid()).isTrue();
        batch.ensureValid();
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.readableBytes());
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.baseOffset()).isEqualTo(baseOffset);
        assertThat(batch.lastOffsetDelta()).isEqualTo(records.size() - 1);
        assertThat(batch.lastOffset()).isEqualTo(baseOffset + records.size() - 1);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(partitionLeaderEpoch);
        assertThat(batch.compressionType()).isEqualTo(compression);
        assertThat(batch.timestampType()).isEqualTo(timestampType);
        assertThat(batch.baseTimestamp()).isEqualTo(records.get(0).timestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(expectedMaxTimestamp());
        assertThat(batch.producerId()).isEqualTo(producerId);
        assertThat(batch.producerEpoch()).isEqualTo(producerEpoch);
        assertThat(batch.baseSequence()).isEqualTo(baseSequence);
        assertThat(batch.lastSequence()).isEqualTo(expectedSequence(records.size() - 1));
        assertThat(batch.isTransactional()).isEqualTo(transactional);
        assertThat(batch.isControl()).isFalse();
        assertThat(batch.hasDeleteHorizon()).isFalse();
        assertThat(batch.recordCount()).isEqualTo(records.size());
        try (RecordIterator it = batch.iterator()) {
            int i = 0;
            while (it.hasNext()) {
                Record record = it.next();
                RecordSpec expected = records.get(i);
                assertThat(record.offset()).as("offset of record %d", i).isEqualTo(baseOffset + i);
                assertThat(record.timestamp()).as("timestamp of record %d", i).isEqualTo(expectedTimestamp(i));
                assertThat(record.sequence()).as("sequence of record %d", i).isEqualTo(expectedSequence(i));
                assertThat(record.hasKey()).isEqualTo(expected.key() != null);
                assertThat(record.keyBytes()).as("key of record %d", i).isEqualTo(expected.key());
                assertThat(record.valueBytes()).as("value of record %d", i).isEqualTo(expected.value());
                assertThat(record.headers()).as("headers of record %d", i)
                        .containsExactly(expected.headers() == null ? new Header[0] : expected.headers());
                i++;
            }
            assertThat(i).isEqualTo(records.size());
        }
    }

    static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    static ByteBuffer toNio(ByteBuf buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
        buf.getBytes(buf.readerIndex(), copy);
        copy.flip();
        return copy;
    }

    static byte[] toBytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }
}
