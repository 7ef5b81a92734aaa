package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.serde.Serializers;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KIP-794 against the mock cluster: one broker stops answering Produce requests for a while (its responses are held
 * back on the cluster's manual clock), and records without a key move to the partitions of the other brokers.
 */
@Timeout(120)
class AdaptivePartitioningOnMockTest {
    private static final String TOPIC = "events";
    private static final int PARTITIONS = 6;
    /** The slow broker's responses: held this long on the manual clock, far beyond the test's own time steps. */
    private static final Duration SLOW = Duration.ofSeconds(10);

    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private int slowBroker;
    private Set<Integer> slowPartitions;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(3).time(time).topic(TOPIC, PARTITIONS, 1).build();
        transport = cluster.transport("producer");
        slowBroker = cluster.partition(TOPIC, 0).leader();
        slowPartitions = IntStream.range(0, PARTITIONS).filter(p -> cluster.partition(TOPIC, p).leader() == slowBroker)
                .boxed().collect(Collectors.toSet());
        // The slow broker holds back the responses to its next 5 Produce requests, each for SLOW from when it
        // arrives, so batches for its partitions queue up behind them. The idempotent producer sends one batch per
        // partition until the first is acknowledged: the requests sent once those arrive are held for SLOW again, so
        // the tests advance the clock in steps until every record is acknowledged (see
        // DelayedResponsesOnManualClockTest: one advance of SLOW then flush() would wait for ever).
        cluster.faults().on(KafkaApi.PRODUCE).toBroker(slowBroker).times(5).delayResponse(SLOW);
    }

    @AfterEach
    void stop() {
        transport.close();
        cluster.close();
    }

    private Producer<String, String> producer(boolean adaptive, Duration availabilityTimeout) {
        return Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport)
                .linger(Duration.ZERO).batchSize(1024).partitionerAdaptivePartitioning(adaptive)
                .partitionerAvailabilityTimeout(availabilityTimeout).build();
    }

    private static List<CompletableFuture<RecordMetadata>> send(Producer<String, String> producer, int count) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, null, "value-" + i + "-" + "x".repeat(80))));
        }
        return futures;
    }

    /**
     * Moves the cluster's clock on in 100 ms steps (the slow broker's held responses arrive after {@link #SLOW})
     * until every record is acknowledged, within 60 s of that clock (half the delivery timeout).
     */
    private void settle(List<CompletableFuture<RecordMetadata>> futures) {
        for (int step = 0; step < 600 && !futures.stream().allMatch(CompletableFuture::isDone); step++) {
            time.advance(Duration.ofMillis(100));
        }
        assertThat(futures).as("acknowledged").allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    /** The share of the (acknowledged) records that went to the slow broker's partitions. */
    private double slowShare(List<CompletableFuture<RecordMetadata>> futures) {
        long slow = futures.stream().map(CompletableFuture::join)
                .filter(md -> slowPartitions.contains(md.partition())).count();
        return (double) slow / futures.size();
    }

    /**
     * The share of the partitioner's choices (stints: runs of consecutive records, in send order, on one partition)
     * that went to the slow broker's partitions. Unlike the share of records, it does not depend on how long each
     * stint lasted: a stint ends after {@code batch.size} bytes once the partition's last batch is full, at the
     * latest after twice that, and whether that batch is full depends on when the sender thread drained it (wall
     * clock, machine load). The choice itself is the algorithm's: uniform with adaptive partitioning off. A choice of
     * the current partition again merges two stints, which is as likely for every partition and so biases no share.
     */
    private double slowChoiceShare(List<CompletableFuture<RecordMetadata>> futures) {
        int stints = 0;
        int slow = 0;
        int previous = -1;
        for (CompletableFuture<RecordMetadata> f : futures) {
            int partition = f.join().partition();
            if (partition != previous) {
                stints++;
                if (slowPartitions.contains(partition)) {
                    slow++;
                }
                previous = partition;
            }
        }
        System.out.printf("slow share: %.4f of %d records, %.4f of %d stints%n", slowShare(futures), futures.size(),
                (double) slow / stints, stints);
        return (double) slow / stints;
    }

    @Test
    void withAdaptivePartitioningRecordsWithoutKeyAvoidTheSlowBrokersGrowingQueues() {
        try (Producer<String, String> producer = producer(true, Duration.ZERO)) {
            List<CompletableFuture<RecordMetadata>> futures = send(producer, 8000);
            settle(futures);
            // Uniform would give it a third (it leads 2 of 6 partitions); each of its batches queued lowers the odds.
            assertThat(slowShare(futures)).isLessThan(0.15);
            assertThat(cluster.records(TOPIC, slowPartitions.iterator().next())).isNotEmpty();
        }
    }

    @Test
    void withAdaptivePartitioningOffTheSlowBrokerKeepsItsUniformShare() {
        try (Producer<String, String> producer = producer(false, Duration.ofMillis(100))) {
            List<CompletableFuture<RecordMetadata>> futures = send(producer, 8000);
            settle(futures);
            // A third expected (2 of 6 partitions), over ~600 choices: 0.22 and 0.45 are more than 5 standard
            // deviations away. The share of records is not asserted: stints last 1 to 2 batches by timing.
            assertThat(slowChoiceShare(futures)).isBetween(0.22, 0.45);
        }
    }

    @Test
    void theAvailabilityTimeoutSkipsTheSlowBrokerUntilItTakesRequestsAgain() {
        try (Producer<String, String> producer = producer(true, Duration.ofMillis(100))) {
            List<CompletableFuture<RecordMetadata>> before = send(producer, 500);
            // 200 ms with batches waiting for the slow broker and its in-flight window full: more than the timeout.
            time.advance(Duration.ofMillis(200));
            // The sender thread notices the wait in its next pass on the advanced clock; until then the slow broker
            // can still be chosen. A record sent after the advance and acknowledged (by another broker: the slow one
            // holds its responses) was sent by such a pass, which also found the slow broker's batches still waiting.
            List<CompletableFuture<RecordMetadata>> probes = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                probes.addAll(send(producer, 10));
                return probes.stream().anyMatch(CompletableFuture::isDone);
            });
            List<CompletableFuture<RecordMetadata>> during = send(producer, 4000);

            settle(during); // the held responses arrive: the broker takes requests again
            settle(before);
            List<CompletableFuture<RecordMetadata>> after = send(producer, 4000);
            settle(after);

            // Before the timeout the slow broker's partitions are still chosen (~50 choices, weighted by queues that
            // grow as the sender drains: how much less than a third they get is timing, not asserted here; the first
            // test asserts the adaptive weighting on 8000 records).
            assertThat(slowChoiceShare(before)).as("in the choice before the timeout").isGreaterThan(0.0);
            assertThat(slowShare(during)).as("no new data for the slow broker's queued partitions").isLessThan(0.01);
            assertThat(slowChoiceShare(after)).as("back in the choice once it drained").isBetween(0.2, 0.45);
        }
    }
}
