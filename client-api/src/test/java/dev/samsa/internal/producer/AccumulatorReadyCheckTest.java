package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.StickyPartitionerTest.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.producer.Acks;
import dev.samsa.time.ManualTime;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The accumulator's readiness check (each ready leader once, refilled by every call, each queue's leader recorded for
 * the drains) and its list of incomplete batches (creation order, idempotent removal), driven directly, without a
 * sender.
 */
class AccumulatorReadyCheckTest {
    private static final byte[] VALUE = new byte[100];
    private static final long LINGER_MS = 5;

    private final ManualTime time = new ManualTime();
    private final RecordAccumulator accumulator = accumulator();

    private RecordAccumulator accumulator() {
        ProducerSettings settings = new ProducerSettings(Acks.ALL, LINGER_MS, 16 * 1024, 64L << 20,
                CompressionType.NONE, 0, false, 120_000, 30_000, 0, 100, 1000, 5, 1 << 20, 1000, "c", 300_000, 300_000,
                false, true, 0, null);
        return new RecordAccumulator(settings, new BufferPool(settings.bufferMemory(), time),
                UnpooledByteBufAllocator.DEFAULT, time::milliseconds);
    }

    private void append(int partition) {
        accumulator.append(accumulator.queue(TOPIC, partition), 0L, null, VALUE, null, null,
                SamsaProducer.sizeBound(null, VALUE, null), 0, time.milliseconds());
    }

    private static List<Integer> ids(List<Node> nodes) {
        List<Integer> ids = new ArrayList<>();
        for (Node n : nodes) {
            ids.add(n.id());
        }
        return ids;
    }

    @Test
    void eachReadyLeaderOnceInOrderFoundWithFewBrokers() {
        // Partitions 0..5 led by brokers 0, 1, 2, 0, 1, 2; partition 6 has no leader.
        Cluster cluster = StickyPartitionerTest.cluster(0, 1, 2, 0, 1, 2, -1);
        for (int p = 0; p <= 6; p++) {
            append(p);
        }
        RecordAccumulator.ReadyCheck check = accumulator.ready(cluster, time.milliseconds(), true, null);
        assertThat(ids(check.readyNodes)).containsExactly(0, 1, 2);
        assertThat(check.unknownLeaderTopics).containsExactly(TOPIC);
        for (RecordAccumulator.PartitionQueue q : check.queues) {
            Node expected = cluster.leaderFor(q.tp);
            assertThat(q.leader).as("%s", q.tp).isEqualTo(expected);
        }
        release();
    }

    @Test
    void eachReadyLeaderOnceWithMoreBrokersThanTheScanCovers() {
        // 24 partitions over 12 brokers, each broker leading two: past the linear scan's limit a set dedupes.
        int[] leaders = new int[24];
        for (int p = 0; p < leaders.length; p++) {
            leaders[p] = p % 12;
        }
        Cluster cluster = StickyPartitionerTest.cluster(leaders);
        for (int p = 0; p < leaders.length; p++) {
            append(p);
        }
        for (int round = 0; round < 2; round++) { // the second call refills the same check from scratch
            RecordAccumulator.ReadyCheck check = accumulator.ready(cluster, time.milliseconds(), true, null);
            assertThat(ids(check.readyNodes)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
            assertThat(check.unknownLeaderTopics).isEmpty();
            assertThat(check.nextCheckMs).isEqualTo(Long.MAX_VALUE);
        }
        release();
    }

    @Test
    void aLaterCheckForgetsLeadersNoLongerReadyAndReportsTheNextLinger() {
        Cluster cluster = StickyPartitionerTest.cluster(0, 1, 2);
        append(0);
        append(1);
        append(2);
        RecordAccumulator.ReadyCheck check = accumulator.ready(cluster, time.milliseconds(), true, null);
        assertThat(ids(check.readyNodes)).containsExactly(0, 1, 2);
        // Not urgent and lingering: nothing is ready until linger.ms has passed since the batches opened.
        long now = time.milliseconds();
        check = accumulator.ready(cluster, now, false, null);
        assertThat(check.readyNodes).isEmpty();
        assertThat(check.nextCheckMs).isEqualTo(now + LINGER_MS);
        // A muted partition does not make its leader ready.
        check = accumulator.ready(cluster, now + LINGER_MS, false, Set.of(new TopicPartition(TOPIC, 1)));
        assertThat(ids(check.readyNodes)).containsExactly(0, 2);
        release();
    }

    @Test
    void incompleteBatchesInCreationOrderAndRemovalIsIdempotent() {
        append(2);
        append(0);
        append(1);
        List<ProducerBatch> batches = accumulator.incompleteBatches();
        assertThat(batches).extracting(b -> b.tp.partition()).containsExactly(2, 0, 1);
        assertThat(accumulator.hasIncomplete()).isTrue();

        ProducerBatch middle = batches.get(1);
        accumulator.completed(middle);
        accumulator.completed(middle); // a batch may be completed twice (expired, then answered): no effect
        assertThat(accumulator.incompleteBatches()).containsExactly(batches.get(0), batches.get(2));

        accumulator.track(middle); // tracked again (as a split's half is): last in order
        accumulator.track(middle); // already tracked: no effect
        assertThat(accumulator.incompleteBatches()).containsExactly(batches.get(0), batches.get(2), middle);

        accumulator.completed(batches.get(0));
        accumulator.completed(middle);
        assertThat(accumulator.incompleteBatches()).containsExactly(batches.get(2));
        accumulator.completed(batches.get(2));
        assertThat(accumulator.incompleteBatches()).isEmpty();
        assertThat(accumulator.hasIncomplete()).isFalse();

        append(3); // a new batch after the list emptied: the list works from empty again
        assertThat(accumulator.incompleteBatches()).hasSize(1);
        release();
    }

    /**
     * Fails every queued batch, which frees its buffer (no sender ever takes them), then releases the free batch
     * buffers, spare ones included, as closing a producer does.
     */
    private void release() {
        for (ProducerBatch b : accumulator.drainAll()) {
            b.fail(new IllegalStateException("test over"));
            accumulator.completed(b);
        }
        accumulator.releaseBuffers();
    }
}
