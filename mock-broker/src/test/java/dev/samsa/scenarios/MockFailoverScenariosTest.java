package dev.samsa.scenarios;

import dev.samsa.mock.MockCluster;
import dev.samsa.mock.PartitionSnapshot;
import dev.samsa.transport.Transport;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The failover scenarios on a 3-broker mock cluster: brokers die by {@code faults().stopBroker} (connections
 * close, requests are refused, the next in-sync replica leads), the test's clients use in-process transports, and
 * the member killed with {@code kill -9} runs in a child JVM over the mock's TCP listener. The session timeout runs
 * on the system clock, as the child cannot share a virtual one.
 */
class MockFailoverScenariosTest extends FailoverScenarios {
    private MockCluster cluster;
    private String bootstrap;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(3).build();
        bootstrap = cluster.listen();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Override
    protected String backend() {
        return "mock";
    }

    @Override
    protected Transport openTransport() {
        return cluster.transport();
    }

    @Override
    protected String bootstrapServers() {
        return bootstrap;
    }

    @Override
    protected void createTopic(String topic, int partitions) {
        cluster.createTopic(topic, partitions, 3, Map.of("min.insync.replicas", "2"));
    }

    @Override
    protected Leadership leadership(String topic, int partition) {
        PartitionSnapshot p = cluster.partition(topic, partition);
        return new Leadership(p.leader(), Set.copyOf(p.isr()));
    }

    @Override
    protected int coordinator(String group) {
        return cluster.group(group).orElseThrow().coordinatorId();
    }

    @Override
    protected void killBroker(int brokerId) {
        cluster.faults().stopBroker(brokerId);
    }

    @Override
    protected void startBroker(int brokerId) {
        cluster.faults().startBroker(brokerId);
    }

    @Override
    protected void startAllBrokers() {
        // a fresh cluster per test
    }
}
