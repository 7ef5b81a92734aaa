package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.Node;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.netty.NettyTransport;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@link MockCluster#listen(int)}: the brokers on fixed, consecutive ports, as the standalone mock broker needs. */
class ListenOnPortTest {

    /** A first port with the next one free too (bound, then released). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port < 65_535) {
                    try (ServerSocket second = new ServerSocket(port + 1)) {
                        return port;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    @Test
    void brokersListenOnConsecutivePortsFromTheFirstAndAdvertiseThem() throws IOException {
        int port = freePortPair();
        try (MockCluster cluster = MockCluster.builder().brokers(2).topic("orders", 2, 2).build()) {
            assertThat(cluster.listen(port)).isEqualTo("127.0.0.1:" + port + ",127.0.0.1:" + (port + 1));
            assertThat(cluster.brokers()).extracting(Node::port).containsExactly(port, port + 1);

            try (NettyTransport transport = NettyTransport.builder().bootstrapServers("127.0.0.1:" + port).build()) {
                MetadataResponse m = transport.send(transport.bootstrapNodes().get(0),
                        new MetadataRequest().setTopics(null)).join();
                assertThat(m.brokers()).extracting(MetadataResponse.MetadataResponseBroker::port)
                        .containsExactly(port, port + 1);
            }
        }
    }

    @Test
    void aPortInUseOrOutOfRangeIsRefusedNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0);
                MockCluster cluster = MockCluster.builder().build()) {
            assertThatThrownBy(() -> cluster.listen(taken.getLocalPort())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot bind 127.0.0.1:" + taken.getLocalPort());
            assertThat(cluster.isListening()).isFalse();
        }
        try (MockCluster cluster = MockCluster.builder().brokers(3).build()) {
            assertThatThrownBy(() -> cluster.listen(65_534)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port: 65534 (expected: 0 for free ports, or 1..65533 for 3 brokers)");
            assertThatThrownBy(() -> cluster.listen(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
