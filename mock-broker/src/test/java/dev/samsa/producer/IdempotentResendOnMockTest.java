package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.TimeoutException;
import dev.samsa.mock.Fault;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.mock.MockRecord;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by the failover scenarios (issue 9) on a real cluster: with a short {@code delivery.timeout.ms}, a batch on
 * one partition expired while the leader's ISR was shrinking, so the idempotent producer took a fresh producer id;
 * a batch of another partition whose earlier attempt had got no answer (written, for all the producer knew) was then
 * renumbered under the new producer id and sent again, and the broker, unable to recognise it, wrote it twice.
 * Here the same sequence of events is scripted on the mock, with no timing: the answer to a written batch is lost,
 * its retries are refused, and meanwhile another partition's batch fails for good.
 */
class IdempotentResendOnMockTest {
    private static final String TOPIC = "orders";
    private MockCluster cluster;
    private Transport transport;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(2).topic(TOPIC, 2, 2).build();
        // Different leaders, so that the two partitions' batches never share a Produce request (and its fault).
        cluster.faults().moveLeader(TOPIC, 0, 0);
        cluster.faults().moveLeader(TOPIC, 1, 1);
        transport = cluster.transport("producer");
    }

    @AfterEach
    void stop() {
        transport.close();
        cluster.close();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return future.handle((v, e) -> e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    private List<String> log(int partition) {
        return cluster.records(TOPIC, partition).stream().map(MockRecord::valueString).collect(Collectors.toList());
    }

    @Test
    void aBatchAnEarlierAttemptMayHaveWrittenIsNotResentUnderANewProducerId() throws Exception {
        try (Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).acks(Acks.ALL).enableIdempotence(true).linger(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(5)).deliveryTimeout(Duration.ofSeconds(30))
                .retryBackoff(Duration.ofMillis(5)).retryBackoffMax(Duration.ofMillis(20)).build()) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", "first")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(TOPIC, 1, "k", "other")).get(30, TimeUnit.SECONDS);

            // Partition 0: the broker writes the batch but the answer is lost; its retries are refused until later.
            cluster.faults().on(KafkaApi.PRODUCE).forPartition(TOPIC, 0).times(1).disconnect();
            Fault refused = cluster.faults().on(KafkaApi.PRODUCE).forPartition(TOPIC, 0).always()
                    .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
            CompletableFuture<RecordMetadata> unknown = producer.send(new ProducerRecord<>(TOPIC, 0, "k",
                    "unknown-outcome"));
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.hits() > 0);
            assertThat(log(0)).containsExactly("first", "unknown-outcome");

            // Partition 1: a batch with a sequence number fails for good, so the producer takes a new producer id.
            cluster.faults().on(KafkaApi.PRODUCE).forPartition(TOPIC, 1).times(1).failWith(ErrorCode.INVALID_RECORD);
            assertThat(failure(producer.send(new ProducerRecord<>(TOPIC, 1, "k", "invalid"))))
                    .hasMessageContaining("INVALID_RECORD");
            // Once nothing is in flight the producer renumbers its queued batches under its new identity: wait
            // until the batch failed, or was refused again after that (sent with a new sequence).
            int hitsAtFailure = refused.hits();
            await().atMost(Duration.ofSeconds(30)).until(() -> unknown.isDone()
                    || refused.hits() >= hitsAtFailure + 2);
            refused.cancel();

            // The batch whose first attempt was written must not be written again under the new producer id; it
            // fails, saying that its records may have been written.
            Throwable error = failure(unknown);
            assertThat(error).as("the batch's outcome; partition 0 holds %s", log(0))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("may have been written")
                    .hasMessageContaining(TOPIC + "-0");
            RecordMetadata after = producer.send(new ProducerRecord<>(TOPIC, 0, "k", "after"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(after.offset()).isEqualTo(2);
        }
        assertThat(log(0)).containsExactly("first", "unknown-outcome", "after");
        assertThat(log(1)).containsExactly("other");
    }
}
