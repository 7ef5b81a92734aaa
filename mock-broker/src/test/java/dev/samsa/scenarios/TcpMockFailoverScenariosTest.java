package dev.samsa.scenarios;

import dev.samsa.netty.NettyTransport;
import dev.samsa.transport.Transport;

/**
 * The failover scenarios on the 3-broker mock cluster with every client on {@link NettyTransport} over the mock's
 * TCP listener: a stopped mock broker closes its sockets and refuses connections on its port, as a killed process
 * does, so the wire client's disconnect and reconnect paths run too.
 */
class TcpMockFailoverScenariosTest extends MockFailoverScenariosTest {
    @Override
    protected String backend() {
        return "mock-tcp";
    }

    @Override
    protected Transport openTransport() {
        return NettyTransport.builder().bootstrapServers(bootstrapServers()).build();
    }
}
