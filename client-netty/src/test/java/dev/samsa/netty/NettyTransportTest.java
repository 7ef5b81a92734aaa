package dev.samsa.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.CorruptFrameException;
import dev.samsa.errors.DisconnectException;
import dev.samsa.transport.RequestTimeoutException;
import dev.samsa.transport.Transport;
import dev.samsa.transport.TransportClosedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NettyTransport against a scripted broker: negotiation, pipelining, and every way a connection can go wrong. */
class NettyTransportTest {
    private FakeBroker broker;
    private NettyTransport transport;

    @BeforeEach
    void setUp() throws Exception {
        broker = new FakeBroker();
    }

    @AfterEach
    void tearDown() {
        if (transport != null) {
            transport.close();
        }
        broker.close();
    }

    private NettyTransport.Builder builder() {
        return NettyTransport.builder().bootstrapServers(broker.bootstrap())
                .reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    private static MetadataResponse metadata(String clusterId) {
        return new MetadataResponse().setClusterId(clusterId);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    @Test
    void negotiatesTheHighestVersionBothSidesSupport() {
        broker.maxVersions[ApiKey.METADATA.id()] = 5;
        broker.handler = r -> broker.reply(r, metadata("c-" + r.version()));
        transport = builder().clientId("unit-test").build();

        MetadataResponse response = transport.send(broker.node(), new MetadataRequest()).join();

        assertThat(response.clusterId()).isEqualTo("c-5");
        FakeBroker.Request sent = broker.received(ApiKey.METADATA).get(0);
        assertThat(sent.version()).isEqualTo((short) 5);
        assertThat(sent.clientId()).isEqualTo("unit-test");
        FakeBroker.Request handshake = broker.received(ApiKey.API_VERSIONS).get(0);
        assertThat(handshake.version()).isEqualTo(ApiKey.API_VERSIONS.latestStableVersion());
        assertThat(transport.apiVersions(broker.node()).join().max(ApiKey.METADATA)).isEqualTo((short) 5);
    }

    @Test
    void rangedSendFailsWithoutSendingWhenNoVersionIsCommon() {
        broker.maxVersions[ApiKey.METADATA.id()] = 3;
        transport = builder().build();

        Throwable error = failure(transport.send(broker.node(), new MetadataRequest(), (short) 4, (short) 9));

        assertThat(error).isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Metadata");
        assertThat(broker.received(ApiKey.METADATA)).isEmpty();
    }

    @Test
    void fallsBackWhenTheBrokerLacksOurApiVersionsVersion() {
        broker.maxApiVersionsVersion = 0;
        broker.handler = r -> broker.reply(r, metadata("ok"));
        transport = builder().build();

        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("ok");

        List<FakeBroker.Request> handshakes = broker.received(ApiKey.API_VERSIONS);
        assertThat(handshakes).extracting(FakeBroker.Request::version)
                .containsExactly(ApiKey.API_VERSIONS.latestStableVersion(), (short) 0);
    }

    @Test
    void pipelinesUpToMaxInFlightAndCompletesInOrder() {
        List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
        broker.handler = held::add;
        transport = builder().maxInFlightRequestsPerConnection(3).build();

        List<CompletableFuture<MetadataResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(transport.send(broker.node(), new MetadataRequest()));
        }
        await().until(() -> held.size() == 3);
        assertThat(broker.received(ApiKey.METADATA)).hasSize(3);

        // Answer one at a time: each answer lets exactly one more request out.
        for (int i = 0; i < 10; i++) {
            int answered = i;
            await().until(() -> held.size() > answered);
            broker.reply(held.get(i), metadata("r" + i));
            assertThat(futures.get(i).join().clusterId()).isEqualTo("r" + i);
            assertThat(broker.received(ApiKey.METADATA).size()).isLessThanOrEqualTo(Math.min(10, i + 4));
        }
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(broker.connections.get()).isEqualTo(1);
    }

    @Test
    void unknownCorrelationIdClosesTheConnectionAndTheNextRequestReconnects() {
        broker.handler = r -> {
            if (broker.received(ApiKey.METADATA).size() == 1) {
                broker.reply(new FakeBroker.Request(r.apiKey(), r.version(), r.correlationId() + 1000, null,
                        r.body(), r.channel()), metadata("wrong"));
            } else {
                broker.reply(r, metadata("fine"));
            }
        };
        transport = builder().build();

        Throwable error = failure(transport.send(broker.node(), new MetadataRequest()));
        assertThat(error).isInstanceOf(CorruptFrameException.class).hasMessageContaining("correlation id");

        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("fine");
        assertThat(broker.connections.get()).isEqualTo(2);
    }

    @Test
    void sizePrefixAboveTheMaximumClosesTheConnection() {
        broker.handler = r -> broker.writeRaw(r, Unpooled.buffer().writeInt(1 << 20).writeInt(r.correlationId()));
        transport = builder().maxFrameBytes(4096).build();

        Throwable error = failure(transport.send(broker.node(), new MetadataRequest()));

        assertThat(error).isInstanceOf(CorruptFrameException.class).hasMessageContaining("4096");
        await().until(() -> !broker.channels.get(0).isActive());
    }

    @Test
    void truncatedResponseFailsWithCorruptFrameAndInFlightRequestsFailToo() {
        List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
        broker.handler = held::add;
        transport = builder().build();
        CompletableFuture<MetadataResponse> first = transport.send(broker.node(), new MetadataRequest());
        CompletableFuture<MetadataResponse> second = transport.send(broker.node(), new MetadataRequest());
        await().until(() -> held.size() == 2);

        // A frame that holds the correlation id and then stops mid-body.
        FakeBroker.Request r = held.get(0);
        ByteBuf full = Unpooled.buffer();
        new MetadataResponse().setClusterId("a-long-enough-cluster-id").write(full, r.version());
        ByteBuf frame = Unpooled.buffer();
        int header = ApiKey.METADATA.responseHeaderVersion(r.version()) >= 1 ? 5 : 4;
        int cut = full.readableBytes() / 2;
        frame.writeInt(header + cut).writeInt(r.correlationId());
        if (header == 5) {
            frame.writeByte(0);
        }
        frame.writeBytes(full, 0, cut);
        broker.writeRaw(r, frame);

        assertThat(failure(first)).isInstanceOf(CorruptFrameException.class).hasMessageContaining("did not decode");
        assertThat(failure(second)).isInstanceOf(CorruptFrameException.class);
    }

    @Test
    void garbageBodyFailsWithCorruptFrame() {
        broker.handler = r -> {
            ByteBuf frame = Unpooled.buffer().writeInt(0).writeInt(r.correlationId());
            for (int i = 0; i < 32; i++) {
                frame.writeByte(0xFF);
            }
            frame.setInt(0, frame.readableBytes() - 4);
            broker.writeRaw(r, frame);
        };
        transport = builder().build();

        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(CorruptFrameException.class);
    }

    @Test
    void silentBrokerTripsTheRequestTimeoutAndClosesTheConnection() {
        transport = builder().requestTimeout(Duration.ofMillis(200)).build();

        Throwable error = failure(transport.send(broker.node(), new MetadataRequest()));

        assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("request.timeout.ms=200");
        await().until(() -> !broker.channels.get(0).isActive());
    }

    @Test
    void silentBrokerTripsTheRequestTimeoutDuringTheApiVersionsHandshakeToo() {
        broker.silenceApiVersions = true;
        transport = builder().requestTimeout(Duration.ofMillis(200)).build();

        CompletableFuture<MetadataResponse> first = transport.send(broker.node(), new MetadataRequest());
        CompletableFuture<MetadataResponse> second = transport.send(broker.node(), new MetadataRequest());

        // Requests waiting for a connection that never became ready fail too, instead of waiting for ever.
        assertThat(failure(first)).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("ApiVersions")
                .hasMessageContaining("request.timeout.ms=200").hasMessageContaining(broker.bootstrap());
        assertThat(failure(second)).isInstanceOf(RequestTimeoutException.class);
        await().until(() -> !broker.channels.get(0).isActive());
        assertThat(broker.received(ApiKey.METADATA)).isEmpty();
    }

    @Test
    void unreachableBootstrapServersFailOnceNamingEveryAddressTried() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports.add(s.getLocalPort());
            }
        }
        String servers = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2);
        transport = NettyTransport.builder().bootstrapServers(servers).build();

        Throwable error = failure(transport.sendToBootstrap(MetadataRequest::new));

        assertThat(error).isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("none of the 3 bootstrap servers answered");
        for (int port : ports) {
            assertThat(error).hasMessageContaining("127.0.0.1:" + port);
        }
        assertThat(error.getSuppressed()).hasSize(3).allMatch(e -> e instanceof ConnectionRefusedException);
    }

    @Test
    void bootstrapSkipsUnreachableServersUntilOneAnswers() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        broker.handler = r -> broker.reply(r, metadata("found"));
        transport = NettyTransport.builder().bootstrapServers("127.0.0.1:" + dead + "," + broker.bootstrap())
                .build();

        assertThat(transport.sendToBootstrap(MetadataRequest::new).get(10, TimeUnit.SECONDS).clusterId())
                .isEqualTo("found");
    }

    @Test
    void nothingListeningFailsWithConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        transport = NettyTransport.builder().bootstrapServers("127.0.0.1:" + port).build();

        Throwable error = failure(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest()));

        assertThat(error).isInstanceOf(ConnectionRefusedException.class).hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void brokerClosingMidFlightFailsWithDisconnectedAndTheNextRequestReconnects() {
        broker.handler = r -> {
            if (broker.received(ApiKey.METADATA).size() == 1) {
                r.channel().close();
            } else {
                broker.reply(r, metadata("back"));
            }
        };
        transport = builder().build();

        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(DisconnectException.class);
        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("back");
    }

    @Test
    void acksZeroProduceCompletesOnWriteWithNoResponse() {
        transport = builder().build();

        Object result = transport.send(broker.node(), new ProduceRequest().setAcks((short) 0).setTimeoutMs(1000))
                .orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result).isNull();
        await().until(() -> broker.received(ApiKey.PRODUCE).size() == 1);
    }

    @Test
    void aProduceRequestsBatchesReachTheBrokerAsAPlainEncodingWouldWriteThem() {
        transport = builder().build();
        java.util.Random random = new java.util.Random(7);
        List<ByteBuf> batches = new ArrayList<>();
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>();
        for (String topic : List.of("a", "b")) {
            List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                ByteBuf batch = null;
                if (p != 1) { // partition 1: no records
                    byte[] bytes = new byte[150_000 + random.nextInt(1000)]; // several socket writes each
                    random.nextBytes(bytes);
                    batch = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
                    batches.add(batch.writeBytes(bytes));
                }
                partitions.add(new ProduceRequest.PartitionProduceData().setIndex(p).setRecords(batch));
            }
            topics.add(new ProduceRequest.TopicProduceData().setName(topic).setPartitionData(partitions));
        }
        ProduceRequest request = new ProduceRequest().setAcks((short) 0).setTimeoutMs(1000).setTopicData(topics);

        // acks=0 completes once the whole request is written, by which time the transport holds no batch.
        assertThat(transport.send(broker.node(), request).orTimeout(10, TimeUnit.SECONDS).join()).isNull();
        assertThat(batches).allMatch(b -> b.refCnt() == 1 && b.readerIndex() == 0);

        await().until(() -> broker.received(ApiKey.PRODUCE).size() == 1);
        FakeBroker.Request received = broker.received(ApiKey.PRODUCE).get(0);
        ByteBuf plain = Unpooled.buffer();
        request.write(plain, received.version());
        assertThat(io.netty.buffer.ByteBufUtil.equals(received.body(), plain)).isTrue();
        batches.forEach(ByteBuf::release);
    }

    @Test
    void closeFailsInFlightAndLaterRequests() {
        transport = builder().build();
        CompletableFuture<MetadataResponse> inFlight = transport.send(broker.node(), new MetadataRequest());
        await().until(() -> broker.received(ApiKey.METADATA).size() == 1);

        transport.close();

        assertThat(failure(inFlight)).isInstanceOf(TransportClosedException.class);
        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(TransportClosedException.class);
    }

    @Test
    void responsesLargerThanOneSocketReadArriveWhole() {
        List<MetadataResponse.MetadataResponseTopic> topics = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            topics.add(new MetadataResponse.MetadataResponseTopic().setName(i + "-" + "x".repeat(100)));
        }
        broker.handler = r -> broker.reply(r, metadata("large").setTopics(topics));
        transport = builder().build(); // about 330 KB: many socket reads per response

        for (int i = 0; i < 3; i++) {
            assertThat(transport.send(broker.node(), new MetadataRequest()).join().topics())
                    .extracting(MetadataResponse.MetadataResponseTopic::name)
                    .containsExactlyElementsOf(topics.stream().map(MetadataResponse.MetadataResponseTopic::name)
                            .toList());
        }
    }

    @ParameterizedTest(name = "nio={0}")
    @ValueSource(booleans = {false, true})
    void largeResponsesSentBackToBackArriveWholeAndInOrder(boolean nio) {
        List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
        broker.handler = held::add;
        // The default transport is epoll where available; NIO's channels read through the same allocator handle.
        NioEventLoopGroup group = nio ? new NioEventLoopGroup(1) : null;
        try {
            transport = (nio ? builder().eventLoopGroup(group) : builder()).maxInFlightRequestsPerConnection(5).build();
            sendLargeResponsesBackToBack(held);
        } finally {
            if (group != null) {
                transport.close();
                transport = null;
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    private void sendLargeResponsesBackToBack(List<FakeBroker.Request> held) {
        List<CompletableFuture<MetadataResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(transport.send(broker.node(), new MetadataRequest()));
        }
        await().until(() -> held.size() == 5);

        // Frames of different sizes (about 40-200 KB) written in one go: socket reads end anywhere in them, and
        // reads straight into one frame's buffer stop at its end, leaving the next frame's size prefix to the next.
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<MetadataResponse.MetadataResponseTopic> topics = new ArrayList<>();
            for (int t = 0; t < 400 + 400 * i + i; t++) {
                topics.add(new MetadataResponse.MetadataResponseTopic().setName(i + "-" + t + "-" + "y".repeat(90)));
            }
            names.add(topics.stream().map(MetadataResponse.MetadataResponseTopic::name).toList());
            broker.reply(held.get(i), metadata("r" + i).setTopics(topics));
        }

        for (int i = 0; i < 5; i++) {
            MetadataResponse response = futures.get(i).join();
            assertThat(response.clusterId()).isEqualTo("r" + i);
            assertThat(response.topics()).extracting(MetadataResponse.MetadataResponseTopic::name)
                    .containsExactlyElementsOf(names.get(i));
        }
        assertThat(broker.connections.get()).isEqualTo(1);
    }

    @Test
    void idleConnectionIsClosedAndReopenedOnDemand() {
        broker.handler = r -> broker.reply(r, metadata("x"));
        transport = builder().connectionsMaxIdle(Duration.ofMillis(100)).build();

        transport.send(broker.node(), new MetadataRequest()).join();
        await().until(() -> !broker.channels.get(0).isActive());
        transport.send(broker.node(), new MetadataRequest()).join();

        assertThat(broker.connections.get()).isEqualTo(2);
    }

    @Test
    void produceFetchAndOtherTrafficUseSeparateConnections() {
        broker.handler = r -> {
            if (r.apiKey() == ApiKey.METADATA.id()) {
                broker.reply(r, metadata("m"));
            } // fetch and produce are held
        };
        transport = builder().build();

        transport.send(broker.node(), new dev.samsa.internal.protocol.message.FetchRequest().setMaxWaitMs(500));
        transport.send(broker.node(), new ProduceRequest().setAcks((short) 1));
        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("m");

        await().until(() -> broker.connections.get() == 3);
    }

    /** Records every call of a response listener, with its thread. */
    private static final class Listener<R> implements Transport.ResponseListener<R> {
        final List<Object[]> calls = new CopyOnWriteArrayList<>();
        final CompletableFuture<R> outcome = new CompletableFuture<>();

        @Override
        public void onComplete(R response, Throwable error) {
            calls.add(new Object[] {response, error, Thread.currentThread()});
            if (error != null) {
                outcome.completeExceptionally(error);
            } else {
                outcome.complete(response);
            }
        }
    }

    @Test
    void listenerGetsTheResponseOnceOnAnIoThreadInCallOrder() {
        broker.handler = r -> broker.reply(r, metadata("c-" + r.correlationId()));
        transport = builder().build();

        List<Listener<MetadataResponse>> listeners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Listener<MetadataResponse> listener = new Listener<>();
            transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, listener);
            listeners.add(listener);
        }
        listeners.forEach(l -> l.outcome.orTimeout(10, TimeUnit.SECONDS).join());
        // A later request on the same connection has been answered: no listener was called a second time.
        transport.send(broker.node(), new MetadataRequest()).join();

        List<String> clusterIds = new ArrayList<>();
        for (Listener<MetadataResponse> l : listeners) {
            assertThat(l.calls).hasSize(1);
            assertThat(l.calls.get(0)[1]).isNull();
            assertThat(((Thread) l.calls.get(0)[2]).getName()).startsWith("samsa-io");
            clusterIds.add(((MetadataResponse) l.calls.get(0)[0]).clusterId());
        }
        List<Integer> sent = broker.received(ApiKey.METADATA).stream().map(FakeBroker.Request::correlationId).toList();
        assertThat(clusterIds).containsExactlyElementsOf(sent.subList(0, 5).stream().map(id -> "c-" + id).toList());
        assertThat(broker.received(ApiKey.METADATA).get(0).version()).isLessThanOrEqualTo((short) 12);
    }

    @Test
    void listenerGetsTheSameFailuresAsTheFuture() {
        broker.maxVersions[ApiKey.METADATA.id()] = 3;
        broker.handler = r -> r.channel().close();
        transport = builder().build();

        Listener<MetadataResponse> unsupported = new Listener<>();
        transport.send(broker.node(), new MetadataRequest(), (short) 4, (short) 9, unsupported);
        Listener<MetadataResponse> disconnected = new Listener<>();
        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 3, disconnected);

        assertThat(failure(unsupported.outcome)).isInstanceOf(UnsupportedVersionException.class);
        assertThat(failure(disconnected.outcome)).isInstanceOf(DisconnectException.class);
        assertThat(unsupported.calls).hasSize(1);
        assertThat(disconnected.calls).hasSize(1);
    }

    @Test
    void listenerOfARequestInFlightAtCloseAndOfALaterOneGetTransportClosed() {
        transport = builder().build();
        Listener<MetadataResponse> inFlight = new Listener<>();
        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, inFlight);
        await().until(() -> broker.received(ApiKey.METADATA).size() == 1);

        transport.close();
        Listener<MetadataResponse> later = new Listener<>();
        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, later);

        assertThat(failure(inFlight.outcome)).isInstanceOf(TransportClosedException.class);
        // After close the outcome is known at once: the listener ran on the caller's thread before send returned.
        assertThat(later.calls).hasSize(1);
        assertThat(later.calls.get(0)[1]).isInstanceOf(TransportClosedException.class);
        assertThat(later.calls.get(0)[2]).isSameAs(Thread.currentThread());
    }

    @Test
    void acksZeroProduceListenerGetsNullOnWrite() {
        transport = builder().build();
        Listener<dev.samsa.internal.protocol.message.ProduceResponse> listener = new Listener<>();

        transport.send(broker.node(), new ProduceRequest().setAcks((short) 0).setTimeoutMs(1000), (short) 3,
                (short) 12, listener);

        assertThat(listener.outcome.orTimeout(10, TimeUnit.SECONDS).join()).isNull();
        assertThat(listener.calls).hasSize(1);
    }

    @Test
    void aListenerThatThrowsDoesNotCloseTheConnectionOrFailOtherRequests() {
        broker.handler = r -> broker.reply(r, metadata("ok"));
        transport = builder().build();

        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12,
                (MetadataResponse r, Throwable e) -> {
                    throw new IllegalStateException("listener bug");
                });
        Listener<MetadataResponse> next = new Listener<>();
        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, next);

        assertThat(next.outcome.orTimeout(10, TimeUnit.SECONDS).join().clusterId()).isEqualTo("ok");
        assertThat(broker.connections.get()).isEqualTo(1);
        assertThatThrownBy(() -> transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void cancellingTheFutureBeforeTheWriteStillDropsTheRequest() {
        List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
        broker.handler = held::add;
        transport = builder().maxInFlightRequestsPerConnection(1).build();

        CompletableFuture<MetadataResponse> first = transport.send(broker.node(), new MetadataRequest());
        await().until(() -> held.size() == 1);
        CompletableFuture<MetadataResponse> cancelled = transport.send(broker.node(), new MetadataRequest());
        cancelled.cancel(false);
        CompletableFuture<MetadataResponse> third = transport.send(broker.node(), new MetadataRequest());
        broker.reply(held.get(0), metadata("first"));

        assertThat(first.join().clusterId()).isEqualTo("first");
        await().until(() -> held.size() == 2);
        broker.reply(held.get(1), metadata("third"));
        assertThat(third.join().clusterId()).isEqualTo("third");
        assertThat(broker.received(ApiKey.METADATA)).hasSize(2);
    }

    @Test
    void aListenerSendingFromTheIoThreadDoesNotOvertakeASendQueuedEarlierByAnotherThread() throws Exception {
        broker.handler = r -> broker.reply(r, metadata("c-" + r.correlationId()));
        transport = builder().build();
        transport.send(broker.node(), new MetadataRequest()).join(); // connected
        List<String> order = new CopyOnWriteArrayList<>();
        Listener<MetadataResponse> a = new Listener<>();
        Listener<MetadataResponse> b = new Listener<>();

        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, (MetadataResponse r, Throwable e) -> {
            // On the connection's I/O thread: another thread sends A, which can only queue behind this listener; then
            // this thread sends B. A was sent first, so it must be written (and answered) first.
            Thread other = new Thread(() -> transport.send(broker.node(), new MetadataRequest(), (short) 0,
                    (short) 12, (MetadataResponse ra, Throwable ea) -> {
                        order.add("A");
                        a.onComplete(ra, ea);
                    }));
            other.start();
            try {
                other.join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12,
                    (MetadataResponse rb, Throwable eb) -> {
                        order.add("B");
                        b.onComplete(rb, eb);
                    });
        });

        MetadataResponse answerA = a.outcome.orTimeout(10, TimeUnit.SECONDS).join();
        MetadataResponse answerB = b.outcome.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(order).containsExactly("A", "B");
        List<Integer> ids = broker.received(ApiKey.METADATA).stream().map(FakeBroker.Request::correlationId).toList();
        assertThat(answerA.clusterId()).isEqualTo("c-" + ids.get(2));
        assertThat(answerB.clusterId()).isEqualTo("c-" + ids.get(3));
    }

    @Test
    void listenersSendingTheNextRequestFromTheIoThreadGetEachAnsweredInOrder() {
        broker.handler = r -> broker.reply(r, metadata("c-" + r.correlationId()));
        transport = builder().maxInFlightRequestsPerConnection(2).build();
        int chain = 20;
        List<String> answers = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();

        // Each answer's listener sends two more requests (the producer's sender does this on the I/O thread) until
        // the chain is long enough: both wait behind max.in.flight and go out as answers free slots.
        class Chained implements Transport.ResponseListener<MetadataResponse> {
            @Override
            public void onComplete(MetadataResponse response, Throwable error) {
                if (error != null) {
                    done.completeExceptionally(error);
                    return;
                }
                answers.add(response.clusterId());
                if (answers.size() == chain) {
                    done.complete(null);
                } else if (answers.size() < chain - 1 && answers.size() % 2 == 1) {
                    transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, this);
                    transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, this);
                }
            }
        }
        Chained listener = new Chained();
        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, listener);
        transport.send(broker.node(), new MetadataRequest(), (short) 0, (short) 12, listener);

        done.orTimeout(10, TimeUnit.SECONDS).join();
        List<Integer> sent = broker.received(ApiKey.METADATA).stream().map(FakeBroker.Request::correlationId).toList();
        assertThat(answers).containsExactlyElementsOf(sent.stream().map(id -> "c-" + id).toList());
        assertThat(broker.connections.get()).isEqualTo(1);
    }

    @Test
    void anAcksZeroListenerSendingTheNextRequestFromTheIoThreadGetsItWritten() {
        transport = builder().build();
        int chain = 10;
        CompletableFuture<Void> done = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger completed = new java.util.concurrent.atomic.AtomicInteger();

        // An acks=0 listener runs when the write completes, inside the connection's flush: its send must still go out.
        class Chained implements Transport.ResponseListener<Object> {
            @Override
            public void onComplete(Object response, Throwable error) {
                if (error != null) {
                    done.completeExceptionally(error);
                } else if (completed.incrementAndGet() == chain) {
                    done.complete(null);
                } else {
                    transport.send(broker.node(), new ProduceRequest().setAcks((short) 0).setTimeoutMs(1000),
                            (short) 3, (short) 12, this);
                }
            }
        }
        transport.send(broker.node(), new ProduceRequest().setAcks((short) 0).setTimeoutMs(1000), (short) 3,
                (short) 12, new Chained());

        done.orTimeout(10, TimeUnit.SECONDS).join();
        await().until(() -> broker.received(ApiKey.PRODUCE).size() == chain);
        assertThat(broker.connections.get()).isEqualTo(1);
    }

    @Test
    void aListenerResendingFromAFailedConnectionsTeardownGetsANewConnectionEachTime() throws Exception {
        // A broker that accepts and closes at once: every attempt fails in the handshake, failing its waiting request.
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            transport = NettyTransport.builder().bootstrapServers("127.0.0.1:" + server.getLocalPort())
                    .reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
            int attempts = 4;
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();

            // The listener resends at once from inside the teardown that fails it: that send must wait for a new
            // attempt, not join (and fail with) the one being torn down.
            class Resending implements Transport.ResponseListener<MetadataResponse> {
                @Override
                public void onComplete(MetadataResponse response, Throwable error) {
                    failures.add(error);
                    if (failures.size() == attempts) {
                        done.complete(null);
                    } else {
                        transport.send(transport.bootstrapNodes().get(0), new MetadataRequest(), (short) 0,
                                (short) 12, this);
                    }
                }
            }
            transport.send(transport.bootstrapNodes().get(0), new MetadataRequest(), (short) 0, (short) 12,
                    new Resending());

            done.orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failures).hasSize(attempts).allMatch(e -> e instanceof DisconnectException
                    || e instanceof ConnectionRefusedException);
            assertThat(accepted.get()).isEqualTo(attempts);
        }
    }

    @Test
    void builderRejectsBadSettingsNamingTheKey() {
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("localhost"))
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("host:port");
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("localhost:99999"))
                .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> NettyTransport.builder().maxInFlightRequestsPerConnection(0))
                .hasMessageContaining("max.in.flight.requests.per.connection");
        assertThatThrownBy(() -> NettyTransport.builder().config(java.util.Map.of("request.timeout.ms", "soon")))
                .hasMessageContaining("request.timeout.ms").hasMessageContaining("soon");
        assertThatThrownBy(() -> NettyTransport.builder().build()).hasMessageContaining("bootstrap.servers");
    }
}
