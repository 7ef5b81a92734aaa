package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.RecordTooLargeException;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.mock.MockRecord;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The producer's recovery paths against the mock broker: a batch too large for the broker is split (as Kafka's
 * producer does), the idempotent producer bumps its epoch on UNKNOWN_PRODUCER_ID and OUT_OF_ORDER_SEQUENCE_NUMBER
 * (KIP-360), and sequence numbers wrap past {@code Integer.MAX_VALUE} as Kafka's do.
 */
class ProducerRecoveryOnMockTest {
    private static final String TOPIC = "events";
    /** A topic whose max.message.bytes holds about ten 100-byte records per batch. */
    private static final String SMALL = "small-batches";
    private static final int SMALL_LIMIT = 1200;
    private MockCluster cluster;
    private Transport transport;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(1).topic(TOPIC, 2, 1).build();
        cluster.createTopic(SMALL, 1, 1, Map.of("max.message.bytes", Integer.toString(SMALL_LIMIT)));
        transport = cluster.transport("producer");
    }

    @AfterEach
    void stop() {
        transport.close();
        cluster.close();
    }

    private Producer<String, String> producer(boolean idempotence, int maxInFlight) {
        return Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport)
                .enableIdempotence(idempotence).maxInFlightRequestsPerConnection(maxInFlight).linger(Duration.ofMinutes(1)).batchSize(64 * 1024)
                .requestTimeout(Duration.ofSeconds(5)).deliveryTimeout(Duration.ofMinutes(2))
                .retryBackoff(Duration.ofMillis(1)).retryBackoffMax(Duration.ofMillis(10)).build();
    }

    private static String value(int i) {
        return String.format("%03d", i) + "x".repeat(97);
    }

    private static List<String> values(List<MockRecord> log) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i).offset()).isEqualTo(i);
            values.add(log.get(i).valueString());
        }
        return values;
    }

    private static Throwable cause(CompletableFuture<?> f) {
        return f.handle((v, e) -> e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    @ParameterizedTest(name = "idempotence={0}")
    @ValueSource(booleans = {true, false})
    void aBatchTooLargeForTheBrokerIsSplitUntilItsHalvesFit(boolean idempotence) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        // Without idempotence, order holds with one request in flight (as in Kafka).
        try (Producer<String, String> producer = producer(idempotence, idempotence ? 5 : 1)) {
            for (int i = 0; i < 40; i++) {
                futures.add(producer.send(new ProducerRecord<>(SMALL, 0, null, value(i))));
            }
            producer.flush(); // one batch of about 4.4 KB: refused, split 20/20, 10/10, each of those fits
        }

        List<MockRecord> log = cluster.records(SMALL, 0);
        List<String> values = values(log);
        for (int i = 0; i < 40; i++) {
            RecordMetadata md = futures.get(i).orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(values.get((int) md.offset())).isEqualTo(value(i)); // each record's offset is its own
        }
        assertThat(values).containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> value(i)).toList());
        if (idempotence) {
            // The halves took over the refused batch's sequence range: one producer id, consecutive sequences.
            assertThat(log).extracting(MockRecord::sequence).containsExactlyElementsOf(IntStream.range(0, 40)
                    .boxed().toList());
            assertThat(log).extracting(MockRecord::producerEpoch).containsOnly((short) 0);
        }
        assertThat(cluster.partition(SMALL, 0).batchCount()).isGreaterThanOrEqualTo(4);
        assertThat(cluster.requests(KafkaApi.PRODUCE)).hasSizeGreaterThanOrEqualTo(7); // 1 + 2 + 4 at least
    }

    @Test
    void aSingleRecordTooLargeForTheBrokerFailsNamingItsSizeAndTheLimit() {
        try (Producer<String, String> producer = producer(true, 5)) {
            CompletableFuture<RecordMetadata> big = producer.send(new ProducerRecord<>(SMALL, 0, null,
                    "y".repeat(2000)));
            producer.flush();
            assertThat(cause(big)).isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining(SMALL + "-0").hasMessageContaining("2070 bytes")
                    .hasMessageContaining(Integer.toString(SMALL_LIMIT));

            // The producer goes on, and the failure left no gap in the partition's sequences.
            CompletableFuture<RecordMetadata> next = producer.send(new ProducerRecord<>(SMALL, 0, null, value(1)));
            producer.flush();
            assertThat(next.orTimeout(30, TimeUnit.SECONDS).join().offset()).isZero();
        }
        assertThat(values(cluster.records(SMALL, 0))).containsExactly(value(1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UNKNOWN_PRODUCER_ID", "OUT_OF_ORDER_SEQUENCE_NUMBER"})
    void lostProducerStateBumpsTheEpochOfTheSameProducerId(String error) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = producer(true, 5)) {
            for (int i = 0; i < 10; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, value(i))));
            }
            producer.flush();
            cluster.faults().on(KafkaApi.PRODUCE).forPartition(TOPIC, 0).times(1).failWith(ErrorCode.valueOf(error));
            for (int i = 10; i < 20; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, value(i))));
            }
            producer.flush();
            for (int i = 20; i < 30; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, value(i))));
            }
            producer.flush();
        }

        futures.forEach(f -> f.orTimeout(30, TimeUnit.SECONDS).join());
        List<MockRecord> log = cluster.records(TOPIC, 0);
        assertThat(values(log)).containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> value(i)).toList());
        // KIP-360: the same producer id, the next epoch, sequences from 0 again; no second InitProducerId.
        assertThat(log).extracting(MockRecord::producerId).containsOnly(log.get(0).producerId());
        assertThat(log.subList(0, 10)).extracting(MockRecord::producerEpoch).containsOnly((short) 0);
        assertThat(log.subList(10, 30)).extracting(MockRecord::producerEpoch).containsOnly((short) 1);
        assertThat(log.subList(10, 30)).extracting(MockRecord::sequence)
                .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(cluster.requests(KafkaApi.INIT_PRODUCER_ID)).hasSize(1);
    }

    @Test
    void sequencesWrapPastIntegerMaxValueAndRetriesKeepTheirOrderAcrossTheWrap() throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).linger(Duration.ZERO).batchSize(1).maxInFlightRequestsPerConnection(5)
                .retryBackoff(Duration.ofMillis(1)).retryBackoffMax(Duration.ofMillis(10)).build()) {
            // The producer id first (on the other partition), then partition 0 starts just below the wrap: a broker
            // takes any first sequence from a producer it has no state for.
            producer.send(new ProducerRecord<>(TOPIC, 1, null, "init")).orTimeout(30, TimeUnit.SECONDS).join();
            Method start = producer.getClass().getDeclaredMethod("startSequencesAt", TopicPartition.class,
                    int.class);
            start.setAccessible(true);
            start.invoke(producer, new TopicPartition(TOPIC, 0), Integer.MAX_VALUE - 5);
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value(i))).orTimeout(30, TimeUnit.SECONDS)
                        .join();
            }
            // The next batch fails; those behind it, across the wrap, are refused as out of order and resent after it.
            cluster.faults().on(KafkaApi.PRODUCE).forPartition(TOPIC, 0).times(1)
                    .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
            for (int i = 4; i < 12; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, value(i))));
            }
            producer.flush();
        }

        futures.forEach(f -> f.orTimeout(30, TimeUnit.SECONDS).join());
        List<MockRecord> log = cluster.records(TOPIC, 0);
        assertThat(values(log)).containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> value(i)).toList());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add(i <= 5 ? Integer.MAX_VALUE - 5 + i : i - 6);
        }
        assertThat(log).extracting(MockRecord::sequence).containsExactlyElementsOf(expected);
        assertThat(log).extracting(MockRecord::producerEpoch).containsOnly((short) 0);
    }
}
