package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JUnit 5 extension: a fresh cluster per test, shared by that test's lifecycle methods. */
@MockKafka(brokers = 2, topics = {"orders:4:2", "audit"})
class MockKafkaExtensionTest {
    private static final Set<MockCluster> SEEN = ConcurrentHashMap.newKeySet();
    private MockCluster fromBeforeEach;

    @BeforeEach
    void setUp(MockCluster cluster) {
        fromBeforeEach = cluster;
    }

    @AfterEach
    void tearDown(MockCluster cluster) {
        assertThat(cluster).isSameAs(fromBeforeEach); // still open here; closed after
    }

    @Test
    void classSettingsApply(MockCluster cluster, Transport transport) {
        assertThat(SEEN.add(cluster)).isTrue();
        assertThat(cluster).isSameAs(fromBeforeEach);
        assertThat(cluster.brokers()).hasSize(2);
        assertThat(cluster.topics()).containsExactly("audit", "orders");
        assertThat(cluster.partition("orders", 3).replicas()).hasSize(2);
        MetadataResponse m = Kafka.send(transport, transport.bootstrapNodes().get(0), new MetadataRequest()
                .setTopics(new ArrayList<>(List.of(new MetadataRequest.MetadataRequestTopic().setName("new")))));
        assertThat(m.topics().get(0).errorCode()).isNotZero(); // auto-created: LEADER_NOT_AVAILABLE the first time
        assertThat(cluster.topics()).contains("new");
    }

    @Test
    void eachTestGetsItsOwnCluster(MockCluster cluster) {
        assertThat(SEEN.add(cluster)).isTrue();
        assertThat(cluster.topics()).doesNotContain("new");
    }

    @Test
    @MockKafka(topics = "t", manualTime = true, listen = true)
    void methodSettingsReplaceTheClasses(MockCluster cluster, ManualTime time) {
        assertThat(SEEN.add(cluster)).isTrue();
        assertThat(cluster.brokers()).hasSize(1);
        assertThat(cluster.isListening()).isTrue();
        assertThat(cluster.time()).isSameAs(time);
        long before = time.milliseconds();
        time.advance(Duration.ofHours(1));
        assertThat(cluster.time().milliseconds()).isEqualTo(before + 3_600_000);
    }

    @Test
    @MockKafka(topics = "t", listen = true, saslUsers = "alice:alice-secret")
    void saslUsersMakeTheListenerRequireAuthentication(MockCluster cluster) {
        assertThat(SEEN.add(cluster)).isTrue();
        cluster.addSaslUser("bob", "bob-secret"); // allowed only on a SASL listener
        assertThat(cluster.removeSaslUser("alice")).isTrue();
    }
}
