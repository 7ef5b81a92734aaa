package dev.samsa.consumer;

import static dev.samsa.consumer.KafkaTestSupport.consumer;
import static dev.samsa.consumer.KafkaTestSupport.createTopic;
import static dev.samsa.consumer.KafkaTestSupport.fastGroup;
import static dev.samsa.consumer.KafkaTestSupport.produce;
import static dev.samsa.consumer.KafkaTestSupport.transport;
import static dev.samsa.consumer.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.TopicPartition;
import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups on a real Kafka 4.1 broker: Samsa members alone and together with the official client. Each member
 * polls on its own thread with its own transport, as separate processes would.
 */
@RealKafka
class ConsumerGroupIT {

    /** A member polling on its own thread until stopped, then closing. */
    static final class Member implements AutoCloseable {
        final List<String> values = new CopyOnWriteArrayList<>();
        final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;
        volatile Throwable failure;

        /** A Samsa member. */
        Member(KafkaCluster kafka, String group, Collection<String> topics,
                UnaryOperator<ConsumerBuilder<String, String>> customize) {
            this(kafka, null, group, topics, customize);
        }

        /** A Samsa member on {@code shared} (not closed by it), or on a transport of its own if null. */
        Member(KafkaCluster kafka, NettyTransport shared, String group, Collection<String> topics,
                UnaryOperator<ConsumerBuilder<String, String>> customize) {
            thread = new Thread(() -> {
                try (NettyTransport own = shared == null ? transport(kafka) : null;
                        Consumer<String, String> c = consumer(shared == null ? own : shared,
                                b -> customize.apply(fastGroup(b, group)))) {
                    c.subscribe(topics, new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            assignment.removeAll(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            assignment.addAll(partitions);
                        }
                    });
                    while (!stop.get()) {
                        c.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "samsa-member");
            thread.start();
        }

        /** An official KafkaConsumer member (classic protocol). */
        Member(KafkaCluster kafka, String group, Collection<String> topics, String assignor) {
            thread = new Thread(() -> {
                Properties p = new Properties();
                p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
                p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
                p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
                p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
                p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
                try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                        new StringDeserializer())) {
                    c.subscribe(topics, new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> ps) {
                            ps.forEach(tp -> assignment.remove(new TopicPartition(tp.topic(), tp.partition())));
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> ps) {
                            ps.forEach(tp -> assignment.add(new TopicPartition(tp.topic(), tp.partition())));
                        }
                    });
                    while (!stop.get()) {
                        c.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "official-member");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
            assertThat(thread.isAlive()).as("member thread stopped").isFalse();
            assertThat(failure).as("member failure").isNull();
        }
    }

    private static List<String> all(Member... members) {
        List<String> out = new ArrayList<>();
        for (Member m : members) {
            out.addAll(m.values);
        }
        return out;
    }

    @Test
    void twoMembersSplitThePartitionsThenTheSurvivorTakesOverWithoutLoss(KafkaCluster kafka) throws Exception {
        String topic = unique("group-split");
        String group = unique("g");
        createTopic(kafka, topic, 4);
        produce(kafka, topic, 4, 50, "lz4");
        Member a = new Member(kafka, group, List.of(topic), b -> b);
        Member b = new Member(kafka, group, List.of(topic), b2 -> b2);
        try (a) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(a.assignment).hasSize(2);
                assertThat(b.assignment).hasSize(2);
                assertThat(all(a, b)).hasSize(200);
            });
            Set<TopicPartition> union = new HashSet<>(a.assignment);
            union.addAll(b.assignment);
            assertThat(union).hasSize(4);
            b.close(); // commits (auto-commit on close), revokes, leaves
            produce(kafka, topic, 4, 50, 25, "zstd");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(a.assignment).hasSize(4);
                assertThat(all(a, b)).hasSize(300);
            });
        }
        List<String> values = all(a, b);
        assertThat(new HashSet<>(values)).hasSize(300);
        assertThat(values).doesNotHaveDuplicates();
    }

    @Test
    void twoMembersSharingOneTransportSplitThePartitions(KafkaCluster kafka) throws Exception {
        // Each group member talks through its own connections (Transport.withOwnConnections), so a JoinGroup parked
        // for one member never holds up the other's heartbeats on a shared connection.
        String topic = unique("group-shared");
        String group = unique("g");
        createTopic(kafka, topic, 4);
        produce(kafka, topic, 4, 50, "none");
        try (NettyTransport shared = transport(kafka)) {
            Member a = new Member(kafka, shared, group, List.of(topic), b -> b);
            Member b = new Member(kafka, shared, group, List.of(topic), b2 -> b2);
            try (a; b) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(a.assignment).hasSize(2);
                    assertThat(b.assignment).hasSize(2);
                    assertThat(all(a, b)).hasSize(200);
                });
            }
            assertThat(all(a, b)).doesNotHaveDuplicates();
        }
    }

    @Test
    void committedOffsetsSurviveARestart(KafkaCluster kafka) throws Exception {
        String topic = unique("group-restart");
        String group = unique("g");
        createTopic(kafka, topic, 2);
        produce(kafka, topic, 2, 20, "none");
        try (NettyTransport transport = transport(kafka)) {
            try (Consumer<String, String> first = consumer(transport, b -> fastGroup(b, group)
                    .enableAutoCommit(false))) {
                first.subscribe(List.of(topic));
                List<String> got = new ArrayList<>();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (got.size() < 40 && System.nanoTime() < deadline) {
                    first.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                }
                assertThat(got).hasSize(40);
                first.commitSync();
                assertThat(first.committed(Set.of(new TopicPartition(topic, 0))).get(new TopicPartition(topic, 0))
                        .offset()).isEqualTo(20);
            }
            produce(kafka, topic, 2, 20, 5, "none");
            try (Consumer<String, String> second = consumer(transport, b -> fastGroup(b, group))) {
                second.subscribe(List.of(topic));
                List<String> got = new ArrayList<>();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (got.size() < 10 && System.nanoTime() < deadline) {
                    second.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                }
                assertThat(got).hasSize(10).allMatch(v -> Integer.parseInt(v.substring(v.indexOf('-') + 1)) >= 20);
                assertThat(second.poll(Duration.ofMillis(500))).isEmpty();
            }
        }
    }

    @Test
    void aGroupOfOneSamsaAndOneOfficialMemberSplitsThePartitionsAndConsumesEverythingOnce(KafkaCluster kafka)
            throws Exception {
        String topic = unique("group-mixed");
        String group = unique("g");
        createTopic(kafka, topic, 6);
        produce(kafka, topic, 6, 25, "snappy");
        Member samsa = new Member(kafka, group, List.of(topic), b -> b);
        Member official = new Member(kafka, group, List.of(topic),
                "org.apache.kafka.clients.consumer.RangeAssignor");
        try (samsa; official) {
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(samsa.assignment).hasSize(3);
                assertThat(official.assignment).hasSize(3);
            });
            produce(kafka, topic, 6, 25, 25, "snappy");
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(all(samsa, official)).hasSize(300));
            Set<TopicPartition> union = new HashSet<>(samsa.assignment);
            union.addAll(official.assignment);
            assertThat(union).hasSize(6);
            assertThat(samsa.values).isNotEmpty();
            assertThat(official.values).isNotEmpty();
        }
        assertThat(all(samsa, official)).doesNotHaveDuplicates().hasSize(300);
    }

    @Test
    void aCooperativeGroupWithASamsaLeaderHandsPartitionsToAnOfficialMemberWithoutStoppingTheOthers(
            KafkaCluster kafka) throws Exception {
        String topic = unique("group-coop");
        String group = unique("g");
        createTopic(kafka, topic, 6);
        produce(kafka, topic, 6, 25, "zstd");
        Member samsa = new Member(kafka, group, List.of(topic),
                b -> b.assignmentStrategies(AssignmentStrategy.COOPERATIVE_STICKY));
        Member official = null;
        try (samsa) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(samsa.assignment).hasSize(6);
                assertThat(samsa.values).hasSize(150);
            });
            // the Samsa member is the leader: it assigns with its own cooperative-sticky assignor
            official = new Member(kafka, group, List.of(topic),
                    "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
            Member o = official;
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(samsa.assignment).hasSize(3);
                assertThat(o.assignment).hasSize(3);
            });
            produce(kafka, topic, 6, 25, 25, "zstd");
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(all(samsa, o)).hasSize(300));
            Set<TopicPartition> union = new HashSet<>(samsa.assignment);
            union.addAll(o.assignment);
            assertThat(union).hasSize(6);
            assertThat(o.values).isNotEmpty();
        } finally {
            if (official != null) {
                official.close();
            }
        }
        assertThat(all(samsa, official)).doesNotHaveDuplicates().hasSize(300);
    }
}
