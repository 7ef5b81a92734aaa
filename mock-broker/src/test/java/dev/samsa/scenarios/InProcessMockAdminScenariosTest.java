package dev.samsa.scenarios;

import dev.samsa.mock.MockCluster;
import dev.samsa.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The admin scenarios against the mock broker in process: no bytes, no sockets. */
class InProcessMockAdminScenariosTest extends AdminScenarios {
    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(1).build();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Override
    protected Transport openTransport() {
        return cluster.transport();
    }
}
