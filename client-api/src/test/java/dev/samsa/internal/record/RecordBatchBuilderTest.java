package dev.samsa.internal.record;

import dev.samsa.common.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.consumer.TimestampType;
import dev.samsa.internal.protocol.LeakWrappers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Header fields, control batches, LogAppendTime, in-place rewrites, size estimates and buffer ownership. */
class RecordBatchBuilderTest {
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    @AfterEach
    void nothingLeaks() {
        assertThat(used()).isZero();
    }

    private long used() {
        return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
    }

    private static MutableRecordBatch kafkaBatch(ByteBuf batch) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(BatchSpec.toNio(batch)).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        batches.get(0).ensureValid();
        return batches.get(0);
    }

    private static List<org.apache.kafka.common.record.Record> kafkaRecords(MutableRecordBatch batch) {
        List<org.apache.kafka.common.record.Record> records = new ArrayList<>();
        batch.forEach(records::add);
        return records;
    }

    /**
     * Builds both batches and asserts that {@code actual} holds the same bytes as {@code expected}, which Kafka reads
     * as {@code records} valid records.
     */
    private static void assertBuildsTheSameBatch(RecordBatchBuilder expected, RecordBatchBuilder actual, int records) {
        // The builders count the bytes they write rather than asking the buffer: for an uncompressed batch the count
        // must predict the built size exactly.
        int expectedEstimate = expected.estimatedSizeInBytes();
        int actualEstimate = actual.estimatedSizeInBytes();
        ByteBuf a = expected.build();
        ByteBuf b = actual.build();
        try {
            if (expected.compressionType() == CompressionType.NONE) {
                assertThat(a.readableBytes()).isEqualTo(expectedEstimate);
                assertThat(b.readableBytes()).isEqualTo(actualEstimate);
            }
            assertThat(BatchSpec.toBytes(b)).isEqualTo(BatchSpec.toBytes(a));
            assertThat(kafkaRecords(kafkaBatch(b))).hasSize(records);
        } finally {
            a.release();
            b.release();
        }
    }

    private static List<Record> ourRecords(RecordBatch batch) {
        List<Record> records = new ArrayList<>();
        try (RecordIterator it = batch.iterator()) {
            it.forEachRemaining(records::add);
        }
        return records;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producerIdEpochAndWrappingSequence(CompressionType type) {
        ByteBuf batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, type, 256)) {
            builder.producerState(42L, (short) 7, Integer.MAX_VALUE - 1).transactional(true);
            for (int i = 0; i < 3; i++) {
                builder.append(1000 + i, null, new byte[] {(byte) i});
            }
            batch = builder.build();
        }
        try {
            MutableRecordBatch kafka = kafkaBatch(batch);
            assertThat(kafka.hasProducerId()).isTrue();
            assertThat(kafka.producerId()).isEqualTo(42L);
            assertThat(kafka.producerEpoch()).isEqualTo((short) 7);
            assertThat(kafka.baseSequence()).isEqualTo(Integer.MAX_VALUE - 1);
            assertThat(kafka.lastSequence()).isEqualTo(0);
            assertThat(kafka.isTransactional()).isTrue();
            assertThat(kafkaRecords(kafka)).extracting(org.apache.kafka.common.record.Record::sequence)
                    .containsExactly(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0);

            RecordBatch ours = RecordBatch.wrap(batch);
            assertThat(ours.lastSequence()).isEqualTo(0);
            assertThat(ours.isTransactional()).isTrue();
            assertThat(ourRecords(ours)).extracting(Record::sequence)
                    .containsExactly(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0);
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ControlRecordType.class, names = {"COMMIT", "ABORT"})
    void transactionMarkersMatchTheOfficialClientBothWays(ControlRecordType type) {
        ByteBuf ours;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.NONE, 128)) {
            builder.baseOffset(77).partitionLeaderEpoch(3).producerState(42L, (short) 7, RecordBatch.NO_SEQUENCE)
                    .transactional(true).control(true);
            builder.appendEndTransactionMarker(1_700_000_000_000L, new EndTransactionMarker(type, 9));
            ours = builder.build();
        }
        try {
            org.apache.kafka.common.record.ControlRecordType kafkaType =
                    org.apache.kafka.common.record.ControlRecordType.valueOf(type.name());
            MemoryRecords kafka = MemoryRecords.withEndTransactionMarker(77, 1_700_000_000_000L, 3, 42L, (short) 7,
                    new org.apache.kafka.common.record.EndTransactionMarker(kafkaType, 9));
            assertThat(BatchSpec.toBytes(ours)).isEqualTo(BatchSpec.bytesOf(kafka.buffer()));

            MutableRecordBatch kafkaReadsOurs = kafkaBatch(ours);
            assertThat(kafkaReadsOurs.isControlBatch()).isTrue();
            org.apache.kafka.common.record.Record record = kafkaRecords(kafkaReadsOurs).get(0);
            assertThat(org.apache.kafka.common.record.ControlRecordType.parse(record.key())).isEqualTo(kafkaType);
            assertThat(org.apache.kafka.common.record.EndTransactionMarker.deserialize(record).coordinatorEpoch())
                    .isEqualTo(9);

            RecordBatch weReadKafka = RecordBatch.wrap(Unpooled.wrappedBuffer(kafka.buffer()));
            weReadKafka.ensureValid();
            assertThat(weReadKafka.isControl()).isTrue();
            assertThat(weReadKafka.isTransactional()).isTrue();
            Record marker = ourRecords(weReadKafka).get(0);
            assertThat(marker.offset()).isEqualTo(77);
            assertThat(ControlRecordType.parse(marker.key())).isEqualTo(type);
            assertThat(EndTransactionMarker.parse(marker)).isEqualTo(new EndTransactionMarker(type, 9));
        } finally {
            ours.release();
        }
    }

    @Test
    void aTransactionMarkerNeedsAControlTransactionalBatch() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.NONE, 128)) {
            assertThatThrownBy(() -> builder.appendEndTransactionMarker(1,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 0))).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new EndTransactionMarker(ControlRecordType.LEADER_CHANGE, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "GZIP"})
    void logAppendTimeReplacesEveryRecordTimestamp(CompressionType type) {
        ByteBuf batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, type, 256)) {
            builder.logAppendTime(5_000);
            builder.append(1_000, null, new byte[1]);
            builder.append(9_000, null, new byte[1]);
            assertThat(builder.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            batch = builder.build();
        }
        try {
            MutableRecordBatch kafka = kafkaBatch(batch);
            assertThat(kafka.timestampType())
                    .isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(kafka.maxTimestamp()).isEqualTo(5_000);
            assertThat(kafkaRecords(kafka)).extracting(org.apache.kafka.common.record.Record::timestamp)
                    .containsExactly(5_000L, 5_000L);
            RecordBatch ours = RecordBatch.wrap(batch);
            assertThat(ours.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(ours.baseTimestamp()).isEqualTo(1_000);
            assertThat(ourRecords(ours)).extracting(Record::timestamp).containsExactly(5_000L, 5_000L);
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4"})
    void brokerRewritesOffsetEpochAndAppendTimeInPlace(CompressionType type) {
        ByteBuf batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, type, 256)) {
            for (int i = 0; i < 5; i++) {
                builder.append(1_000 + i, ("k" + i).getBytes(), ("v" + i).getBytes());
            }
            batch = builder.build();
        }
        try {
            byte[] original = BatchSpec.toBytes(batch);
            RecordBatch view = RecordBatch.wrap(batch);
            view.setBaseOffset(1_000_000);
            view.setPartitionLeaderEpoch(12);
            view.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 99_000);
            assertThat(view.isValid()).isTrue();

            MutableRecordBatch kafka = kafkaBatch(batch);
            assertThat(kafka.baseOffset()).isEqualTo(1_000_000);
            assertThat(kafka.lastOffset()).isEqualTo(1_000_004);
            assertThat(kafka.partitionLeaderEpoch()).isEqualTo(12);
            assertThat(kafka.maxTimestamp()).isEqualTo(99_000);
            assertThat(kafkaRecords(kafka)).extracting(org.apache.kafka.common.record.Record::offset)
                    .containsExactly(1_000_000L, 1_000_001L, 1_000_002L, 1_000_003L, 1_000_004L);
            assertThat(kafkaRecords(kafka)).extracting(org.apache.kafka.common.record.Record::timestamp)
                    .containsOnly(99_000L);
            assertThat(ourRecords(view)).extracting(Record::offset)
                    .containsExactly(1_000_000L, 1_000_001L, 1_000_002L, 1_000_003L, 1_000_004L);

            // Undoing every change restores the original bytes, CRC included.
            view.setBaseOffset(0);
            view.setPartitionLeaderEpoch(-1);
            view.setMaxTimestamp(TimestampType.CREATE_TIME, 1_004);
            assertThat(BatchSpec.toBytes(batch)).isEqualTo(original);
        } finally {
            batch.release();
        }
    }

    @Test
    void uncompressedSizeEstimateIsExactAndFillsLikeTheOfficialBuilder() {
        byte[] value = new byte[100];
        byte[] key = "key".getBytes();
        MemoryRecordsBuilder kafka = MemoryRecords.builder(ByteBuffer.allocate(16 * 1024), Compression.NONE,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
        int kafkaCount = 0;
        while (kafka.hasRoomFor(1000 + kafkaCount, key, value, org.apache.kafka.common.record.Record.EMPTY_HEADERS)) {
            kafka.append(1000 + kafkaCount, key, value);
            kafkaCount++;
        }
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.NONE, 16 * 1024)) {
            int count = 0;
            while (builder.hasRoomFor(1000 + count, key.length, value.length, null, 16 * 1024)) {
                int before = builder.estimatedSizeInBytes();
                int next = builder.nextRecordSizeInBytes(1000 + count, key.length, value.length, null);
                builder.append(1000 + count, key, value);
                assertThat(builder.estimatedSizeInBytes()).isEqualTo(before + next);
                count++;
            }
            assertThat(count).isEqualTo(kafkaCount);
            int estimate = builder.estimatedSizeInBytes();
            ByteBuf batch = builder.build();
            try {
                assertThat(batch.readableBytes()).isEqualTo(estimate).isLessThanOrEqualTo(16 * 1024);
                assertThat(BatchSpec.toBytes(batch)).isEqualTo(BatchSpec.bytesOf(kafka.build().buffer()));
                assertThat(builder.compressionRatio()).isEqualTo(1.0f);
            } finally {
                batch.release();
            }
        }
    }


    @Test
    void aLeakDetectorsSamplingWrapperIsWrittenThroughAndHandedOverWhole() throws Exception {
        // Netty's SIMPLE-level wrapper (package-private) around a buffer, with a tracker that records what the
        // wrapper reports: the builder writes into the wrapped buffer but hands over (and would release) the wrapper.
        LeakWrappers.RecordingTracker tracker = new LeakWrappers.RecordingTracker();
        ByteBuf wrapper = LeakWrappers.simple(alloc.directBuffer(64), tracker);
        byte[] key = "key".getBytes();
        byte[] value = new byte[100];
        Header[] headers = {new Header("h", new byte[] {1})};
        try (RecordBatchBuilder wrapped = new RecordBatchBuilder(alloc, wrapper);
                RecordBatchBuilder plain = new RecordBatchBuilder(alloc, CompressionType.NONE, 64)) {
            for (int i = 0; i < 4; i++) { // the first record, the scratch path, headers, a large record; grows
                byte[] v = i == 3 ? new byte[5000] : value;
                Header[] h = i == 2 ? headers : null;
                assertThat(wrapped.tryAppend(1000 + i, key, v, h, Integer.MAX_VALUE)).isEqualTo(i);
                assertThat(plain.tryAppend(1000 + i, key, v, h, Integer.MAX_VALUE)).isEqualTo(i);
            }
            assertThat(wrapped.uncompressedRecordsSizeInBytes()).isEqualTo(plain.uncompressedRecordsSizeInBytes());
            ByteBuf a = wrapped.build();
            assertThat(a).isSameAs(wrapper);
            ByteBuf b = plain.build();
            try {
                assertThat(BatchSpec.toBytes(a)).isEqualTo(BatchSpec.toBytes(b));
                assertThat(kafkaRecords(kafkaBatch(a))).hasSize(4);
            } finally {
                b.release();
            }
        }
        assertThat(tracker.reported).isEmpty();
        assertThat(wrapper.release()).isTrue();
        assertThat(tracker.reported).containsExactly("close");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4"})
    void tryAppendWithoutHeadersWritesTheSameBytesAsAppend(CompressionType type) {
        // Null and empty keys and values, lengths across the one/two-byte varint boundary (64 zig-zagged), and
        // timestamp deltas of one to several varint bytes, negative ones included, on both sides of the one/two-byte
        // boundary and of the int range (tryAppend writes a delta that fits an int as a varint).
        byte[][] keys = {null, new byte[0], "k".getBytes(), new byte[63], new byte[64], new byte[300]};
        byte[][] values = {null, new byte[0], new byte[1], new byte[63], new byte[64], new byte[100], new byte[9000]};
        long base = 1L << 40;
        long[] timestamps = {base, base + 1, base - 1_000, base + (1L << 35), base + 70, base + 63, base + 64,
            base - 64, base - 65, base + Integer.MAX_VALUE, base + Integer.MAX_VALUE + 1L, base + Integer.MIN_VALUE,
            base + Integer.MIN_VALUE - 1L};
        try (RecordBatchBuilder appended = new RecordBatchBuilder(alloc, type, 1024);
                RecordBatchBuilder tried = new RecordBatchBuilder(alloc, type, 1024)) {
            int i = 0;
            for (byte[] key : keys) {
                for (byte[] value : values) {
                    long ts = timestamps[i % timestamps.length];
                    assertThat(appended.append(ts, key, value, null)).isEqualTo(i);
                    assertThat(tried.tryAppend(ts, key, value, null, Integer.MAX_VALUE)).isEqualTo(i);
                    i++;
                }
            }
            assertBuildsTheSameBatch(appended, tried, i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4"})
    void tryAppendWritesRecordsAroundTheScratchLimitsAsAppendDoes(CompressionType type) {
        // Header-less records up to 4 KiB are assembled in a scratch array that grows from 160 bytes; larger ones are
        // written field by field. Sizes on both sides of every boundary, growing and shrinking, keyed and not.
        int[] valueSizes = {90, 150, 152, 153, 160, 300, 4060, 4080, 4085, 4086, 4087, 4090, 4100, 5000, 100, 0};
        byte[] key = "key-7".getBytes();
        Random random = new Random(7);
        try (RecordBatchBuilder appended = new RecordBatchBuilder(alloc, type, 256);
                RecordBatchBuilder tried = new RecordBatchBuilder(alloc, type, 256)) {
            int i = 0;
            for (byte[] k : new byte[][] {null, key}) {
                for (int size : valueSizes) {
                    byte[] value = new byte[size];
                    random.nextBytes(value);
                    assertThat(appended.append(1_000_000L + i, k, value, null)).isEqualTo(i);
                    assertThat(tried.tryAppend(1_000_000L + i, k, value, null, Integer.MAX_VALUE)).isEqualTo(i);
                    assertThat(tried.uncompressedRecordsSizeInBytes())
                            .isEqualTo(appended.uncompressedRecordsSizeInBytes());
                    i++;
                }
            }
            assertBuildsTheSameBatch(appended, tried, i);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aBatchsFirstRecordIsTakenWhateverItsSizeAndWrittenAsAppendDoes(CompressionType type) {
        // The first record of an empty batch: small, around the scratch limit, larger than the buffer's initial
        // capacity and than the limit passed (an empty batch takes any record), keyed or not, with or without headers
        // or timestamp; then a second record as usual.
        int[] valueSizes = {0, 100, 1024, 4080, 4100, 20_000};
        Header[] headers = {new Header("h", new byte[] {1})};
        Random random = new Random(11);
        for (int size : valueSizes) {
            for (byte[] key : new byte[][] {null, "key".getBytes()}) {
                for (long ts : new long[] {1_700_000_000_000L, RecordBatch.NO_TIMESTAMP}) {
                    for (Header[] h : new Header[][] {null, headers}) {
                        byte[] value = new byte[size];
                        random.nextBytes(value);
                        try (RecordBatchBuilder appended = new RecordBatchBuilder(alloc, type, 256);
                                RecordBatchBuilder tried = new RecordBatchBuilder(alloc, type, 256)) {
                            assertThat(appended.append(ts, key, value, h)).isZero();
                            assertThat(tried.tryAppend(ts, key, value, h, 1000)).isZero();
                            assertThat(tried.uncompressedRecordsSizeInBytes())
                                    .isEqualTo(appended.uncompressedRecordsSizeInBytes());
                            assertThat(appended.append(ts + 5, key, new byte[10], null)).isOne();
                            assertThat(tried.tryAppend(ts + 5, key, new byte[10], null, Integer.MAX_VALUE)).isOne();
                            assertBuildsTheSameBatch(appended, tried, 2);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4"})
    void tryAppendWithoutHeadersFillsExactlyAsHasRoomForThenAppend(CompressionType type) {
        assertTryAppendFillsExactlyAsHasRoomForThenAppend(type, null, null);
    }

    /**
     * Fills a 16 KiB batch with {@code tryAppend} and another with {@code hasRoomFor} then {@code append}, records of
     * {@code key}, a 100-byte value and {@code headers}: the same records go in, the same bytes come out, and a built
     * batch takes no more.
     */
    private void assertTryAppendFillsExactlyAsHasRoomForThenAppend(CompressionType type, byte[] key,
            Header[] headers) {
        byte[] value = new byte[100];
        int keySize = key == null ? -1 : key.length;
        try (RecordBatchBuilder checked = new RecordBatchBuilder(alloc, type, 16 * 1024);
                RecordBatchBuilder tried = new RecordBatchBuilder(alloc, type, 16 * 1024)) {
            int count = 0;
            while (checked.hasRoomFor(1000 + count, keySize, value.length, headers, 16 * 1024)) {
                assertThat(checked.append(1000 + count, key, value, headers)).isEqualTo(count);
                assertThat(tried.tryAppend(1000 + count, key, value, headers, 16 * 1024)).isEqualTo(count);
                count++;
            }
            assertThat(tried.tryAppend(1000 + count, key, value, headers, 16 * 1024)).isEqualTo(-1);
            assertThat(tried.recordCount()).isEqualTo(count).isEqualTo(checked.recordCount());
            assertBuildsTheSameBatch(checked, tried, count);
            assertThat(tried.tryAppend(1, key, value, null, Integer.MAX_VALUE)).as("built").isEqualTo(-1);
        }
    }

    @Test
    void aHandedInBufferIsReusedAndHandedOverByBuild() {
        ByteBuf buffer = alloc.directBuffer(256);
        buffer.writeBytes(new byte[200]); // old contents are discarded
        byte[] value = new byte[100];
        try (RecordBatchBuilder recycled = new RecordBatchBuilder(alloc, buffer);
                RecordBatchBuilder fresh = new RecordBatchBuilder(alloc, CompressionType.NONE, 256)) {
            for (int i = 0; i < 5; i++) { // grows past the 256 bytes handed in
                recycled.append(1000 + i, null, value, null);
                fresh.append(1000 + i, null, value, null);
            }
            ByteBuf a = recycled.build();
            ByteBuf b = fresh.build();
            try {
                assertThat(a).isSameAs(buffer);
                assertThat(BatchSpec.toBytes(a)).isEqualTo(BatchSpec.toBytes(b));
            } finally {
                a.release();
                b.release();
            }
        }
        ByteBuf shared = alloc.directBuffer(256).retain();
        try {
            assertThatThrownBy(() -> new RecordBatchBuilder(alloc, shared)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reference count: 2");
        } finally {
            shared.release(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4"})
    void tryAppendFillsExactlyAsHasRoomForThenAppend(CompressionType type) {
        byte[] key = "key".getBytes();
        assertTryAppendFillsExactlyAsHasRoomForThenAppend(type, key, new Header[] {new Header("h", new byte[] {1, 2})});
        try (RecordBatchBuilder empty = new RecordBatchBuilder(alloc, type, 64)) {
            assertThat(empty.tryAppend(1, key, new byte[1000], null, 64)).as("an empty batch takes any record")
                    .isZero();
        }
    }
    @Test
    void compressedEstimateUsesTheRatioAndReportsTheActualOne() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.LZ4, 1024)) {
            builder.estimatedCompressionRatio(0.5f);
            for (int i = 0; i < 100; i++) {
                builder.append(1000, null, "the same value again and again".getBytes());
            }
            int uncompressed = builder.uncompressedRecordsSizeInBytes();
            assertThat(builder.estimatedSizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE + uncompressed / 2);
            ByteBuf batch = builder.build();
            try {
                assertThat(builder.estimatedSizeInBytes()).isEqualTo(batch.readableBytes());
                assertThat(builder.compressionRatio())
                        .isEqualTo((float) (batch.readableBytes() - RecordBatch.HEADER_SIZE) / uncompressed)
                        .isLessThan(0.2f);
                assertThat(builder.hasRoomFor(1000, 1, 1, null, Integer.MAX_VALUE)).isFalse();
            } finally {
                batch.release();
            }
        }
    }

    @Test
    void invalidArgumentsAndStatesFailFast() {
        assertThatThrownBy(() -> new RecordBatchBuilder(alloc, CompressionType.LZ4, 18, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("compression.lz4.level: 18 (expected: 1..17)");
        assertThatThrownBy(() -> new RecordBatchBuilder(alloc, CompressionType.GZIP, 0, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compression.gzip.level: 0 (expected: 1..9 or -1)");
        assertThatThrownBy(() -> new RecordBatchBuilder(alloc, CompressionType.NONE, -1))
                .isInstanceOf(IllegalArgumentException.class);
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.NONE, 16)) {
            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no records");
            assertThatThrownBy(() -> builder.append(-2, null, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-2 ms");
            assertThatThrownBy(() -> builder.append(1, (byte[]) null, null, new Header[] {null}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.logAppendTime(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.estimatedCompressionRatio(0f))
                    .isInstanceOf(IllegalArgumentException.class);
            builder.append(RecordBatch.NO_TIMESTAMP, null, null);
            builder.build().release();
            assertThatThrownBy(() -> builder.append(1, null, null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> builder.baseOffset(1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Hands out the buffers it is given, in order, and keeps the ones given back. */
    private static final class ListedBuffers implements RecordBatchBuilder.Buffers {
        final List<ByteBuf> free = new ArrayList<>();
        final List<Integer> asked = new ArrayList<>();
        final List<ByteBuf> recycled = new ArrayList<>();

        @Override
        public ByteBuf take(int minCapacity) {
            asked.add(minCapacity);
            return free.remove(0).clear();
        }

        @Override
        public void recycle(ByteBuf buffer) {
            recycled.add(buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aCompressedBatchTakesItsBuffersFromThoseHandedInAndBuildsTheSameBytes(CompressionType type) {
        Random random = new Random(7);
        byte[][] values = new byte[40][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[i % 3 == 0 ? 1024 : 100 + i]; // the records outgrow the buffers handed in
            for (int j = 0; j < values[i].length; j++) {
                values[i][j] = (byte) ('a' + random.nextInt(i % 2 == 0 ? 4 : 26));
            }
        }
        ListedBuffers buffers = new ListedBuffers();
        ByteBuf first = alloc.directBuffer(512);
        ByteBuf second = alloc.directBuffer(64);
        first.writeBytes(new byte[50]); // old contents are discarded
        buffers.free.add(first);
        buffers.free.add(second);
        int level = type.hasLevels() ? type.defaultLevel() : 0;
        try (RecordBatchBuilder supplied = new RecordBatchBuilder(alloc, type, level, 512, buffers);
                RecordBatchBuilder allocated = new RecordBatchBuilder(alloc, type, 512)) {
            for (int i = 0; i < values.length; i++) {
                assertThat(supplied.tryAppend(1000 + i, null, values[i], null, Integer.MAX_VALUE)).isEqualTo(i);
                allocated.append(1000 + i, null, values[i], null);
            }
            boolean lz4 = type == CompressionType.LZ4;
            assertThat(buffers.asked).as("lz4 writes its records into a buffer handed in")
                    .isEqualTo(lz4 ? List.of(512) : List.of());
            ByteBuf a = supplied.build();
            ByteBuf b = allocated.build();
            try {
                assertThat(buffers.asked).hasSize(lz4 ? 2 : 1);
                assertThat(buffers.asked.get(buffers.asked.size() - 1)).as("the bytes the codec may need")
                        .isGreaterThan(RecordBatch.HEADER_SIZE);
                assertThat(a).as("grown if the buffer handed in is too small").isSameAs(lz4 ? second : first);
                assertThat(buffers.recycled).as("lz4's records buffer goes back once compressed")
                        .isEqualTo(lz4 ? List.of(first) : List.of());
                assertThat(BatchSpec.toBytes(a)).isEqualTo(BatchSpec.toBytes(b));
                List<org.apache.kafka.common.record.Record> records = kafkaRecords(kafkaBatch(a));
                assertThat(records).hasSize(values.length);
                for (int i = 0; i < values.length; i++) {
                    byte[] value = new byte[records.get(i).valueSize()];
                    records.get(i).value().get(value);
                    assertThat(value).isEqualTo(values[i]);
                }
            } finally {
                a.release();
                b.release();
            }
        } finally {
            buffers.free.forEach(ByteBuf::release);
            buffers.recycled.forEach(ByteBuf::release);
        }
    }

    @Test
    void anAbandonedLz4BatchGivesItsRecordsBufferBack() {
        ListedBuffers buffers = new ListedBuffers();
        ByteBuf buffer = alloc.directBuffer(256);
        buffers.free.add(buffer);
        RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.LZ4, 9, 256, buffers);
        builder.append(1, null, new byte[1000]);
        builder.close();
        builder.close();
        assertThat(buffers.recycled).containsExactly(buffer);
        assertThat(buffer.refCnt()).isOne();
        buffer.release();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void buffersAreReleasedOrHandedOver(CompressionType type) {
        RecordBatchBuilder abandoned = new RecordBatchBuilder(alloc, type, 4096);
        abandoned.append(1, null, new byte[5000]);
        assertThat(used()).isPositive();
        abandoned.close();
        abandoned.close();
        assertThat(used()).isZero();

        ByteBuf batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, type, 4096)) {
            builder.append(1, null, new byte[5000]);
            batch = builder.build();
        }
        assertThat(used()).isEqualTo(batch.capacity());
        RecordIterator records = RecordBatch.wrap(batch).iterator();
        assertThat(records.next().valueBytes()).hasSize(5000);
        records.close();
        assertThat(used()).isEqualTo(batch.capacity());
        assertThatThrownBy(records::next).isInstanceOf(IllegalStateException.class);
        batch.release();
    }

    @Test
    void keysAndValuesAreSlicesOfTheUncompressedBatch() {
        ByteBuf batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, CompressionType.NONE, 64)) {
            builder.append(1, "key".getBytes(), "value".getBytes(), new Header[] {new Header("h", null)});
            batch = builder.build();
        }
        try {
            Record record = ourRecords(RecordBatch.wrap(batch)).get(0);
            // The batch ends with the value, then the header count, key length, key "h" and value length -1.
            batch.setByte(batch.writerIndex() - 9, 'V');
            assertThat(new String(record.valueBytes())).isEqualTo("Value");
            assertThat(record.headers()).containsExactly(new Header("h", null));
            assertThat(record.sizeInBytes()).isEqualTo(batch.readableBytes() - RecordBatch.HEADER_SIZE);
        } finally {
            batch.release();
        }
    }
}
