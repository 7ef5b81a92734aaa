package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Java client (the oracle) against the mock's TCP listener. Real time, generous timeouts. */
class OfficialClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private MockCluster cluster;
    private String bootstrap;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(3).topic("orders", 4, 3).build();
        bootstrap = cluster.listen();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "oracle-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String group, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "30000");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private List<RecordMetadata> send(int count) throws Exception {
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>("orders", "key-" + (i % 10), "value-" + i)));
            }
            for (var f : futures) {
                sent.add(f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
        }
        return sent;
    }

    @Test
    void producerSendsKeyedRecordsAndAConsumerReadsThemBack() throws Exception {
        List<RecordMetadata> sent = send(100);

        // Keyed records land on the partition the key hashes to, in order, idempotently (one producer id).
        Map<Integer, Long> perPartition = new HashMap<>();
        for (RecordMetadata m : sent) {
            perPartition.merge(m.partition(), 1L, Long::sum);
        }
        for (Map.Entry<Integer, Long> e : perPartition.entrySet()) {
            assertThat(cluster.partition("orders", e.getKey()).logEndOffset()).isEqualTo(e.getValue());
            List<MockRecord> records = cluster.records("orders", e.getKey());
            assertThat(records).allSatisfy(r -> assertThat(r.producerId()).isEqualTo(records.get(0).producerId()));
            assertThat(records.get(0).producerId()).isNotNegative();
        }

        try (KafkaConsumer<String, String> consumer = consumer(null, "oracle-reader")) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                all.add(new TopicPartition("orders", p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 100;
            });
            assertThat(got).hasSize(100);
            Set<String> values = new HashSet<>();
            for (ConsumerRecord<String, String> r : got) {
                values.add(r.value());
                int i = Integer.parseInt(r.value().substring("value-".length()));
                assertThat(r.key()).isEqualTo("key-" + (i % 10));
            }
            assertThat(values).hasSize(100);
            assertThat(consumer.endOffsets(all)).containsAllEntriesOf(Map.of(all.get(0),
                    cluster.partition("orders", 0).logEndOffset()));
        }
    }

    /** Commits what was polled; a commit racing a rebalance fails as on a real broker, and the loop polls again. */
    private static void commit(KafkaConsumer<String, String> consumer) {
        try {
            consumer.commitSync(Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.errors.RebalanceInProgressException
                | org.apache.kafka.clients.consumer.CommitFailedException e) {
            // the next poll rejoins; the test asserts the final committed offsets
        }
    }

    @Test
    void twoConsumersInAGroupSplitThePartitionsAndCommit() throws Exception {
        send(40);
        try (KafkaConsumer<String, String> c1 = consumer("oracle-group", "c1");
                KafkaConsumer<String, String> c2 = consumer("oracle-group", "c2")) {
            c1.subscribe(List.of("orders"));
            c2.subscribe(List.of("orders"));
            Map<String, Integer> consumed = new HashMap<>();
            await().atMost(TIMEOUT).until(() -> {
                for (KafkaConsumer<String, String> c : List.of(c1, c2)) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        consumed.merge(r.value(), 1, Integer::sum);
                    }
                    commit(c);
                }
                return c1.assignment().size() == 2 && c2.assignment().size() == 2 && consumed.size() == 40
                        && cluster.group("oracle-group").map(g -> g.state().equals("Stable")).orElse(false);
            });
            Set<TopicPartition> union = new HashSet<>(c1.assignment());
            union.addAll(c2.assignment());
            assertThat(union).hasSize(4);

            GroupSnapshot group = cluster.group("oracle-group").orElseThrow();
            assertThat(group.members()).extracting(GroupSnapshot.Member::clientId)
                    .containsExactlyInAnyOrder("c1", "c2");
            assertThat(group.protocolType()).isEqualTo("consumer");
            await().atMost(TIMEOUT).untilAsserted(() -> {
                for (KafkaConsumer<String, String> c : List.of(c1, c2)) {
                    c.poll(Duration.ofMillis(50));
                    commit(c);
                }
                GroupSnapshot g = cluster.group("oracle-group").orElseThrow();
                for (int p = 0; p < 4; p++) {
                    assertThat(g.committedOffset("orders", p))
                            .hasValue(cluster.partition("orders", p).logEndOffset());
                }
            });
        }
        // Both left the group on close.
        assertThat(cluster.group("oracle-group").orElseThrow().members()).isEmpty();
    }
}
