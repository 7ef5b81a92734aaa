package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The closest-replica scenarios on a real 3-broker Kafka cluster of this class's own, each broker {@code n} with
 * {@code broker.rack=rack-n} and {@code replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector}
 * (a static broker config, hence a cluster built here rather than a shared one). Topics and leaders are read with the
 * official Admin client (test scope, the oracle).
 */
class RealKafkaClosestReplicaIT extends ClosestReplicaScenarios {
    private static KafkaCluster kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        KafkaCluster.Builder b = KafkaCluster.builder().brokers(3)
                .serverProperty("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        for (int id = 1; id <= 3; id++) {
            b.serverProperty(id, "broker.rack", rack(id));
        }
        kafka = b.build().start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    protected Transport openTransport() {
        return NettyTransport.builder().bootstrapServers(kafka.bootstrapServers()).build();
    }

    @Override
    protected void createTopic(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        // A broker whose metadata has not caught up with the creation answers UNKNOWN_TOPIC_OR_PARTITION: retried.
        await().atMost(LONG).ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                .until(() -> describe(topic).leader() != null
                && describe(topic).isr().size() == 3);
    }

    private static TopicPartitionInfo describe(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic);
        return d.partitions().get(0);
    }

    @Override
    protected int leader(String topic) throws Exception {
        return describe(topic).leader().id();
    }

    @Override
    protected List<Integer> brokerIds() {
        return kafka.nodeIds();
    }

    @Override
    protected void moveLeader(String topic, int brokerId) throws Exception {
        // Put the broker first in the replica list (same replicas: the reassignment completes at once), then elect
        // the preferred leader.
        TopicPartition tp = new TopicPartition(topic, 0);
        List<Integer> replicas = new ArrayList<>(List.of(brokerId));
        describe(topic).replicas().stream().map(Node::id).filter(id -> id != brokerId).forEach(replicas::add);
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(replicas)))).all()
                .get(30, TimeUnit.SECONDS);
        await().atMost(LONG).until(() -> describe(topic).replicas().get(0).id() == brokerId);
        admin.electLeaders(ElectionType.PREFERRED, Set.of(tp)).all().get(30, TimeUnit.SECONDS);
        // A broker whose metadata has not caught up with the creation answers UNKNOWN_TOPIC_OR_PARTITION: retried.
        await().atMost(LONG).ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                .until(() -> describe(topic).leader() != null && describe(topic).leader().id() == brokerId);
    }

    @Test
    void eachBrokerAdvertisesItsOwnRack() throws Exception {
        Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        assertThat(nodes).extracting(Node::id, Node::rack).containsExactlyInAnyOrder(
                tuple(1, "rack-1"), tuple(2, "rack-2"), tuple(3, "rack-3"));
    }
}
