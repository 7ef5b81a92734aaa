package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.samsa.admin.Admin;
import dev.samsa.admin.AlterConfigOp;
import dev.samsa.admin.ClusterDescription;
import dev.samsa.admin.ConfigEntry;
import dev.samsa.admin.ConfigResource;
import dev.samsa.admin.CreatedTopic;
import dev.samsa.admin.GroupDescription;
import dev.samsa.admin.GroupState;
import dev.samsa.admin.ListedOffset;
import dev.samsa.admin.MemberDescription;
import dev.samsa.admin.NewPartitions;
import dev.samsa.admin.NewTopic;
import dev.samsa.admin.OffsetSpec;
import dev.samsa.admin.TopicDescription;
import dev.samsa.admin.TopicListing;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.errors.GroupIdNotFoundException;
import dev.samsa.errors.GroupNotEmptyException;
import dev.samsa.errors.InvalidConfigurationException;
import dev.samsa.errors.InvalidPartitionsException;
import dev.samsa.errors.OffsetOutOfRangeException;
import dev.samsa.errors.TopicExistsException;
import dev.samsa.errors.UnknownMemberIdException;
import dev.samsa.errors.UnknownTopicOrPartitionException;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin client's scenarios (issue 6), one suite for every backend (STYLE 11): the mock broker in process, the mock
 * over TCP through {@code NettyTransport}, and a real Kafka broker run the same tests, so where the mock and Kafka
 * differ, a test fails. Waits are bounded awaits on observable state (Kafka applies topic changes asynchronously).
 */
abstract class AdminScenarios {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Opens a new client's transport to the backend under test (one broker). */
    protected abstract Transport openTransport();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Transport transport;
    private Admin admin;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    protected Transport transport() {
        if (transport == null) {
            transport = openTransport();
            toClose.add(transport);
        }
        return transport;
    }

    protected Admin admin() {
        if (admin == null) {
            admin = Admin.builder().transport(transport()).clientId("admin-scenarios")
                    .defaultApiTimeout(TIMEOUT).build();
            toClose.add(admin);
        }
        return admin;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> T get(CompletableFuture<T> f) {
        return f.orTimeout(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS).join();
    }

    /** The failure of {@code f}, unwrapped. */
    private static ThrowableAssert.ThrowingCallable failureOf(CompletableFuture<?> f) {
        return () -> {
            try {
                get(f);
            } catch (CompletionException e) {
                throw e.getCause();
            }
        };
    }

    private String createTopic(int partitions) {
        String name = unique("admin");
        get(admin().createTopics(List.of(NewTopic.of(name, partitions, 1))).all());
        awaitPartitions(name, partitions);
        return name;
    }

    /** Waits until every partition of {@code topic} has a leader, as brokers learn of new topics asynchronously. */
    private TopicDescription awaitPartitions(String topic, int partitions) {
        TopicDescription[] d = new TopicDescription[1];
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            d[0] = get(admin().describeTopics(List.of(topic)).value(topic));
            return d[0].partitions().size() == partitions
                    && d[0].partitions().stream().allMatch(p -> p.leader() != null);
        });
        return d[0];
    }

    private void produce(String topic, int partition, int count, long firstTimestamp) {
        try (Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport()).build()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, firstTimestamp < 0 ? null : firstTimestamp + i
                        * 1000L, "k" + i, "v" + i, List.of()));
            }
            producer.flush();
        }
    }

    private Consumer<String, String> consumer(String groupId) {
        Consumer<String, String> c = Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(transport()).groupId(groupId).autoOffsetReset(AutoOffsetReset.EARLIEST)
                .config(Map.of("enable.auto.commit", "false")).build();
        toClose.add(c);
        return c;
    }

    // ---------------------------------------------------------------- topics

    @Test
    void createDescribeListAndDeleteATopic() {
        String name = unique("admin");
        CreatedTopic created = get(admin().createTopics(List.of(NewTopic.of(name, 3, 1)
                .config("retention.ms", "3600000"))).value(name));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.partitions()).isEqualTo(3);
        assertThat(created.replicationFactor()).isEqualTo(1);
        assertThat(created.topicId()).isNotNull();

        TopicDescription d = awaitPartitions(name, 3);
        assertThat(d.topicId()).isEqualTo(created.topicId());
        assertThat(d.internal()).isFalse();
        for (PartitionInfo p : d.partitions()) {
            assertThat(p.topic()).isEqualTo(name);
            assertThat(p.replicas()).hasSize(1).containsExactly(p.leader());
            assertThat(p.inSyncReplicas()).containsExactly(p.leader());
        }
        assertThat(d.partitions()).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);

        List<TopicListing> listed = get(admin().listTopics());
        assertThat(listed).extracting(TopicListing::name).contains(name);
        assertThat(listed).noneMatch(TopicListing::internal);

        get(admin().deleteTopics(List.of(name)).all());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThatThrownBy(failureOf(admin().describeTopics(List.of(name))
                .value(name))).isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining(name));
        assertThatThrownBy(failureOf(admin().deleteTopics(List.of(name)).value(name)))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining(name);
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicExistsNamingItWhileAnotherTopicInTheCallSucceeds() {
        String existing = createTopic(1);
        String fresh = unique("admin");
        var result = admin().createTopics(List.of(NewTopic.of(existing, 1, 1), NewTopic.of(fresh, 1, 1)));
        assertThatThrownBy(failureOf(result.value(existing))).isInstanceOf(TopicExistsException.class)
                .hasMessageContaining(existing);
        assertThat(get(result.value(fresh)).name()).isEqualTo(fresh);
        assertThatThrownBy(failureOf(result.all())).isInstanceOf(TopicExistsException.class);
    }

    @Test
    void validateOnlyCreatesNothing() {
        String name = unique("admin");
        CreatedTopic checked = get(admin().createTopics(List.of(NewTopic.of(name, 2, 1)), true).value(name));
        assertThat(checked.partitions()).isEqualTo(2);
        assertThatThrownBy(failureOf(admin().describeTopics(List.of(name)).value(name)))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining(name);
    }

    @Test
    void creatingATopicWithAnUnknownOrBadConfigIsInvalidConfigurationNamingItAndCreatesNothing() {
        String unknown = unique("admin");
        String bad = unique("admin");
        var result = admin().createTopics(List.of(NewTopic.of(unknown, 1, 1).config("no.such.config", "1"),
                NewTopic.of(bad, 1, 1).config("retention.ms", "a week")));
        assertThatThrownBy(failureOf(result.value(unknown))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(unknown).hasMessageContaining("no.such.config");
        assertThatThrownBy(failureOf(result.value(bad))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(bad).hasMessageContaining("retention.ms");
        assertThatThrownBy(failureOf(admin().describeTopics(List.of(unknown)).value(unknown)))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void describingAMissingTopicIsUnknownTopicOrPartitionNamingIt() {
        String missing = unique("missing");
        assertThatThrownBy(failureOf(admin().describeTopics(List.of(missing)).value(missing)))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining(missing);
    }

    @Test
    void addPartitionsToATopic() {
        String name = createTopic(2);
        get(admin().createPartitions(Map.of(name, NewPartitions.increaseTo(5))).value(name));
        TopicDescription d = awaitPartitions(name, 5);
        assertThat(d.partitions()).extracting(PartitionInfo::partition).containsExactly(0, 1, 2, 3, 4);
        assertThatThrownBy(failureOf(admin().createPartitions(Map.of(name, NewPartitions.increaseTo(3)))
                .value(name))).isInstanceOf(InvalidPartitionsException.class).hasMessageContaining(name);
    }

    // ---------------------------------------------------------------- configs and cluster

    @Test
    void alterATopicConfigAndReadItBack() {
        String name = createTopic(1);
        ConfigResource topic = ConfigResource.topic(name);
        Map<String, ConfigEntry> before = get(admin().describeConfigs(List.of(topic)).value(topic));
        assertThat(before.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(before.get("retention.ms").source()).isEqualTo(ConfigEntry.Source.DEFAULT_CONFIG);
        assertThat(before.get("retention.ms").isDefault()).isTrue();

        get(admin().incrementalAlterConfigs(Map.of(topic, List.of(AlterConfigOp.set("retention.ms", "3600000"),
                AlterConfigOp.append("cleanup.policy", "compact")))).value(topic));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Map<String, ConfigEntry> after = get(admin().describeConfigs(List.of(topic)).value(topic));
            assertThat(after.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(after.get("retention.ms").source()).isEqualTo(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);
            assertThat(after.get("cleanup.policy").value()).isEqualTo("delete,compact");
        });

        get(admin().incrementalAlterConfigs(Map.of(topic, List.of(AlterConfigOp.delete("retention.ms"),
                AlterConfigOp.subtract("cleanup.policy", "compact")))).value(topic));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Map<String, ConfigEntry> reverted = get(admin().describeConfigs(List.of(topic)).value(topic));
            assertThat(reverted.get("retention.ms").value()).isEqualTo("604800000");
            assertThat(reverted.get("retention.ms").source()).isEqualTo(ConfigEntry.Source.DEFAULT_CONFIG);
            assertThat(reverted.get("cleanup.policy").value()).isEqualTo("delete");
        });

        assertThatThrownBy(failureOf(admin().incrementalAlterConfigs(Map.of(topic,
                List.of(AlterConfigOp.set("no.such.config", "1")))).value(topic)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(name);
        ConfigResource missing = ConfigResource.topic(unique("missing"));
        assertThatThrownBy(failureOf(admin().describeConfigs(List.of(missing)).value(missing)))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining(missing.name());
    }

    @Test
    void describeTheClusterAndABrokersConfigs() {
        ClusterDescription cluster = get(admin().describeCluster());
        assertThat(cluster.clusterId()).isNotBlank();
        assertThat(cluster.nodes()).hasSize(1);
        assertThat(cluster.controller()).isNotNull();
        int brokerId = cluster.nodes().get(0).id();
        ConfigResource broker = ConfigResource.broker(brokerId);
        Map<String, ConfigEntry> configs = get(admin().describeConfigs(List.of(broker)).value(broker));
        assertThat(configs).containsKeys("num.partitions", "message.max.bytes", "auto.create.topics.enable");
        assertThat(configs.get("node.id").value()).isEqualTo(Integer.toString(brokerId));
        assertThat(configs.get("node.id").readOnly()).isTrue();
    }

    @Test
    void setABrokersDynamicConfigReadItBackAndRemoveIt() {
        int brokerId = get(admin().describeCluster()).nodes().get(0).id();
        ConfigResource broker = ConfigResource.broker(brokerId);
        // 604800001 ms: one ms over the default retention, harmless on a broker other tests share
        get(admin().incrementalAlterConfigs(Map.of(broker, List.of(AlterConfigOp.set("log.retention.ms",
                "604800001")))).value(broker));
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                ConfigEntry e = get(admin().describeConfigs(List.of(broker)).value(broker)).get("log.retention.ms");
                assertThat(e.value()).isEqualTo("604800001");
                assertThat(e.source()).isEqualTo(ConfigEntry.Source.DYNAMIC_BROKER_CONFIG);
            });
        } finally {
            get(admin().incrementalAlterConfigs(Map.of(broker, List.of(AlterConfigOp.delete("log.retention.ms"))))
                    .value(broker));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(admin().describeConfigs(List.of(broker))
                .value(broker)).get("log.retention.ms").source()).isNotEqualTo(
                        ConfigEntry.Source.DYNAMIC_BROKER_CONFIG));
        assertThatThrownBy(failureOf(admin().incrementalAlterConfigs(Map.of(broker,
                List.of(AlterConfigOp.set("node.id", "7")))).value(broker)))
                .hasMessageContaining("broker '" + brokerId + "'");
    }

    // ---------------------------------------------------------------- groups

    @Test
    void describeALiveGroupWithTwoMembers() throws Exception {
        String topic = createTopic(4);
        String group = unique("group");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            Consumer<String, String> c = consumer(group);
            c.subscribe(List.of(topic));
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        c.poll(Duration.ofMillis(50));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "admin-scenario-member-" + i);
            t.start();
            threads.add(t);
        }
        try {
            GroupDescription[] d = new GroupDescription[1];
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                d[0] = get(admin().describeGroups(List.of(group)).value(group));
                Set<TopicPartition> assigned = new HashSet<>();
                d[0].members().forEach(m -> assigned.addAll(m.assignment()));
                return d[0].state() == GroupState.STABLE && d[0].members().size() == 2 && assigned.size() == 4;
            });
            assertThat(d[0].groupId()).isEqualTo(group);
            assertThat(d[0].protocolType()).isEqualTo("consumer");
            assertThat(d[0].protocol()).isNotBlank();
            assertThat(d[0].coordinator()).isNotNull();
            for (MemberDescription m : d[0].members()) {
                assertThat(m.memberId()).isNotBlank();
                assertThat(m.assignment()).hasSize(2).allMatch(tp -> tp.topic().equals(topic));
            }
            assertThat(get(admin().listGroups())).anySatisfy(g -> {
                assertThat(g.groupId()).isEqualTo(group);
                assertThat(g.protocolType()).isEqualTo("consumer");
            });
            assertThatThrownBy(failureOf(admin().deleteConsumerGroups(List.of(group)).value(group)))
                    .isInstanceOf(GroupNotEmptyException.class).hasMessageContaining(group);
            // Offsets are reset only while a group has no members: Kafka refuses a commit naming no member.
            TopicPartition tp0 = new TopicPartition(topic, 0);
            assertThatThrownBy(failureOf(admin().alterConsumerGroupOffsets(group,
                    Map.of(tp0, new OffsetAndMetadata(0))).value(tp0)))
                    .isInstanceOf(UnknownMemberIdException.class).hasMessageContaining(group);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TIMEOUT.toMillis());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void resetAGroupsOffsetsAndSeeTheConsumerResumeThere() {
        String topic = createTopic(1);
        TopicPartition tp = new TopicPartition(topic, 0);
        produce(topic, 0, 10, -1);
        String group = unique("group");
        Consumer<String, String> first = consumer(group);
        first.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            first.poll(Duration.ofMillis(100)).forEach(got::add);
            return got.size() >= 10;
        });
        first.commitSync();
        first.close();
        assertThat(get(admin().listConsumerGroupOffsets(group))).containsOnlyKeys(tp)
                .extractingByKey(tp).extracting(OffsetAndMetadata::offset).isEqualTo(10L);

        get(admin().alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(4))).all());
        assertThat(get(admin().listConsumerGroupOffsets(group)).get(tp).offset()).isEqualTo(4L);

        Consumer<String, String> second = consumer(group);
        second.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> resumed = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            second.poll(Duration.ofMillis(100)).forEach(resumed::add);
            return !resumed.isEmpty();
        });
        assertThat(resumed.get(0).offset()).isEqualTo(4L);
        assertThat(resumed.get(0).value()).isEqualTo("v4");
        second.close();

        get(admin().deleteConsumerGroups(List.of(group)).value(group));
        assertThatThrownBy(failureOf(admin().describeGroups(List.of(group)).value(group)))
                .isInstanceOf(GroupIdNotFoundException.class).hasMessageContaining(group);
        assertThatThrownBy(failureOf(admin().deleteConsumerGroups(List.of(group)).value(group)))
                .isInstanceOf(GroupIdNotFoundException.class).hasMessageContaining(group);
    }

    // ---------------------------------------------------------------- records and offsets

    @Test
    void deleteRecordsMovesTheLogStartOffset() {
        String topic = createTopic(1);
        TopicPartition tp = new TopicPartition(topic, 0);
        produce(topic, 0, 10, -1);
        assertThat(get(admin().deleteRecords(Map.of(tp, 6L)).value(tp))).isEqualTo(6L);
        Map<TopicPartition, ListedOffset> earliest = get(admin().listOffsets(Map.of(tp, OffsetSpec.earliest())).all());
        assertThat(earliest.get(tp).offset()).isEqualTo(6L);
        assertThat(get(admin().listOffsets(Map.of(tp, OffsetSpec.latest())).value(tp)).offset()).isEqualTo(10L);

        Consumer<String, String> reader = Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(transport()).autoOffsetReset(AutoOffsetReset.EARLIEST).build();
        toClose.add(reader);
        reader.assign(List.of(tp));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            reader.poll(Duration.ofMillis(100)).forEach(got::add);
            return got.size() >= 4;
        });
        assertThat(got).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L);

        assertThatThrownBy(failureOf(admin().deleteRecords(Map.of(tp, 11L)).value(tp)))
                .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining(tp.toString());
        assertThat(get(admin().deleteRecords(Map.of(tp, -1L)).value(tp))).isEqualTo(10L);
    }

    @Test
    void listOffsetsEarliestLatestByTimestampAndMaxTimestamp() {
        String topic = createTopic(1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long base = System.currentTimeMillis() - 600_000;
        produce(topic, 0, 5, base);
        assertThat(get(admin().listOffsets(Map.of(tp, OffsetSpec.earliest())).value(tp)).offset()).isZero();
        assertThat(get(admin().listOffsets(Map.of(tp, OffsetSpec.latest())).value(tp)).offset()).isEqualTo(5L);
        ListedOffset at = get(admin().listOffsets(Map.of(tp, OffsetSpec.forTimestamp(base + 2_500))).value(tp));
        assertThat(at.offset()).isEqualTo(3L);
        assertThat(at.timestamp()).isEqualTo(base + 3_000);
        assertThat(get(admin().listOffsets(Map.of(tp, OffsetSpec.forTimestamp(base + 60_000))).value(tp)).offset())
                .isEqualTo(-1L);
        ListedOffset max = get(admin().listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).value(tp));
        assertThat(max.offset()).isEqualTo(4L);
        assertThat(max.timestamp()).isEqualTo(base + 4_000);
    }
}
