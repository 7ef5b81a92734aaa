package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.mock.Fault;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.serde.Serializers;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Why {@code advance(delay)} then {@code flush()} hung in {@link AdaptivePartitioningOnMockTest}'s scenario: a
 * {@code delayResponse} rule with {@code times(5)} holds each hit Produce request for the delay from when the broker
 * handles it, and the idempotent producer sends a partition's next batch only once its first is acknowledged. So
 * one advance releases the first round and the requests sent in reply are held for another delay; the clock must
 * move again (here from the test thread while another thread blocks in {@code flush()}).
 */
@Timeout(120)
class DelayedResponsesOnManualClockTest {
    private static final String TOPIC = "events";
    private static final Duration SLOW = Duration.ofSeconds(10);

    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private Fault fault;
    private long slowPartitions;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(3).time(time).topic(TOPIC, 6, 1).build();
        transport = cluster.transport("producer");
        int slowBroker = cluster.partition(TOPIC, 0).leader();
        slowPartitions = IntStream.range(0, 6).filter(p -> cluster.partition(TOPIC, p).leader() == slowBroker).count();
        fault = cluster.faults().on(KafkaApi.PRODUCE).toBroker(slowBroker).times(5).delayResponse(SLOW);
    }

    @AfterEach
    void stop() {
        transport.close();
        cluster.close();
    }

    @Test
    void responsesHeldAgainAfterOneAdvanceArriveWhenTheClockMovesWhileFlushWaits() {
        Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).linger(Duration.ZERO).batchSize(1024).partitionerAdaptivePartitioning(true)
                .partitionerAvailabilityTimeout(Duration.ZERO).build();
        try {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 8000; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, null, "value-" + i + "-" + "x".repeat(80))));
            }
            // One request per slow partition: its first batch goes alone until acknowledged.
            assertThat(fault.hits()).isEqualTo((int) slowPartitions);

            time.advance(SLOW);
            // The first round arrived; the batches sent in reply used up the rule and are held until 2 * SLOW.
            assertThat(fault.hits()).isEqualTo(5);
            assertThat(futures).anyMatch(f -> !f.isDone());

            CompletableFuture<Void> flushed = CompletableFuture.runAsync(producer::flush);
            time.advance(SLOW);
            await().atMost(Duration.ofSeconds(60)).until(flushed::isDone);
            assertThat(flushed).isCompleted();
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        } finally {
            producer.close(Duration.ZERO);
        }
    }
}
