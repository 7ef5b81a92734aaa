package dev.samsa.scenarios;

import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import dev.samsa.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The scenario suite against a real Apache Kafka broker started by the build. */
@RealKafka
class RealKafkaScenariosIT extends TransportScenarios {
    private NettyTransport transport;

    @BeforeEach
    void start(KafkaCluster kafka) {
        transport = NettyTransport.builder().bootstrapServers(kafka.bootstrapServers()).build();
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    @Override
    protected Transport transport() {
        return transport;
    }
}
