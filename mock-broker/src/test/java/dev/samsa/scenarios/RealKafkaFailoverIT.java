package dev.samsa.scenarios;

import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import dev.samsa.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The failover scenarios on a real 3-broker KRaft cluster of this class's own: brokers die by {@code kill -9}
 * ({@link KafkaCluster#killBroker}) and restart on the same ports and data; the member killed with {@code kill -9}
 * runs in a child JVM. Topics, leaders and ISRs are read with the official Admin client (test scope, the oracle).
 * A killed broker is fenced after the harness's 6 s broker session timeout, when the controller elects new leaders
 * and shrinks the ISRs.
 */
@RealKafka(brokers = 3, isolated = true)
class RealKafkaFailoverIT extends FailoverScenarios {
    @RealKafka(brokers = 3, isolated = true)
    static KafkaCluster kafka;
    private static Admin admin;

    @BeforeAll
    static void admin() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Override
    protected String backend() {
        return "kafka";
    }

    @Override
    protected Transport openTransport() {
        return NettyTransport.builder().bootstrapServers(kafka.bootstrapServers()).build();
    }

    @Override
    protected String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    protected void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
    }

    @Override
    protected Leadership leadership(String topic, int partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic);
        TopicPartitionInfo p = d.partitions().get(partition);
        Set<Integer> isr = p.isr().stream().map(Node::id).collect(Collectors.toSet());
        return new Leadership(p.leader() == null ? -1 : p.leader().id(), isr);
    }

    @Override
    protected int coordinator(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                .coordinator().id();
    }

    @Override
    protected void killBroker(int brokerId) {
        kafka.killBroker(brokerId);
    }

    @Override
    protected void startBroker(int brokerId) {
        kafka.startBroker(brokerId);
    }

    @Override
    protected void startAllBrokers() {
        for (int id : kafka.nodeIds()) {
            if (!kafka.isRunning(id)) {
                kafka.startBroker(id);
            }
        }
    }
}
