package dev.samsa.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.errors.ConfigException;
import dev.samsa.internal.consumer.ConsumerSettings;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.serde.Deserializers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConsumerBuilderTest {
    private final FakeTransport transport = new FakeTransport();

    private ConsumerBuilder<String, String> builder() {
        return Consumer.builder(Deserializers.forString(), Deserializers.forString()).transport(transport);
    }

    @Test
    void defaultsAreKafkas() {
        ConsumerSettings s = builder().groupId("g").settings();
        assertThat(s.groupId()).isEqualTo("g");
        assertThat(s.groupInstanceId()).isNull();
        assertThat(s.autoOffsetReset()).isEqualTo(AutoOffsetReset.LATEST);
        assertThat(s.enableAutoCommit()).isTrue();
        assertThat(s.autoCommitIntervalMs()).isEqualTo(5000);
        assertThat(s.maxPollRecords()).isEqualTo(500);
        assertThat(s.maxPollIntervalMs()).isEqualTo(300_000);
        assertThat(s.sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(s.heartbeatIntervalMs()).isEqualTo(3000);
        assertThat(s.fetchMinBytes()).isEqualTo(1);
        assertThat(s.fetchMaxBytes()).isEqualTo(52_428_800);
        assertThat(s.maxPartitionFetchBytes()).isEqualTo(1_048_576);
        assertThat(s.fetchMaxWaitMs()).isEqualTo(500);
        assertThat(s.isolationLevel()).isEqualTo(IsolationLevel.READ_UNCOMMITTED);
        assertThat(s.assignmentStrategies()).containsExactly(AssignmentStrategy.RANGE,
                AssignmentStrategy.COOPERATIVE_STICKY);
        assertThat(s.cooperative()).isFalse();
        assertThat(s.clientRack()).isEmpty();
        assertThat(s.checkCrcs()).isTrue();
        assertThat(s.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(s.defaultApiTimeoutMs()).isEqualTo(60_000);
        assertThat(s.retryBackoffMs()).isEqualTo(100);
        assertThat(s.retryBackoffMaxMs()).isEqualTo(1000);
        assertThat(s.metadataMaxAgeMs()).isEqualTo(300_000);
        assertThat(s.allowAutoCreateTopics()).isTrue();
        assertThat(s.excludeInternalTopics()).isTrue();
    }

    @Test
    void kafkaKeysMapOntoTheSameSettings() {
        Properties p = new Properties();
        p.setProperty("group.id", "orders");
        p.setProperty("group.instance.id", "host-1");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("auto.commit.interval.ms", "1000");
        p.setProperty("max.poll.records", "42");
        p.setProperty("max.poll.interval.ms", "60000");
        p.setProperty("session.timeout.ms", "10000");
        p.setProperty("heartbeat.interval.ms", "1000");
        p.setProperty("fetch.min.bytes", "10");
        p.setProperty("fetch.max.bytes", "1000000");
        p.setProperty("max.partition.fetch.bytes", "2000");
        p.setProperty("fetch.max.wait.ms", "100");
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.setProperty("client.rack", "rack-a");
        p.setProperty("check.crcs", "false");
        p.setProperty("client.id", "me");
        p.setProperty("request.timeout.ms", "5000");
        p.setProperty("default.api.timeout.ms", "7000");
        p.setProperty("retry.backoff.ms", "10");
        p.setProperty("retry.backoff.max.ms", "20");
        p.setProperty("metadata.max.age.ms", "3000");
        p.setProperty("allow.auto.create.topics", "false");
        p.setProperty("exclude.internal.topics", "false");
        p.setProperty("bootstrap.servers", "localhost:9092,127.0.0.1:9093");
        p.setProperty("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.setProperty("group.protocol", "classic");
        p.setProperty("ssl.truststore.location", "/x");
        ConsumerSettings s = builder().config(p).settings();
        assertThat(s.groupId()).isEqualTo("orders");
        assertThat(s.groupInstanceId()).isEqualTo("host-1");
        assertThat(s.autoOffsetReset()).isEqualTo(AutoOffsetReset.EARLIEST);
        assertThat(s.enableAutoCommit()).isFalse();
        assertThat(s.autoCommitIntervalMs()).isEqualTo(1000);
        assertThat(s.maxPollRecords()).isEqualTo(42);
        assertThat(s.maxPollIntervalMs()).isEqualTo(60_000);
        assertThat(s.sessionTimeoutMs()).isEqualTo(10_000);
        assertThat(s.heartbeatIntervalMs()).isEqualTo(1000);
        assertThat(s.fetchMinBytes()).isEqualTo(10);
        assertThat(s.fetchMaxBytes()).isEqualTo(1_000_000);
        assertThat(s.maxPartitionFetchBytes()).isEqualTo(2000);
        assertThat(s.fetchMaxWaitMs()).isEqualTo(100);
        assertThat(s.isolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
        assertThat(s.assignmentStrategies()).containsExactly(AssignmentStrategy.COOPERATIVE_STICKY);
        assertThat(s.cooperative()).isTrue();
        assertThat(s.clientRack()).isEqualTo("rack-a");
        assertThat(s.checkCrcs()).isFalse();
        assertThat(s.clientId()).isEqualTo("me");
        assertThat(s.requestTimeoutMs()).isEqualTo(5000);
        assertThat(s.defaultApiTimeoutMs()).isEqualTo(7000);
        assertThat(s.retryBackoffMs()).isEqualTo(10);
        assertThat(s.retryBackoffMaxMs()).isEqualTo(20);
        assertThat(s.metadataMaxAgeMs()).isEqualTo(3000);
        assertThat(s.allowAutoCreateTopics()).isFalse();
        assertThat(s.excludeInternalTopics()).isFalse();
    }

    @Test
    void assignorListsAcceptNamesClassesAndCollections() {
        ConsumerSettings s = builder().config(Map.of("partition.assignment.strategy",
                List.of("roundrobin", "org.apache.kafka.clients.consumer.StickyAssignor", "range"))).settings();
        assertThat(s.assignmentStrategies()).containsExactly(AssignmentStrategy.ROUND_ROBIN,
                AssignmentStrategy.STICKY, AssignmentStrategy.RANGE);
        assertThat(builder().config(Map.of("partition.assignment.strategy", "cooperative-sticky, range")).settings()
                .assignmentStrategies()).containsExactly(AssignmentStrategy.COOPERATIVE_STICKY,
                AssignmentStrategy.RANGE);
    }

    @Test
    void byDurationReset() {
        assertThat(builder().config(Map.of("auto.offset.reset", "by_duration:PT1H")).settings().autoOffsetReset())
                .isEqualTo(AutoOffsetReset.byDuration(Duration.ofHours(1)));
    }

    @Test
    void badValuesNameTheKey() {
        assertKey(() -> builder().config(Map.of("max.poll.records", "0")), "max.poll.records");
        assertKey(() -> builder().config(Map.of("fetch.min.bytes", -1)), "fetch.min.bytes");
        assertKey(() -> builder().config(Map.of("auto.offset.reset", "sometimes")), "auto.offset.reset");
        assertKey(() -> builder().config(Map.of("isolation.level", "read_dirty")), "isolation.level");
        assertKey(() -> builder().config(Map.of("partition.assignment.strategy", "fancy")),
                "partition.assignment.strategy");
        assertKey(() -> builder().config(Map.of("enable.auto.commit", "yes")), "enable.auto.commit");
        assertKey(() -> builder().config(Map.of("session.timeout.ms", "ten")), "session.timeout.ms");
        assertKey(() -> builder().config(Map.of("group.protocol", "consumer")), "group.protocol");
        assertKey(() -> builder().config(Map.of("group.instance.id", "bad id!")), "group.instance.id");
        assertKey(() -> builder().config(Map.of("group.id", " ")), "group.id");
        assertKey(() -> builder().config(Map.of("bootstrap.servers", "nohostport")), "bootstrap.servers");
        assertKey(() -> builder().config(Map.of("interceptor.classes", "com.example.Interceptor")),
                "interceptor.classes");
        assertKey(() -> builder().config(Map.of("no.such.key", "1")), "no.such.key");
        assertKey(() -> builder().maxPollInterval(Duration.ofMillis(-1)), "max.poll.interval.ms");
    }

    @Test
    void crossFieldRulesFailBuild() {
        assertKey(() -> builder().groupId("g").sessionTimeout(Duration.ofSeconds(3))
                .heartbeatInterval(Duration.ofSeconds(3)).build(), "heartbeat.interval.ms");
        assertKey(() -> builder().enableAutoCommit(true).build(), "enable.auto.commit");
        assertKey(() -> builder().groupInstanceId("a").build(), "group.instance.id");
        assertThatThrownBy(() -> Consumer.builder(Deserializers.forString(), Deserializers.forString()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("transport");
    }

    @Test
    void withoutAGroupAutoCommitIsOff() {
        assertThat(builder().settings().enableAutoCommit()).isFalse();
        assertThat(builder().enableAutoCommit(false).settings().enableAutoCommit()).isFalse();
    }

    private static void assertKey(Runnable r, String key) {
        assertThatThrownBy(r::run).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContaining(key);
    }
}
