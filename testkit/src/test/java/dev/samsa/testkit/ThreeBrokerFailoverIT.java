package dev.samsa.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A class-private 3-broker cluster: brokers are killed, stopped and restarted. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeBrokerFailoverIT {

    private static final String TOPIC = "replicated";

    @RealKafka(brokers = 3, isolated = true)
    static KafkaCluster kafka;

    @Test
    @Order(1)
    void threeBrokersFormOneCluster(@RealKafka(brokers = 3, isolated = true) KafkaCluster parameter)
            throws Exception {
        assertThat(parameter).as("one isolated cluster per class and settings").isSameAs(kafka);
        assertThat(kafka.bootstrapServers().split(",")).hasSize(3)
                .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
        try (Admin admin = KafkaClients.admin(kafka)) {
            assertThat(brokerIds(admin)).containsExactly(1, 2, 3);
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(partition(admin).isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3));
        }
        KafkaClients.produce(kafka, TOPIC, "k", "before");
    }

    @Test
    @Order(2)
    void clusterAnswersAfterTheLeaderIsKilledAndTheBrokerRejoins() throws Exception {
        try (Admin admin = KafkaClients.admin(kafka)) {
            int leader = partition(admin).leader().id();

            kafka.killBroker(leader);
            assertThat(kafka.isRunning(leader)).isFalse();

            // The controller fences the dead broker after the session timeout and elects a new leader.
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                assertThat(brokerIds(admin)).doesNotContain(leader).hasSize(2);
                assertThat(partition(admin).leader().id()).isNotEqualTo(leader);
            });
            KafkaClients.produce(kafka, TOPIC, "k", "during");

            kafka.startBroker(leader);
            assertThat(kafka.isRunning(leader)).isTrue();
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                assertThat(brokerIds(admin)).containsExactly(1, 2, 3);
                assertThat(partition(admin).isr()).extracting(Node::id).contains(leader).hasSize(3);
            });
        }
        List<ConsumerRecord<String, String>> records = KafkaClients.consume(kafka, TOPIC, "failover-it", 2);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("before", "during");
    }

    @Test
    @Order(3)
    void gracefullyStoppedBrokerRestartsOnItsPort() throws Exception {
        int port = kafka.port(3);
        kafka.stopBroker(3);
        assertThat(kafka.isRunning(3)).isFalse();
        try (Admin admin = KafkaClients.admin(kafka)) {
            // Controlled shutdown: the broker leaves the live set right away, with no session timeout to wait.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(brokerIds(admin)).containsExactly(1, 2));
            kafka.startBroker(3);
            assertThat(kafka.port(3)).isEqualTo(port);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(brokerIds(admin)).containsExactly(1, 2, 3));
        }
    }

    private static List<Integer> brokerIds(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get().stream().map(Node::id).sorted().collect(Collectors.toList());
    }

    private static TopicPartitionInfo partition(Admin admin) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
        return description.partitions().get(0);
    }
}
