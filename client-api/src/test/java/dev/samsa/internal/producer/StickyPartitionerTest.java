package dev.samsa.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.PartitionMetadata;
import dev.samsa.internal.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The uniform sticky partitioner (KIP-480, KIP-794) with a seeded random source and fake queue lengths. */
class StickyPartitionerTest {
    static final String TOPIC = "t";
    private static final int BATCH = 1000;
    private static final int CHOICES = 20_000;

    private final Map<Integer, Integer> queues = new HashMap<>();
    private final StickyPartitioner.QueueSizes queueSizes = (topic, p) -> queues.getOrDefault(p, 0);

    /** Topic {@code t} with one partition per entry of {@code leaders} (a broker id, or -1 for no leader). */
    static Cluster cluster(int... leaders) {
        Map<Integer, Node> nodes = new HashMap<>();
        List<PartitionMetadata> partitions = new ArrayList<>();
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < leaders.length; p++) {
            int id = leaders[p];
            Node leader = id < 0 ? null : nodes.computeIfAbsent(id, i -> new Node(i, "broker" + i, 9092, null));
            List<Integer> replicas = id < 0 ? List.of() : List.of(id);
            partitions.add(new PartitionMetadata(new TopicPartition(TOPIC, p), id, 0, replicas, replicas, List.of(),
                    (short) 0));
            infos.add(new PartitionInfo(TOPIC, p, leader, leader == null ? List.of() : List.of(leader),
                    leader == null ? List.of() : List.of(leader), List.of()));
        }
        TopicMetadata topic = new TopicMetadata(TOPIC, UUID.randomUUID(), false, partitions, infos);
        return new Cluster("c", -1, nodes, Map.of(TOPIC, topic), 0);
    }

    private StickyPartitioner partitioner(boolean adaptive, long availabilityTimeoutMs) {
        return new StickyPartitioner(BATCH, adaptive, availabilityTimeoutMs, queueSizes, new SplittableRandom(42));
    }

    /** How often each partition is chosen as the next sticky partition in {@link #CHOICES} switches. */
    private static int[] choices(StickyPartitioner partitioner, Cluster cluster, int partitions) {
        int[] counts = new int[partitions];
        for (int i = 0; i < CHOICES; i++) {
            counts[partitioner.choose(TOPIC, cluster)]++;
        }
        return counts;
    }

    @Test
    void switchesAfterBatchSizeBytesNotBefore() {
        Cluster cluster = cluster(0, 1, 2, 0, 1, 2);
        StickyPartitioner partitioner = partitioner(true, 0);
        List<Integer> runs = new ArrayList<>();
        int current = partitioner.partition(TOPIC, cluster);
        int run = 0;
        for (int i = 0; i < 5000; i++) {
            assertThat(partitioner.partition(TOPIC, cluster)).isEqualTo(current);
            partitioner.onAppend(TOPIC, current, 100, true, cluster);
            run++;
            if (run == BATCH / 100) { // batch.size bytes produced: a new choice (possibly the same partition again)
                runs.add(run);
                run = 0;
                current = partitioner.partition(TOPIC, cluster);
            }
        }
        // Appends to a partition that is no longer the sticky one (a record that raced a switch) do not count.
        int before = partitioner.partition(TOPIC, cluster);
        for (int i = 0; i < 50; i++) {
            partitioner.onAppend(TOPIC, (before + 1) % 6, 100, true, cluster);
        }
        assertThat(partitioner.partition(TOPIC, cluster)).isEqualTo(before);
        assertThat(runs).hasSize(500);
    }

    @Test
    void switchWaitsForFullBatchesUpToTwiceBatchSize() {
        // KAFKA-14156: with batch.size bytes produced the switch waits while the partition has a batch with room;
        // at twice batch.size it switches anyway.
        Cluster cluster = cluster(0, 1, 2, 0, 1, 2);
        AtomicLong choices = new AtomicLong();
        SplittableRandom seeded = new SplittableRandom(3);
        StickyPartitioner partitioner = new StickyPartitioner(BATCH, false, 0, queueSizes, () -> {
            choices.incrementAndGet();
            return seeded.nextLong();
        });
        StickyPartitioner.TopicState state = partitioner.state(TOPIC);
        int p = state.current(TOPIC, cluster);
        for (int i = 0; i < 9; i++) {
            state.produced(TOPIC, p, 100, true, cluster); // full batches, but fewer than batch.size bytes
        }
        for (int i = 0; i < 10; i++) {
            state.produced(TOPIC, p, 100, false, cluster); // 1000..1900 bytes, a batch with room: wait
        }
        assertThat(choices.get()).isEqualTo(1);
        state.produced(TOPIC, p, 100, true, cluster); // 2000 bytes and the batch filled: switch
        assertThat(choices.get()).isEqualTo(2);

        p = state.current(TOPIC, cluster);
        for (int i = 0; i < 19; i++) {
            state.produced(TOPIC, p, 100, false, cluster);
        }
        assertThat(choices.get()).isEqualTo(2);
        state.produced(TOPIC, p, 100, false, cluster); // 2 x batch.size: switch with the batch still open
        assertThat(choices.get()).isEqualTo(3);
    }

    @Test
    void concurrentSendersSwitchOnlyAfterBatchSizeBytesCountedOnce() throws Exception {
        // Bytes are counted under a lock per partition (the accumulator's queue lock), the partition read without
        // one: every switch must still follow a full batch.size of bytes counted once (no switch is early, no add is
        // lost to a reset). Around each switch the other threads' records in flight may land in the ending stint or
        // miss it, at most one each way per thread.
        Cluster cluster = cluster(0, 1, 2, 0, 1, 2);
        java.util.concurrent.atomic.AtomicLong choices = new java.util.concurrent.atomic.AtomicLong();
        java.util.random.RandomGenerator counting = () -> {
            choices.incrementAndGet();
            return java.util.concurrent.ThreadLocalRandom.current().nextLong();
        };
        StickyPartitioner partitioner = new StickyPartitioner(BATCH, false, 0, queueSizes, counting);
        int threads = 4;
        int recordsPerThread = 50_000;
        int bytes = 10;
        StickyPartitioner.TopicState state = partitioner.state(TOPIC);
        Object[] queueLocks = new Object[6];
        java.util.Arrays.setAll(queueLocks, i -> new Object());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < recordsPerThread; i++) {
                    int p = state.current(TOPIC, cluster);
                    StickyPartitioner.Stint ended;
                    synchronized (queueLocks[p]) {
                        ended = state.count(p, bytes, true);
                    }
                    if (ended != null) {
                        state.next(TOPIC, ended, cluster);
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        long total = (long) threads * recordsPerThread * bytes;
        long switches = choices.get() - 1; // the first choice is not a switch
        assertThat(switches).isLessThanOrEqualTo(total / BATCH)
                .isGreaterThanOrEqualTo(total / (BATCH + 2L * threads * bytes) - 1);
    }

    @Test
    void switchingMovesAcrossAllPartitions() {
        Cluster cluster = cluster(0, 1, 2, 0, 1, 2);
        StickyPartitioner partitioner = partitioner(false, 0);
        int[] counts = new int[6];
        for (int i = 0; i < 6000; i++) {
            int p = partitioner.partition(TOPIC, cluster);
            counts[p]++;
            partitioner.onAppend(TOPIC, p, BATCH, true, cluster); // one batch.size worth per record: switch every time
        }
        for (int c : counts) {
            assertThat(c).isBetween(850, 1150); // 1000 expected each; 5 standard deviations is ~140
        }
    }

    @Test
    void withAdaptivePartitioningOffTheChoiceIsUniformWhateverTheQueues() {
        Cluster cluster = cluster(0, 1, 2, 0);
        queues.put(0, 10);
        queues.put(3, 10);
        int[] counts = choices(partitioner(false, 0), cluster, 4);
        for (int c : counts) {
            assertThat(c).isBetween(4700, 5300); // 5000 expected each, standard deviation ~61
        }
    }

    @Test
    void adaptivePartitioningWithEqualQueuesIsUniform() {
        Cluster cluster = cluster(0, 1, 2, 0);
        for (int p = 0; p < 4; p++) {
            queues.put(p, 3);
        }
        for (int c : choices(partitioner(true, 0), cluster, 4)) {
            assertThat(c).isBetween(4700, 5300);
        }
    }

    @Test
    void aPartitionWithALongQueueIsChosenLessInProportionToMaxQueuePlusOneMinusItsQueue() {
        // Queues 0, 3, 1: weights (3+1-0, 3+1-3, 3+1-1) = 4, 1, 3 out of 8 (KIP-794's inverted queue sizes).
        Cluster cluster = cluster(0, 1, 2);
        queues.put(1, 3);
        queues.put(2, 1);
        int[] counts = choices(partitioner(true, 0), cluster, 3);
        assertThat(counts[0]).isBetween(9600, 10400);  // 10000 expected, standard deviation ~71
        assertThat(counts[1]).isBetween(2200, 2800);   // 2500 expected, standard deviation ~47
        assertThat(counts[2]).isBetween(7200, 7800);   // 7500 expected, standard deviation ~68
        assertThat(counts[1]).isLessThan(counts[2]).isLessThan(counts[0]);
    }

    @Test
    void partitionsWithoutALeaderAreNeverChosenUnlessNoneHasOne() {
        Cluster cluster = cluster(-1, 1, -1, 2);
        for (boolean adaptive : new boolean[] {true, false}) {
            int[] counts = choices(partitioner(adaptive, 100), cluster, 4);
            assertThat(counts[0]).isZero();
            assertThat(counts[2]).isZero();
            assertThat(counts[1] + counts[3]).isEqualTo(CHOICES);
        }
        int[] none = choices(partitioner(true, 0), cluster(-1, -1, -1), 3);
        assertThat(none).doesNotContain(0); // records wait there for a leader
    }

    @Test
    void availabilityTimeoutExcludesALeaderThatTakesNoRequestAndIncludesItAgainOnceItDoes() {
        Cluster cluster = cluster(0, 1, 2, 0, 1, 2);
        StickyPartitioner partitioner = partitioner(true, 100);
        queues.put(2, 1);
        queues.put(5, 1);
        partitioner.nodeReady(2, 1000, true);
        partitioner.nodeReady(2, 1050, false);
        partitioner.nodeReady(2, 1100, false); // 100 ms waiting: not more than the timeout yet
        assertThat(choices(partitioner, cluster, 6)[2]).isPositive();

        partitioner.nodeReady(2, 1101, false); // 101 ms with batches ready and every in-flight slot taken
        int[] counts = choices(partitioner, cluster, 6);
        assertThat(counts[2]).isZero();
        assertThat(counts[5]).isZero();
        assertThat(counts[0] + counts[1] + counts[3] + counts[4]).isEqualTo(CHOICES);

        partitioner.nodeReady(2, 1200, true); // it took a request again
        counts = choices(partitioner, cluster, 6);
        assertThat(counts[2]).isPositive();
        assertThat(counts[5]).isPositive();
    }

    @Test
    void anUnavailableLeadersPartitionWithAnEmptyQueueStaysACandidate() {
        Cluster cluster = cluster(0, 1);
        StickyPartitioner partitioner = partitioner(true, 100);
        partitioner.nodeReady(1, 0, true);
        partitioner.nodeReady(1, 500, false);
        queues.put(1, 2);
        assertThat(choices(partitioner, cluster, 2)[1]).isZero();
        queues.put(1, 0); // its in-flight requests completed and nothing waits for it any more
        assertThat(choices(partitioner, cluster, 2)[1]).isPositive();
    }

    @Test
    void whenEveryLeaderIsUnavailableTheChoiceIsUniformAmongPartitionsWithALeader() {
        Cluster cluster = cluster(0, 1, -1);
        StickyPartitioner partitioner = partitioner(true, 100);
        for (int node = 0; node < 2; node++) {
            partitioner.nodeReady(node, 0, true);
            partitioner.nodeReady(node, 500, false);
        }
        queues.put(0, 5);
        queues.put(1, 1);
        int[] counts = choices(partitioner, cluster, 3);
        assertThat(counts[0]).isBetween(9600, 10400);
        assertThat(counts[2]).isZero();
    }

    @Test
    void theAvailabilityTimeoutHasNoEffectWithoutAdaptivePartitioningOrWhenZero() {
        Cluster cluster = cluster(0, 1);
        queues.put(1, 1);
        for (StickyPartitioner partitioner : List.of(partitioner(false, 100), partitioner(true, 0))) {
            partitioner.nodeReady(1, 0, true);
            partitioner.nodeReady(1, 500, false);
            assertThat(choices(partitioner, cluster, 2)[1]).isPositive();
        }
    }
}
