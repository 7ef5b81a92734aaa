package dev.samsa.consumer;

import static dev.samsa.consumer.KafkaTestSupport.consumer;
import static dev.samsa.consumer.KafkaTestSupport.createTopic;
import static dev.samsa.consumer.KafkaTestSupport.produce;
import static dev.samsa.consumer.KafkaTestSupport.producer;
import static dev.samsa.consumer.KafkaTestSupport.transport;
import static dev.samsa.consumer.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.TopicPartition;
import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The consumer against a real Kafka 4.1 broker, with data written by the official producer. */
@RealKafka
class ConsumerIT {

    private static List<ConsumerRecord<String, String>> pollFor(Consumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void assignAndPollReadEverythingInOrder(String compression, KafkaCluster kafka) {
        String topic = unique("assign-" + compression);
        createTopic(kafka, topic, 3);
        int perPartition = 400;
        produce(kafka, topic, 3, perPartition, compression);
        try (NettyTransport transport = transport(kafka);
                Consumer<String, String> consumer = consumer(transport, b -> b.maxPollRecords(250))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(partitions);
            List<ConsumerRecord<String, String>> records = pollFor(consumer, 3 * perPartition);
            assertThat(records).hasSize(3 * perPartition);
            for (int p = 0; p < 3; p++) {
                int partition = p;
                List<ConsumerRecord<String, String>> mine = records.stream().filter(r -> r.partition() == partition)
                        .toList();
                assertThat(mine).extracting(ConsumerRecord::value).containsExactlyElementsOf(
                        IntStream.range(0, perPartition).mapToObj(i -> "v" + partition + "-" + i).toList());
                assertThat(mine).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                        IntStream.range(0, perPartition).mapToObj(i -> (long) i).toList());
                assertThat(mine).allSatisfy(r -> {
                    assertThat(r.key()).isEqualTo("k" + partition + "-" + r.offset());
                    assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
                    assertThat(r.timestamp()).isPositive();
                    assertThat(r.leaderEpoch()).contains(0);
                });
            }
            for (TopicPartition tp : partitions) {
                assertThat(consumer.position(tp)).isEqualTo(perPartition);
            }
        }
    }

    @Test
    void headersAndNullsRoundTrip(KafkaCluster kafka) throws Exception {
        String topic = unique("headers");
        createTopic(kafka, topic, 1);
        try (KafkaProducer<String, String> producer = producer(kafka, "none")) {
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, 0, null, "with-headers");
            r.headers().add("a", "1".getBytes(StandardCharsets.UTF_8)).add("b", null);
            producer.send(r).get();
            producer.send(new ProducerRecord<>(topic, 0, "tombstone", null)).get();
        }
        try (NettyTransport transport = transport(kafka);
                Consumer<String, String> consumer = consumer(transport, b -> b)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> records = pollFor(consumer, 2);
            assertThat(records.get(0).key()).isNull();
            assertThat(records.get(0).headers()).extracting(dev.samsa.common.Header::key).containsExactly("a", "b");
            assertThat(records.get(0).headers().get(0).valueAsString()).isEqualTo("1");
            assertThat(records.get(0).headers().get(1).value()).isNull();
            assertThat(records.get(1).value()).isNull();
            assertThat(records.get(1).serializedValueSize()).isEqualTo(ConsumerRecord.NULL_SIZE);
        }
    }

    @Test
    void seekOffsetLookupsAndPauseResume(KafkaCluster kafka) throws Exception {
        String topic = unique("seek");
        createTopic(kafka, topic, 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = producer(kafka, "lz4")) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, "k" + i, "a" + i));
                producer.send(new ProducerRecord<>(topic, 1, base + i * 1000L, "k" + i, "b" + i));
            }
            producer.flush();
        }
        try (NettyTransport transport = transport(kafka);
                Consumer<String, String> consumer = consumer(transport, b -> b
                        .autoOffsetReset(AutoOffsetReset.LATEST))) {
            assertThat(consumer.beginningOffsets(List.of(p0, p1))).containsEntry(p0, 0L).containsEntry(p1, 0L);
            assertThat(consumer.endOffsets(List.of(p0, p1))).containsEntry(p0, 10L).containsEntry(p1, 10L);
            Map<TopicPartition, OffsetAndTimestamp> times = consumer.offsetsForTimes(Map.of(p0, base + 4500,
                    p1, base + 1_000_000));
            assertThat(times.get(p0)).isEqualTo(new OffsetAndTimestamp(5, base + 5000, Optional.of(0)));
            assertThat(times.get(p1)).isNull();
            assertThat(consumer.partitionsFor(topic)).hasSize(2);

            consumer.assign(List.of(p0, p1));
            assertThat(consumer.position(p0)).isEqualTo(10); // latest
            consumer.seek(p0, times.get(p0).offset());
            consumer.seekToBeginning(List.of(p1));
            consumer.pause(List.of(p1));
            List<ConsumerRecord<String, String>> first = pollFor(consumer, 5);
            assertThat(first).extracting(ConsumerRecord::value).containsExactly("a5", "a6", "a7", "a8", "a9");
            assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty(); // p1 paused
            consumer.resume(List.of(p1));
            List<ConsumerRecord<String, String>> second = pollFor(consumer, 10);
            assertThat(second).extracting(ConsumerRecord::value).containsExactlyElementsOf(
                    IntStream.range(0, 10).mapToObj(i -> "b" + i).toList());
        }
    }

    @Test
    void readCommittedSkipsAbortedTransactions(KafkaCluster kafka) throws Exception {
        String topic = unique("txn");
        createTopic(kafka, topic, 1);
        try (KafkaProducer<String, String> producer = producer(kafka, "none",
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("tx"), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-3"));
            producer.commitTransaction();
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        try (NettyTransport transport = transport(kafka);
                Consumer<String, String> committed = consumer(transport, b -> b
                        .isolationLevel(IsolationLevel.READ_COMMITTED));
                Consumer<String, String> uncommitted = consumer(transport, b -> b)) {
            committed.assign(List.of(tp));
            assertThat(pollFor(committed, 3)).extracting(ConsumerRecord::value)
                    .containsExactly("committed-1", "committed-2", "committed-3");
            assertThat(committed.position(tp)).isEqualTo(committed.endOffsets(List.of(tp)).get(tp));
            uncommitted.assign(List.of(tp));
            assertThat(pollFor(uncommitted, 4)).extracting(ConsumerRecord::value)
                    .containsExactly("committed-1", "committed-2", "aborted", "committed-3");
        }
    }
}
