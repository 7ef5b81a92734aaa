package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.decode;
import static dev.samsa.mock.Kafka.fetch;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.produce;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.DisconnectException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.netty.NettyTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock over TCP: Samsa's NettyTransport, raw sockets, malformed frames. */
class TcpListenerTest {
    private MockCluster cluster;
    private NettyTransport transport;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(2).topic("t", 2, 2).build();
        String bootstrap = cluster.listen();
        transport = NettyTransport.builder().bootstrapServers(bootstrap).clientId("netty-test")
                .reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(10)).requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterEach
    void tearDown() {
        transport.close();
        cluster.close();
    }

    private Node leaderOf(int partition) {
        return cluster.broker(cluster.partition("t", partition).leader());
    }

    @Test
    void metadataAdvertisesTheListenerPorts() {
        MetadataResponse m = send(transport, transport.bootstrapNodes().get(0), new MetadataRequest().setTopics(null));
        assertThat(m.brokers()).extracting(MetadataResponse.MetadataResponseBroker::port)
                .containsExactlyElementsOf(cluster.brokers().stream().map(Node::port).toList());
        assertThat(cluster.bootstrapServers()).doesNotContain(":9092");
        assertThat(m.topics().get(0).topicId()).isEqualTo(Kafka.topicId(cluster.transport(), "t"));
    }

    @Test
    void produceAndFetchOverTheWireRoundTripTheBytes() {
        UUID topicId = Kafka.topicId(transport, "t");
        Node leader = leaderOf(0);
        ByteBuf records = batch(1_000, "a=1", "b=2");
        byte[] sent = Kafka.bytes(records);

        ProduceResponse produced = send(transport, leader, produce(topicId, "t", 0, records, -1));
        records.release();
        assertThat(only(produced).errorCode()).isZero();
        assertThat(only(produced).baseOffset()).isZero();

        FetchResponse fetched = send(transport, leader, fetch(topicId, "t", 0, 0, 1 << 20));
        FetchResponse.PartitionData data = only(fetched);
        try {
            assertThat(decode(data.records())).containsExactly("0:a=1", "1:b=2");
            byte[] got = Kafka.bytes(data.records());
            assertThat(java.util.Arrays.copyOfRange(got, 16, got.length))
                    .isEqualTo(java.util.Arrays.copyOfRange(sent, 16, sent.length));
        } finally {
            data.records().release();
        }
        assertThat(cluster.requests(KafkaApi.PRODUCE)).singleElement().satisfies(r -> {
            assertThat(r.clientId()).isEqualTo("netty-test");
            assertThat(r.version()).isEqualTo(ApiKey.PRODUCE.latestStableVersion());
            assertThat(r.partitions()).containsExactly(new TopicPartition("t", 0));
        });
    }

    @Test
    void theRequestLogShowsTheHeaderOfEachRequest() throws IOException {
        try (Socket socket = connect(cluster.broker(1))) {
            // ApiVersions v0: header v1 (key, version, correlation id, client id), empty body.
            ByteBuf frame = Unpooled.buffer();
            frame.writeInt(0).writeShort(ApiKey.API_VERSIONS.id()).writeShort(0).writeInt(4242).writeShort(3)
                    .writeBytes("raw".getBytes(StandardCharsets.UTF_8));
            frame.setInt(0, frame.readableBytes() - 4);
            write(socket, frame);
            assertThat(readFrame(socket).readInt()).isEqualTo(4242); // recorded before it was answered
        }
        assertThat(cluster.requests(KafkaApi.API_VERSIONS)).filteredOn(r -> "raw".equals(r.clientId()))
                .singleElement().satisfies(r -> {
                    assertThat(r.brokerId()).isEqualTo(1);
                    assertThat(r.version()).isZero();
                    assertThat(r.correlationId()).isEqualTo(4242);
                    assertThat(r.principal()).isEqualTo("User:ANONYMOUS");
                    assertThat(r.partitions()).isEmpty();
                });
    }

    @Test
    void apiVersionsAtAnUnknownVersionIsAnsweredInV0WithTheSupportedRanges() throws IOException {
        try (Socket socket = connect(cluster.broker(0))) {
            ByteBuf frame = Unpooled.buffer();
            frame.writeInt(0).writeShort(ApiKey.API_VERSIONS.id()).writeShort(99).writeInt(7).writeShort(-1);
            frame.writeByte(0); // whatever a future header holds; the broker must not care
            frame.setInt(0, frame.readableBytes() - 4);
            write(socket, frame);

            ByteBuf response = readFrame(socket);
            assertThat(response.readInt()).isEqualTo(7);
            ApiVersionsResponse r = ApiVersionsResponse.read(response, (short) 0);
            assertThat(r.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION.code());
            assertThat(r.apiKeys()).anySatisfy(v -> {
                assertThat(v.apiKey()).isEqualTo(ApiKey.API_VERSIONS.id());
                assertThat(v.maxVersion()).isEqualTo(ApiKey.API_VERSIONS.latestStableVersion());
            });
        }
    }

    @Test
    void garbageClosesOnlyThatConnection() throws IOException {
        try (Socket socket = connect(cluster.broker(0))) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: kafka\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read()).isEqualTo(-1); // closed by the broker
        }
        try (Socket socket = connect(cluster.broker(0))) {
            // A well-framed request for an API the mock does not serve: closed too, as a broker does.
            ByteBuf frame = Unpooled.buffer();
            frame.writeInt(0).writeShort(ApiKey.DESCRIBE_DELEGATION_TOKEN.id()).writeShort(1).writeInt(1)
                    .writeShort(-1);
            frame.writeZero(20);
            frame.setInt(0, frame.readableBytes() - 4);
            write(socket, frame);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect(cluster.broker(0))) {
            // A truncated Metadata body.
            ByteBuf frame = Unpooled.buffer();
            frame.writeInt(0).writeShort(ApiKey.METADATA.id()).writeShort(12).writeInt(1).writeShort(-1).writeByte(0);
            frame.writeByte(0x7f); // a compact array of 126 topics, and nothing after it
            frame.setInt(0, frame.readableBytes() - 4);
            write(socket, frame);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        // Everyone else goes on.
        MetadataResponse m = send(transport, cluster.broker(0), new MetadataRequest().setTopics(null));
        assertThat(m.topics()).hasSize(1);
    }

    @Test
    void aStoppedBrokerRefusesConnectionsAndComesBackOnItsPort() {
        Node broker1 = cluster.broker(1);
        send(transport, broker1, new MetadataRequest().setTopics(null));

        cluster.faults().stopBroker(1);

        assertThatThrownBy(() -> transport.send(broker1, new MetadataRequest().setTopics(null)).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(DisconnectException.class);
        PartitionSnapshot p = cluster.partition("t", 0);
        assertThat(p.leader()).isZero();
        assertThat(p.isr()).containsExactly(0);
        MetadataResponse m = send(transport, cluster.broker(0), new MetadataRequest().setTopics(null));
        assertThat(m.brokers()).extracting(MetadataResponse.MetadataResponseBroker::nodeId).containsExactly(0);
        assertThat(m.topics().get(0).partitions()).allSatisfy(part -> {
            assertThat(part.leaderId()).isZero();
            assertThat(part.offlineReplicas()).containsExactly(1);
        });

        cluster.faults().startBroker(1);

        assertThat(cluster.broker(1).port()).isEqualTo(broker1.port());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                transport.send(broker1, new MetadataRequest().setTopics(null)).join().brokers()).hasSize(2));
        assertThat(cluster.partition("t", 0).isr()).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void disconnectingOneClientLeavesTheOthersConnected() {
        NettyTransport other = NettyTransport.builder().bootstrapServers(cluster.bootstrapServers())
                .clientId("other").build();
        try {
            Node n = cluster.broker(0);
            send(transport, n, new MetadataRequest().setTopics(null));
            send(other, n, new MetadataRequest().setTopics(null));

            assertThat(cluster.faults().disconnectClient("netty-test")).isGreaterThanOrEqualTo(1);

            assertThat(send(other, n, new MetadataRequest().setTopics(null)).brokers()).hasSize(2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    transport.send(n, new MetadataRequest().setTopics(null)).join().brokers()).hasSize(2));
        } finally {
            other.close();
        }
    }

    private static Socket connect(Node node) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(node.host(), node.port()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket socket, ByteBuf frame) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(Kafka.bytes(frame));
        out.flush();
    }

    private static ByteBuf readFrame(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        DataInputStream data = new DataInputStream(in);
        int size = data.readInt();
        byte[] body = new byte[size];
        data.readFully(body);
        return Unpooled.wrappedBuffer(body);
    }
}
