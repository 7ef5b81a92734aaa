package dev.samsa.scenarios;

import dev.samsa.mock.MockCluster;
import dev.samsa.netty.NettyTransport;
import dev.samsa.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The admin scenarios against the mock broker's TCP listener through the real wire client. */
class TcpMockAdminScenariosTest extends AdminScenarios {
    private MockCluster cluster;
    private String bootstrap;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(1).build();
        bootstrap = cluster.listen();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Override
    protected Transport openTransport() {
        return NettyTransport.builder().bootstrapServers(bootstrap).build();
    }
}
