package dev.samsa.scenarios;

import dev.samsa.mock.MockCluster;
import dev.samsa.netty.NettyTransport;
import dev.samsa.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The scenario suite against the mock broker's TCP listener through the real wire client. */
class TcpMockScenariosTest extends TransportScenarios {
    private MockCluster cluster;
    private NettyTransport transport;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(1).build();
        transport = NettyTransport.builder().bootstrapServers(cluster.listen()).build();
    }

    @AfterEach
    void stop() {
        transport.close();
        cluster.close();
    }

    @Override
    protected Transport transport() {
        return transport;
    }
}
