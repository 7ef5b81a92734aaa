package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official admin client (test-scope oracle) against the mock's TCP listener, on the APIs the admin handlers added:
 * DescribeConfigs, IncrementalAlterConfigs, DescribeCluster, DeleteRecords. What the official client accepts and
 * decodes, the mock answers as Kafka does.
 */
class OfficialAdminClientTest {
    private MockCluster cluster;
    private Admin admin;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(3).controller(1).clusterId("oracle-cluster").topic("orders", 2, 3)
                .build();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.listen());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "40000");
        admin = Admin.create(p);
    }

    @AfterEach
    void stop() {
        admin.close();
        cluster.close();
    }

    @Test
    void describeCluster() throws Exception {
        DescribeClusterResult r = admin.describeCluster();
        assertThat(r.clusterId().get(20, TimeUnit.SECONDS)).isEqualTo("oracle-cluster");
        assertThat(r.controller().get(20, TimeUnit.SECONDS).id()).isEqualTo(1);
        assertThat(r.nodes().get(20, TimeUnit.SECONDS)).hasSize(3);
    }

    @Test
    void topicConfigsAlterAndDescribe() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
        Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(topic, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)));
        admin.incrementalAlterConfigs(ops).all().get(20, TimeUnit.SECONDS);
        Config config = admin.describeConfigs(List.of(topic)).all().get(20, TimeUnit.SECONDS).get(topic);
        assertThat(config.get("retention.ms").value()).isEqualTo("1000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete,compact");
        assertThat(config.get("segment.bytes").isDefault()).isTrue();
        assertThat(cluster.topicConfigs("orders")).containsEntry("retention.ms", "1000");

        Map<ConfigResource, Collection<AlterConfigOp>> bad = Map.of(topic, List.of(
                new AlterConfigOp(new ConfigEntry("retention.mss", "1"), AlterConfigOp.OpType.SET)));
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(bad).all().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void brokerConfigs() throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "2");
        Config config = admin.describeConfigs(List.of(broker)).all().get(20, TimeUnit.SECONDS).get(broker);
        assertThat(config.get("node.id").value()).isEqualTo("2");
        assertThat(config.get("num.partitions").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void deleteRecordsMovesTheLogStartOffset() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", 0, "k", "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("orders", 0);
        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(7))).lowWatermarks().get(tp)
                .get(20, TimeUnit.SECONDS).lowWatermark();
        assertThat(low).isEqualTo(7);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(20, TimeUnit.SECONDS)
                .offset()).isEqualTo(7);
        assertThat(cluster.partition("orders", 0).logStartOffset()).isEqualTo(7);
    }
}
