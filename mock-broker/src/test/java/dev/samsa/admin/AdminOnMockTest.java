package dev.samsa.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.NotControllerException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.mock.ReceivedRequest;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin engine against the mock broker's fault injection on a three-broker cluster: where each request goes
 * (controller, leader, coordinator, the broker a config belongs to), which errors are retried, for which entities,
 * and how the call's timeout and {@code retries} bound it.
 */
class AdminOnMockTest {
    private static final String TOPIC = "orders";
    private MockCluster cluster;
    private Transport transport;
    private Admin admin;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(3).topic(TOPIC, 3, 3).build();
        transport = cluster.transport("admin");
        admin = Admin.builder().transport(transport).retryBackoff(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(20)).defaultApiTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        admin.close();
        transport.close();
        cluster.close();
    }

    private static <T> T get(CompletableFuture<T> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static ThrowableAssert.ThrowingCallable failureOf(CompletableFuture<?> f) {
        return () -> {
            try {
                get(f);
            } catch (CompletionException e) {
                throw e.getCause();
            }
        };
    }

    @Test
    void createTopicsIsRetriedAfterNotControllerAndGoesToTheController() {
        cluster.faults().on(KafkaApi.CREATE_TOPICS).times(2).failWith(ErrorCode.NOT_CONTROLLER);
        get(admin.createTopics(List.of(NewTopic.of("payments", 2, 2))).value("payments"));
        assertThat(cluster.partitionCount("payments")).isEqualTo(2);
        List<ReceivedRequest> sent = cluster.requests(KafkaApi.CREATE_TOPICS);
        assertThat(sent).hasSize(3);
        int controller = get(admin.describeCluster()).controller().id();
        assertThat(sent).allSatisfy(r -> assertThat(r.brokerId()).isEqualTo(controller));
    }

    @Test
    void aRetriableErrorThatPersistsEndsInATimeoutNamingTheEntityWithTheLastErrorAsCause() {
        cluster.faults().on(KafkaApi.CREATE_TOPICS).always().failWith(ErrorCode.NOT_CONTROLLER);
        assertThatThrownBy(failureOf(admin.withTimeout(Duration.ofMillis(300))
                .createTopics(List.of(NewTopic.of("payments", 1, 1))).value("payments")))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("payments")
                .hasCauseInstanceOf(NotControllerException.class);
    }

    @Test
    void withNoRetriesTheRetriableErrorItselfIsReported() {
        cluster.faults().on(KafkaApi.CREATE_TOPICS).times(1).failWith(ErrorCode.NOT_CONTROLLER);
        try (Admin once = Admin.builder().transport(transport).retries(0).build()) {
            assertThatThrownBy(failureOf(once.createTopics(List.of(NewTopic.of("payments", 1, 1)))
                    .value("payments"))).isInstanceOf(NotControllerException.class).hasMessageContaining("payments");
        }
        assertThat(cluster.topics()).doesNotContain("payments");
    }

    @Test
    void listOffsetsGoesToEachLeaderAndRetriesOnlyThePartitionThatFailed() {
        cluster.faults().moveLeader(TOPIC, 0, 1);
        cluster.faults().moveLeader(TOPIC, 1, 2);
        cluster.faults().moveLeader(TOPIC, 2, 2);
        cluster.faults().on(KafkaApi.LIST_OFFSETS).forPartition(TOPIC, 1).times(1)
                .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        TopicPartition p2 = new TopicPartition(TOPIC, 2);
        Map<TopicPartition, ListedOffset> offsets = get(admin.listOffsets(Map.of(p0, OffsetSpec.latest(),
                p1, OffsetSpec.latest(), p2, OffsetSpec.earliest())).all());
        assertThat(offsets.values()).extracting(ListedOffset::offset).containsOnly(0L);
        List<ReceivedRequest> sent = cluster.requests(KafkaApi.LIST_OFFSETS);
        // broker 1 for partition 0; broker 2 for partitions 1 and 2, then again for partition 1 alone
        assertThat(sent).extracting(ReceivedRequest::brokerId).containsExactlyInAnyOrder(1, 2, 2);
        ReceivedRequest retry = sent.stream().filter(r -> r.brokerId() == 2)
                .filter(r -> r.partitions().size() == 1).findFirst().orElseThrow();
        assertThat(retry.partitions()).containsExactly(p1);
    }

    @Test
    void groupCallsFindTheCoordinatorAgainAfterItMovesAndRetryWhileItLoads() {
        String group = "billing";
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        get(admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(0))).all());
        int before = cluster.requests(KafkaApi.FIND_COORDINATOR).size();
        cluster.faults().moveCoordinator(group, 2);
        cluster.faults().on(KafkaApi.DESCRIBE_GROUPS).times(2).failWith(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
        GroupDescription d = get(admin.describeGroups(List.of(group)).value(group));
        assertThat(d.state()).isEqualTo(GroupState.EMPTY);
        assertThat(d.coordinator().id()).isEqualTo(2);
        assertThat(cluster.requests(KafkaApi.DESCRIBE_GROUPS)).hasSize(3)
                .allSatisfy(r -> assertThat(r.brokerId()).isEqualTo(2));
        assertThat(cluster.requests(KafkaApi.FIND_COORDINATOR).size() - before).isEqualTo(3);
        assertThat(get(admin.listConsumerGroupOffsets(group))).containsEntry(tp, new OffsetAndMetadata(0));
    }

    @Test
    void brokerConfigsAreAskedOfThatBrokerAndDynamicOverridesReadBack() {
        ConfigResource broker2 = ConfigResource.broker(2);
        Map<String, ConfigEntry> configs = get(admin.describeConfigs(List.of(broker2)).value(broker2));
        assertThat(configs.get("node.id").value()).isEqualTo("2");
        assertThat(configs.get("log.retention.ms").source()).isEqualTo(ConfigEntry.Source.STATIC_BROKER_CONFIG);
        assertThat(cluster.requests(KafkaApi.DESCRIBE_CONFIGS)).allSatisfy(r -> assertThat(r.brokerId()).isEqualTo(2));

        get(admin.incrementalAlterConfigs(Map.of(broker2, List.of(AlterConfigOp.set("log.retention.ms", "1000"))))
                .value(broker2));
        ConfigEntry altered = get(admin.describeConfigs(List.of(broker2)).value(broker2)).get("log.retention.ms");
        assertThat(altered.value()).isEqualTo("1000");
        assertThat(altered.source()).isEqualTo(ConfigEntry.Source.DYNAMIC_BROKER_CONFIG);

        assertThatThrownBy(failureOf(admin.incrementalAlterConfigs(Map.of(broker2,
                List.of(AlterConfigOp.set("node.id", "7")))).value(broker2)))
                .hasMessageContaining("broker '2'").hasMessageContaining("node.id");
        ConfigResource nine = ConfigResource.broker(9);
        assertThatThrownBy(failureOf(admin.describeConfigs(List.of(nine)).value(nine)))
                .hasMessageContaining("no broker 9");
    }

    @Test
    void describeTopicsAndClusterFollowABrokerStopping() {
        ClusterDescription c = get(admin.describeCluster());
        assertThat(c.nodes()).extracting(n -> n.id()).containsExactly(0, 1, 2);
        assertThat(c.clusterId()).isEqualTo(cluster.clusterId());
        cluster.faults().moveLeader(TOPIC, 0, 0);
        cluster.faults().stopBroker(0);
        PartitionInfo p0 = get(admin.describeTopics(List.of(TOPIC)).value(TOPIC)).partitions().get(0);
        assertThat(p0.leader().id()).isNotEqualTo(0);
        assertThat(p0.replicas()).hasSize(3);
        assertThat(p0.inSyncReplicas()).hasSize(2).noneMatch(n -> n.id() == 0);
    }

    @Test
    void aClosedClientRefusesCallsAndFailsTheOnesItCouldNotFinish() {
        cluster.faults().on(KafkaApi.DELETE_TOPICS).always().dropResponse();
        CompletableFuture<Void> pending = admin.deleteTopics(List.of(TOPIC)).value(TOPIC);
        admin.close(Duration.ofMillis(50));
        assertThatThrownBy(failureOf(pending)).isInstanceOf(TimeoutException.class).hasMessageContaining("closed")
                .hasMessageContaining(TOPIC);
        assertThatThrownBy(failureOf(admin.listTopics())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
