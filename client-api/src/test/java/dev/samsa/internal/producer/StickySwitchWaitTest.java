package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.StickyPartitionerTest.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.producer.Acks;
import dev.samsa.time.ManualTime;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The sticky partitioner's switch waits for the partition's last batch to fill, or for twice {@code batch.size} bytes
 * (KAFKA-14156), through the accumulator's append as the producer calls it. No sender runs: the test takes a
 * partition's batches as sent when the sticky partition moves away from it, as {@code linger.ms} would send them
 * before the partition is chosen again.
 */
class StickySwitchWaitTest {
    private static final int BATCH = 16 * 1024;
    private static final int PARTITIONS = 8;
    private static final int RECORDS = 20_000;
    private static final byte[] VALUE = new byte[100];
    private static final long TIMESTAMP = 1_700_000_000_000L;
    /** An upper bound of one such record's size in a batch: 100 bytes of value and at most 10 of framing. */
    private static final int RECORD_MAX = 110;

    private final Cluster cluster = StickyPartitionerTest.cluster(0, 1, 2, 0, 1, 2, 0, 1);

    private static RecordAccumulator accumulator(int batchSize) {
        ProducerSettings settings = new ProducerSettings(Acks.ALL, 5, batchSize, 64L << 20, CompressionType.NONE, 0,
                false, 120_000, 30_000, 0, 100, 1000, 5, 1 << 20, 1000, "c", 300_000, 300_000, false, true, 0, null);
        ManualTime time = new ManualTime();
        return new RecordAccumulator(settings, new BufferPool(settings.bufferMemory(), time),
                UnpooledByteBufAllocator.DEFAULT, time::milliseconds);
    }

    /**
     * Sends {@link #RECORDS} null-key records of 100 bytes as the producer does, moving a partition's batches to
     * {@code sent} when the sticky partition leaves it; returns the bytes appended.
     */
    private long send(RecordAccumulator accumulator, StickyPartitioner partitioner, List<ProducerBatch> sent) {
        StickyPartitioner.TopicState state = partitioner.state(TOPIC);
        for (int i = 0; i < RECORDS; i++) {
            int p = state.current(TOPIC, cluster);
            RecordAccumulator.PartitionQueue queue = accumulator.queue(TOPIC, p);
            accumulator.append(queue, TIMESTAMP, null, VALUE, null, null, SamsaProducer.sizeBound(null, VALUE, null),
                    1000, 0, state, cluster);
            if (state.current(TOPIC, cluster) != p) {
                sent.addAll(queue);
                queue.clear();
            }
        }
        long bytes = 0;
        for (ProducerBatch b : sent) {
            bytes += b.sizeInBytes();
        }
        for (ProducerBatch b : batches(accumulator)) {
            bytes += b.sizeInBytes();
        }
        return bytes;
    }

    private static List<ProducerBatch> batches(RecordAccumulator accumulator) {
        List<ProducerBatch> all = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.addAll(accumulator.queue(TOPIC, p));
        }
        return all;
    }

    /**
     * Fails every batch, which frees its buffer (no sender ever takes them), then releases the free batch buffers,
     * spare ones included, as closing a producer does.
     */
    private static void release(List<ProducerBatch> sent, RecordAccumulator accumulator) {
        List<ProducerBatch> all = new ArrayList<>(sent);
        all.addAll(batches(accumulator));
        for (ProducerBatch b : all) {
            b.fail(new IllegalStateException("test over"));
        }
        accumulator.releaseBuffers();
    }

    @Test
    void batchesAreFullWhenTheStickyPartitionSwitches() {
        RecordAccumulator accumulator = accumulator(BATCH);
        StickyPartitioner partitioner = new StickyPartitioner(BATCH, true, 0, accumulator::queuedBatches,
                new SplittableRandom(7));
        List<ProducerBatch> sent = new ArrayList<>();
        long bytes = send(accumulator, partitioner, sent);
        // The switch waits until the partition's last batch has no room for another record, so every batch sent
        // when the partition was left holds more than batch.size minus one record. The earlier rule (switch at
        // batch.size bytes, whatever the batch) left a partly filled batch behind at each switch.
        assertThat(sent).hasSizeGreaterThan(100).allSatisfy(b -> assertThat(b.sizeInBytes()).as("%s", b)
                .isGreaterThan(BATCH - RECORD_MAX));
        assertThat(sent.stream().map(b -> b.tp.partition()).distinct().count()).as("partitions used")
                .isGreaterThanOrEqualTo(6);
        // So the batches are as few as full batches need, plus at most one open batch per partition at the end.
        int batches = sent.size() + batches(accumulator).size();
        assertThat(batches).isLessThanOrEqualTo((int) (bytes / (BATCH - RECORD_MAX)) + PARTITIONS);
        release(sent, accumulator);
    }

    @Test
    void batchesThatNeverFillSwitchAtTwiceTheStickySize() {
        // Batches twice the sticky size never fill within a stint: the switch comes at 2 x the sticky bytes.
        AtomicLong choices = new AtomicLong();
        SplittableRandom seeded = new SplittableRandom(11);
        RandomGenerator counting = () -> {
            choices.incrementAndGet();
            return seeded.nextLong();
        };
        RecordAccumulator accumulator = accumulator(2 * BATCH + 4 * RECORD_MAX);
        StickyPartitioner partitioner = new StickyPartitioner(BATCH, false, 0, accumulator::queuedBatches, counting);
        List<ProducerBatch> sent = new ArrayList<>();
        long bytes = send(accumulator, partitioner, sent);
        long switches = choices.get() - 1; // the first choice is not a switch
        // Each stint has at least 2 x BATCH bytes and at most one record (and one batch header) more.
        assertThat(switches).isLessThanOrEqualTo(bytes / (2L * BATCH))
                .isGreaterThanOrEqualTo(bytes / (2L * BATCH + RECORD_MAX + RecordBatch.HEADER_SIZE) - 1);
        release(sent, accumulator);
    }
}
