package dev.samsa.scenarios;

import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import dev.samsa.transport.Transport;
import org.junit.jupiter.api.BeforeEach;

/** The admin scenarios against a real Apache Kafka broker started by the build. */
@RealKafka
class RealKafkaAdminScenariosIT extends AdminScenarios {
    private String bootstrap;

    @BeforeEach
    void start(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
    }

    @Override
    protected Transport openTransport() {
        return NettyTransport.builder().bootstrapServers(bootstrap).build();
    }
}
