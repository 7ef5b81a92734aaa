package dev.samsa.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared single-broker cluster, checked with the official client. */
@RealKafka
class SingleBrokerIT {

    @RealKafka
    static KafkaCluster sharedField;

    @Test
    void adminSeesTheBroker(KafkaCluster kafka) throws Exception {
        assertThat(kafka.brokers()).isEqualTo(1);
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port(1));
        try (Admin admin = KafkaClients.admin(kafka)) {
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.nodes().get()).extracting(Node::id, Node::host, Node::port)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "127.0.0.1", kafka.port(1)));
            assertThat(cluster.clusterId().get()).isEqualTo(kafka.clusterId());
            assertThat(cluster.controller().get().id()).isEqualTo(1);
        }
    }

    @Test
    void createsTopicProducesAndConsumesOneRecord(KafkaCluster kafka) throws Exception {
        String topic = "single-broker-it";
        try (Admin admin = KafkaClients.admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(2);
        }

        RecordMetadata written = KafkaClients.produce(kafka, topic, "key", "value");
        assertThat(written.offset()).isZero();

        List<ConsumerRecord<String, String>> records = KafkaClients.consume(kafka, topic, "single-broker-it", 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(record.key()).isEqualTo("key");
        assertThat(record.value()).isEqualTo("value");
        assertThat(record.partition()).isEqualTo(written.partition());
        assertThat(record.offset()).isEqualTo(written.offset());
    }

    @Test
    void topicsAreNotCreatedAutomaticallyByDefault(KafkaCluster kafka) {
        try (Admin admin = KafkaClients.admin(kafka)) {
            assertThatThrownBy(() -> admin.describeTopics(List.of("never-created")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void parametersAndFieldsShareOneClusterPerRun(KafkaCluster parameter) {
        assertThat(parameter).isSameAs(sharedField);
        assertThat(parameter.isRunning(1)).isTrue();
        assertThat(parameter.logFile(1)).exists();
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassesGetTheSameSharedCluster(KafkaCluster kafka) {
            assertThat(kafka).isSameAs(sharedField);
        }
    }

    @Test
    void brokerLogsToItsLogFile(KafkaCluster kafka) throws Exception {
        String log = java.nio.file.Files.readString(kafka.logFile(1));
        assertThat(log).contains(BrokerNode.STARTED_MARKER).contains("[KafkaRaftServer nodeId=1]");
    }
}
