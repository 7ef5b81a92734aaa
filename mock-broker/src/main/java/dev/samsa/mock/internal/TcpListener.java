package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.Records;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Kafka wire protocol on one loopback port per mock broker, so that any Kafka client can use the mock.
 *
 * <p>Per connection, one pipeline: a length-prefixed frame decoder bounded by {@code socket.request.max.bytes}, then
 * {@link Connection}, which parses the request header (v1/v2), decodes the body with {@code ApiKey.readRequest},
 * hands it to the same handlers as the in-process transport, and writes responses (header v0/v1) strictly in request
 * order. An ApiVersions request at a version the mock does not serve is answered in v0 with UNSUPPORTED_VERSION and
 * the supported range (KIP-511). A request the mock cannot serve (unknown or unserved API, unsupported version,
 * malformed bytes) closes that connection with a log line naming the client's address and the reason, as a broker
 * does; other connections go on. Produce with acks=0 gets no response; if it fails, the connection closes, as in
 * Kafka.
 *
 * <p>With SASL users the listener is SASL_PLAINTEXT: each connection runs a {@link SaslSession} first (only
 * ApiVersions reaches the handlers before it completes), and its requests are then made as the authenticated user.
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

    private final ClusterState cluster;
    private final NioEventLoopGroup group;
    private final Map<Integer, Channel> servers = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    /**
     * Binds a free loopback port for every running broker and sets it as the broker's advertised port.
     *
     * @throws IllegalStateException if a port cannot be bound
     */
    public TcpListener(ClusterState cluster) {
        this(cluster, 0);
    }

    /**
     * Binds loopback ports for every running broker, the i-th broker (in id order) on {@code firstPort + i}, or free
     * ports when {@code firstPort} is 0, and sets them as the brokers' advertised ports.
     *
     * @throws IllegalStateException if a port cannot be bound
     */
    public TcpListener(ClusterState cluster, int firstPort) {
        this.cluster = cluster;
        this.group = new NioEventLoopGroup(2, new DefaultThreadFactory("samsa-mock-broker", true));
        try {
            int index = 0;
            for (BrokerState b : cluster.brokers()) {
                if (b.isAlive()) {
                    bind(b, firstPort == 0 ? 0 : firstPort + index);
                }
                index++;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(BrokerState broker, int port) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Connection c = new Connection(broker, ch);
                        connections.add(c);
                        ch.closeFuture().addListener(f -> {
                            connections.remove(c);
                            cluster.connectionClosed(c);
                        });
                        ch.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(cluster.config.maxFrameBytes(), 0, 4, 0, 4))
                                .addLast(c);
                    }
                });
        Channel server;
        try {
            server = bootstrap.bind(BrokerState.HOST, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding mock " + broker, e);
        } catch (Exception e) {
            throw new IllegalStateException("mock " + broker + " cannot bind " + BrokerState.HOST + ":" + port
                    + ": " + e.getMessage(), e);
        }
        servers.put(broker.id, server);
        broker.port(((InetSocketAddress) server.localAddress()).getPort());
    }

    /** Closes a stopped broker's port and connections. */
    public void brokerStopped(int brokerId) {
        Channel server = servers.remove(brokerId);
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        for (Connection c : connections) {
            if (c.broker.id == brokerId) {
                c.channel.close();
            }
        }
    }

    /** Binds a restarted broker's port again. */
    public void brokerStarted(int brokerId) {
        BrokerState b = cluster.broker(brokerId);
        if (!servers.containsKey(brokerId)) {
            bind(b, b.port());
        }
    }

    /** Closes the connections whose requests carry this client id; how many. */
    public int disconnectClient(String clientId) {
        int n = 0;
        for (Connection c : connections) {
            if (clientId.equals(c.clientId)) {
                log.info("Mock broker {} drops the connection from {} (client id {}): fault injected",
                        c.broker.id, c.remote(), clientId);
                c.channel.close();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        for (Channel s : servers.values()) {
            s.close();
        }
        servers.clear();
        for (Connection c : connections) {
            c.channel.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** One client connection to one mock broker. Its state is confined to its event loop. */
    final class Connection extends ChannelInboundHandlerAdapter {
        final BrokerState broker;
        final Channel channel;
        final EventLoop loop;
        volatile String clientId;
        private final ArrayDeque<Slot> slots = new ArrayDeque<>();
        /** The SASL exchange until it completes (null on a PLAINTEXT listener, and once authenticated). */
        private SaslSession sasl;
        private String principal = Authorizer.ANONYMOUS;

        Connection(BrokerState broker, Channel channel) {
            this.broker = broker;
            this.channel = channel;
            this.loop = channel.eventLoop();
            SaslUsers users = cluster.saslUsers();
            this.sasl = users == null ? null : new SaslSession(users);
        }

        String remote() {
            InetSocketAddress a = (InetSocketAddress) channel.remoteAddress();
            return a == null ? "(unknown)" : a.getAddress().getHostAddress() + ":" + a.getPort();
        }

        void closeWith(String reason) {
            if (channel.isActive()) {
                log.warn("Mock broker {} closes the connection from {}: {}", broker.id, remote(), reason);
                channel.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                onFrame(frame);
            } catch (RuntimeException e) {
                closeWith("malformed request: " + e.getMessage());
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeWith(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }

        private void onFrame(ByteBuf frame) {
            if (!broker.isAlive()) {
                channel.close();
                return;
            }
            ByteBufs.requireReadable(frame, 8, "request header");
            short apiKeyId = frame.readShort();
            short version = frame.readShort();
            int correlationId = frame.readInt();
            ApiKey api;
            try {
                api = ApiKey.forId(apiKeyId);
            } catch (RuntimeException e) {
                closeWith("unknown API key " + apiKeyId + " (correlation id " + correlationId + ")");
                return;
            }
            short[] served = cluster.versions(api);
            if (api == ApiKey.API_VERSIONS && served != null && (version < served[0] || version > served[1])) {
                // KIP-511: answer in v0, whose body any client can read, with the versions we do serve.
                Slot slot = new Slot(correlationId, api, (short) 0, true);
                slots.addLast(slot);
                slot.complete(ApiVersionsHandler.response(cluster.apiVersions(), ErrorCode.UNSUPPORTED_VERSION));
                return;
            }
            if (served == null) {
                closeWith(api.title() + " (API key " + apiKeyId + ") is not served by the mock broker");
                return;
            }
            if (version < served[0] || version > served[1]) {
                closeWith(api.title() + " v" + version + " is not served (the mock serves v" + served[0] + "-v"
                        + served[1] + ")");
                return;
            }
            ByteBufs.requireReadable(frame, 2, "request header client_id");
            int clientIdLength = frame.readShort();
            String client = clientIdLength < 0 ? null : ByteBufs.readUtf8(frame, clientIdLength, "client_id");
            if (api.requestHeaderVersion(version) >= 2) {
                int tags = ByteBufs.readUnsignedVarint(frame, "request header tagged fields");
                for (int i = 0; i < tags; i++) {
                    ByteBufs.readUnsignedVarint(frame, "request header tag");
                    int size = ByteBufs.readUnsignedVarint(frame, "request header tag size");
                    ByteBufs.requireReadable(frame, size, "request header tagged field");
                    frame.skipBytes(size);
                }
            }
            if (clientId == null) {
                clientId = client;
            }
            ApiRequest<?> body = ByteBufs.readRequestFreeingRecordsOnFailure(api, frame, version);
            if (sasl != null && !SaslSession.allowedBeforeAuthentication(api)) {
                authenticate(correlationId, api, version, body);
                return;
            }
            boolean expectsResponse = !(body instanceof ProduceRequest p && p.acks() == 0);
            Slot slot = new Slot(correlationId, api, version, expectsResponse);
            if (expectsResponse) {
                slots.addLast(slot);
            } else {
                slot.done = true; // acks=0: nothing will be written, nothing waits for it
            }
            try {
                cluster.dispatch(new RequestContext(cluster, broker, api, version, client,
                        "/" + remote().substring(0, remote().lastIndexOf(':')), this, slot, principal), body);
            } finally {
                Records.release(body); // the broker copied what it appended
            }
        }

        /**
         * One request before SASL authentication completed: answered by the session, never by the handlers, and not
         * recorded in the request log (its tokens carry the credentials).
         */
        private void authenticate(int correlationId, ApiKey api, short version, ApiRequest<?> body) {
            ApiResponse response;
            try {
                response = sasl.handle(api, body);
            } finally {
                Records.release(body); // a Produce sent before authenticating is refused, its records dropped
            }
            if (response != null) {
                Slot slot = new Slot(correlationId, api, version, true);
                slots.addLast(slot);
                slot.complete(response);
            }
            if (sasl.closeReason != null) {
                // Kafka writes the error response, then closes: a slot after it that closes once reached.
                Slot close = new Slot(correlationId, api, version, true);
                slots.addLast(close);
                close.finish(null, sasl.closeReason);
            } else if (sasl.authenticated()) {
                principal = sasl.principal();
                sasl = null;
            }
        }

        /** Writes every finished response at the head of the queue, in request order. On the event loop. */
        private void drain() {
            while (!slots.isEmpty() && slots.peekFirst().done) {
                Slot s = slots.pollFirst();
                if (s.closeReason != null) {
                    closeWith(s.closeReason);
                    releaseAll();
                    return;
                }
                if (s.encoded != null) {
                    channel.writeAndFlush(s.encoded, channel.voidPromise());
                }
            }
        }

        private void releaseAll() {
            for (Slot s : slots) {
                if (s.encoded != null) {
                    s.encoded.release();
                }
            }
            slots.clear();
        }

        /** A request's place in the response order. */
        final class Slot implements ResponseSink {
            final int correlationId;
            final ApiKey api;
            final short version;
            final boolean expectsResponse;
            boolean done;
            ByteBuf encoded;
            String closeReason;

            Slot(int correlationId, ApiKey api, short version, boolean expectsResponse) {
                this.correlationId = correlationId;
                this.api = api;
                this.version = version;
                this.expectsResponse = expectsResponse;
            }

            @Override
            public int correlationId() {
                return correlationId;
            }

            @Override
            public void complete(ApiResponse response) {
                ByteBuf out = null;
                String failure = null;
                if (expectsResponse && response != null && channel.isActive()) {
                    try {
                        out = encode(response);
                    } catch (RuntimeException e) {
                        log.error("Mock broker {}: cannot encode {} v{} response", broker.id, api.title(), version,
                                e);
                        failure = "the mock broker could not encode its " + api.title() + " v" + version
                                + " response: " + e.getMessage();
                    }
                }
                if (response != null) {
                    Records.release(response);
                }
                ByteBuf encodedResponse = out;
                String closeReason = failure;
                onLoop(() -> finish(encodedResponse, closeReason));
            }

            @Override
            public void disconnect(String reason) {
                if (expectsResponse) {
                    onLoop(() -> finish(null, reason));
                } else {
                    onLoop(() -> closeWith(reason)); // a failed acks=0 produce: Kafka closes the connection
                }
            }

            @Override
            public boolean isOpen() {
                return channel.isActive();
            }

            private void finish(ByteBuf out, String reason) {
                if (done || !channel.isActive()) {
                    if (out != null) {
                        out.release();
                    }
                    return;
                }
                done = true;
                encoded = out;
                closeReason = reason;
                drain();
            }

            private ByteBuf encode(ApiResponse response) {
                short headerVersion = api.responseHeaderVersion(version);
                int size = 4 + (headerVersion >= 1 ? 1 : 0) + response.size(version);
                ByteBuf out = channel.alloc().buffer(4 + size);
                try {
                    out.writeInt(size);
                    out.writeInt(correlationId);
                    if (headerVersion >= 1) {
                        out.writeByte(0); // no tagged fields
                    }
                    response.write(out, version);
                    return out;
                } catch (RuntimeException e) {
                    out.release();
                    throw e;
                }
            }
        }

        private void onLoop(Runnable task) {
            if (loop.inEventLoop()) {
                task.run();
            } else {
                loop.execute(task);
            }
        }
    }
}
