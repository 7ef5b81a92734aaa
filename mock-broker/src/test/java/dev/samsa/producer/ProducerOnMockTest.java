package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.errors.ErrorCode;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.mock.MockRecord;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The producer against the mock broker's fault injection: leader moves, broker loss, NOT_LEADER_OR_FOLLOWER, lost
 * responses. Every acknowledged record is in the log exactly once, in send order per partition.
 */
class ProducerOnMockTest {
    private static final String TOPIC = "orders";
    private MockCluster cluster;
    private Transport transport;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(3).topic(TOPIC, 3, 3).build();
        transport = cluster.transport("producer");
    }

    @AfterEach
    void stop() {
        transport.close();
        cluster.close();
    }

    private Producer<String, String> producer() {
        return Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport)
                .acks(Acks.ALL).linger(Duration.ofMillis(2)).compression(CompressionType.LZ4)
                .requestTimeout(Duration.ofSeconds(1)).deliveryTimeout(Duration.ofSeconds(30))
                .retryBackoff(Duration.ofMillis(5)).retryBackoffMax(Duration.ofMillis(50)).build();
    }

    private static void sendAll(Producer<String, String> producer, int from, int to,
            List<CompletableFuture<RecordMetadata>> futures) {
        for (int i = from; i < to; i++) {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, "k" + (i % 97), "v" + i)));
        }
    }

    /** The log of each partition must be exactly the acknowledged values, in send order, once each. */
    private void assertExactlyOnceInOrder(List<CompletableFuture<RecordMetadata>> futures, int count) {
        Map<Integer, List<String>> expected = new HashMap<>();
        for (int i = 0; i < count; i++) {
            RecordMetadata md = futures.get(i).orTimeout(60, TimeUnit.SECONDS).join();
            expected.computeIfAbsent(md.partition(), p -> new ArrayList<>()).add("v" + i);
        }
        for (int p = 0; p < 3; p++) {
            List<MockRecord> log = cluster.records(TOPIC, p);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < log.size(); i++) {
                assertThat(log.get(i).offset()).isEqualTo(i); // no gap
                values.add(log.get(i).valueString());
            }
            assertThat(values).as("partition %d", p)
                    .containsExactlyElementsOf(expected.getOrDefault(p, List.of()));
        }
    }

    @Test
    void retriesSurviveLeaderMovesBrokerLossAndNotLeaderErrorsWithNoDuplicateAndNoGap() {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = producer()) {
            sendAll(producer, 0, 1_000, futures);
            producer.flush();

            cluster.faults().on(KafkaApi.PRODUCE).times(4).failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
            int leader0 = cluster.partition(TOPIC, 0).leader();
            cluster.faults().moveLeader(TOPIC, 0, (leader0 + 1) % 3);
            sendAll(producer, 1_000, 2_000, futures);
            producer.flush();

            int leader1 = cluster.partition(TOPIC, 1).leader();
            cluster.faults().stopBroker(leader1);
            sendAll(producer, 2_000, 3_000, futures);
            producer.flush();
        }

        assertExactlyOnceInOrder(futures, 3_000);
    }

    @Test
    void aFailedFirstBatchIsNotOvertakenByTheBatchesBehindIt() {
        // A broker accepts any first sequence from a producer id it has no state for (as Kafka 4.1 does), so the
        // producer must not let batch 2 reach a partition before batch 1 was acknowledged there.
        cluster.faults().on(KafkaApi.PRODUCE).forPartition(TOPIC, 0).times(1)
                .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).linger(Duration.ZERO).batchSize(256)
                .retryBackoff(Duration.ofMillis(1)).retryBackoffMax(Duration.ofMillis(5)).build()) {
            for (int i = 0; i < 300; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "v" + i)));
            }
            producer.flush();
        }

        assertExactlyOnceInOrder(futures, 300);
    }

    @Test
    void aLostResponseIsRetriedAndTheBrokerDeduplicatesTheResend() {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = producer()) {
            cluster.faults().on(KafkaApi.PRODUCE).times(1).dropResponse();
            sendAll(producer, 0, 500, futures);
            producer.flush();
        }

        assertExactlyOnceInOrder(futures, 500);
    }

    @Test
    void closeWithPendingRecordsLosesNone() {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).linger(Duration.ofMinutes(1)).build();
        sendAll(producer, 0, 5_000, futures);
        assertThat(futures).anyMatch(f -> !f.isDone()); // still lingering

        producer.close(Duration.ofSeconds(30));

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertExactlyOnceInOrder(futures, 5_000);
    }

    /**
     * Each record's metadata carries its offset in the log and, on a LogAppendTime topic, the time the broker stamped
     * its batch with (not the record's create time), across batches.
     */
    @Test
    void metadataCarriesTheLogsOffsetsAndTheBrokersLogAppendTimeAcrossBatches() {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (MockCluster stamped = MockCluster.builder().brokers(1)
                .topic("stamped", 1, 1, Map.of("message.timestamp.type", "LogAppendTime")).build();
             Transport t = stamped.transport("producer");
             Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                     .transport(t).linger(Duration.ofMillis(1)).batchSize(512).build()) {
            for (int i = 0; i < 200; i++) {
                futures.add(producer.send(new ProducerRecord<>("stamped", 0, 1_000L + i, "k" + i, "v" + i, null)));
            }
            producer.flush();
            List<MockRecord> log = stamped.records("stamped", 0);
            assertThat(log).hasSize(200);
            assertThat(stamped.batches("stamped", 0)).as("several batches").hasSizeGreaterThan(1);
            for (int i = 0; i < 200; i++) {
                RecordMetadata md = futures.get(i).join();
                MockRecord stored = log.get(i);
                assertThat(stored.logAppendTime()).isTrue();
                assertThat(md.offset()).isEqualTo(stored.offset()).isEqualTo(i);
                assertThat(md.timestamp()).as("record %d", i).isEqualTo(stored.timestamp()).isNotEqualTo(1_000L + i);
                assertThat(md.serializedKeySize()).isEqualTo(("k" + i).length());
            }
        }
    }
}
