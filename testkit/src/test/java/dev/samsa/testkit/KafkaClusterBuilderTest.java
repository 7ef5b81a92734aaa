package dev.samsa.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builder validation and pre-start behaviour; no broker is started. */
class KafkaClusterBuilderTest {

    @Test
    void rejectsBrokerCountsOutOfRange() {
        assertThatThrownBy(() -> KafkaCluster.builder().brokers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokers: 0 (expected: 1..9)");
        assertThatThrownBy(() -> KafkaCluster.builder().brokers(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokers: 10");
    }

    @Test
    void rejectsPropertiesTheClusterOwns() {
        for (String key : new String[] {"node.id", "listeners", "advertised.listeners", "controller.quorum.voters",
                "log.dirs", "process.roles"}) {
            assertThatThrownBy(() -> KafkaCluster.builder().serverProperty(key, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
        }
    }

    @Test
    void perNodePropertiesAreValidatedLikeSharedOnesAndMustNameANode() {
        assertThatThrownBy(() -> KafkaCluster.builder().serverProperty(1, "node.id", "7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node.id");
        assertThatThrownBy(() -> KafkaCluster.builder().serverProperty(0, "broker.rack", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node id 0");
        assertThatThrownBy(() -> KafkaCluster.builder().brokers(2).serverProperty(3, "broker.rack", "c").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 3");
    }

    @Test
    void rejectsLineBreaksInValues() {
        assertThatThrownBy(() -> KafkaCluster.builder().serverProperty("log.segment.bytes", "1\nnode.id=7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test
    void rejectsTinyHeapsAndNonPositiveTimeouts() {
        assertThatThrownBy(() -> KafkaCluster.builder().maxHeapBytes(1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeapBytes: 1024");
        assertThatThrownBy(() -> KafkaCluster.builder().startupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> KafkaCluster.builder().feature("share.version", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share.version");
    }

    @Test
    void unstartedClusterHasNodesButNoPorts(@TempDir Path dir) {
        try (KafkaCluster cluster = KafkaCluster.builder().brokers(3).workDirectory(dir).build()) {
            assertThat(cluster.brokers()).isEqualTo(3);
            assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
            assertThat(cluster.clusterId()).hasSize(22).doesNotStartWith("-");
            assertThat(cluster.directory()).startsWith(dir).isDirectory();
            assertThat(cluster.logFile(2)).hasFileName("broker-2.log");
            assertThat(cluster.isRunning(1)).isFalse();
            assertThatThrownBy(cluster::bootstrapServers).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> cluster.port(4)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> cluster.logFile(4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("node id 4 (expected: 1..3)");
            assertThatThrownBy(() -> cluster.killBroker(1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closedClusterCannotStart(@TempDir Path dir) {
        KafkaCluster cluster = KafkaCluster.builder().workDirectory(dir).build();
        cluster.close();
        assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start() runs once");
    }

    @Test
    void defaultsSizeReplicationToTheBrokerCount() {
        Map<String, String> one = KafkaCluster.defaultServerProperties(1, false);
        assertThat(one).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("default.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
        Map<String, String> five = KafkaCluster.defaultServerProperties(5, true);
        assertThat(five).containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("share.coordinator.state.topic.replication.factor", "3")
                .containsEntry("auto.create.topics.enable", "true");
    }

    @Test
    void brokerClasspathResourceListsTheKafkaJars() throws Exception {
        String classpath;
        try (var in = KafkaCluster.class.getResourceAsStream(BrokerRuntime.CLASSPATH_RESOURCE)) {
            assertThat(in).as("resource written at generate-resources").isNotNull();
            classpath = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
        String[] jars = classpath.split(java.io.File.pathSeparator);
        assertThat(jars).allSatisfy(jar -> assertThat(Files.isRegularFile(Path.of(jar))).as(jar).isTrue());
        assertThat(jars).anySatisfy(jar -> assertThat(Path.of(jar).getFileName().toString()).startsWith("kafka_2.13-"))
                .anySatisfy(jar -> assertThat(Path.of(jar).getFileName().toString()).startsWith("kafka-clients-"))
                .anySatisfy(jar -> assertThat(jar).contains("jackson-databind-"))
                .anySatisfy(jar -> assertThat(jar).contains("slf4j-simple"))
                .noneSatisfy(jar -> assertThat(jar).contains("junit"));
    }
}
