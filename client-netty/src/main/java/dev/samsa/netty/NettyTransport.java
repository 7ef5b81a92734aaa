package dev.samsa.netty;

import dev.samsa.common.Node;
import dev.samsa.errors.ConfigException;
import dev.samsa.errors.DisconnectException;
import dev.samsa.errors.RetriableException;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.netty.internal.BrokerConnection;
import dev.samsa.netty.internal.ConnectionSecurity;
import dev.samsa.netty.internal.ConnectionSettings;
import dev.samsa.netty.internal.Lane;
import dev.samsa.netty.internal.ResponseFuture;
import dev.samsa.netty.internal.security.JaasConfig;
import dev.samsa.netty.internal.security.TlsContext;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.netty.security.SaslMechanism;
import dev.samsa.netty.security.SecurityProtocol;
import dev.samsa.netty.security.SslConfig;
import dev.samsa.time.Time;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.Transport;
import dev.samsa.transport.TransportClosedException;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@link Transport} that speaks the Kafka wire protocol to real brokers over TCP, with Netty.
 *
 * <p>Per broker address it keeps one connection per traffic class (produce, fetch, everything else), each set up with
 * an ApiVersions handshake (KIP-35, KIP-511) and then pipelining up to {@code max.in.flight.requests.per.connection}
 * requests. Native epoll is used where available, NIO otherwise ({@link Builder#eventLoopGroup} with a
 * {@code NioEventLoopGroup} chooses NIO); buffers come from Netty's pooled allocator, and a connection that receives
 * responses of 256 KiB or more (Fetch) keeps up to 8 of their buffers, 16 MiB of direct memory at most, to reuse
 * for later ones (a kept buffer unused for 64 responses is freed, all on close). Loading epoll's native library
 * costs a few tens of ms of CPU once per process, no more than NIO's own classes cost by the first response, and a
 * producer at full speed used less CPU per record on epoll. The contract (ordering, failures, threads) is
 * {@link Transport}'s.
 *
 * <p><b>Security</b> ({@code security.protocol}): TLS with the JDK's own engine ({@link SslConfig}: JKS, PKCS12 and
 * PEM stores, mutual TLS, host name verification on by default), and SASL after the ApiVersions handshake
 * ({@link SaslConfig}: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER; KIP-152), with re-authentication before
 * the broker's session expires (KIP-368). A failed TLS handshake or a refused credential fails every request
 * waiting for that connection with an {@link dev.samsa.errors.AuthenticationException} naming the broker (and the
 * mechanism); requests to that broker keep failing at once with it until the reconnect backoff has passed, so wrong
 * credentials never cause a connection storm.
 *
 * <pre>{@code
 * NettyTransport transport = NettyTransport.builder()
 *         .bootstrapServers("broker1:9093")
 *         .securityProtocol(SecurityProtocol.SASL_SSL)
 *         .ssl(SslConfig.builder().truststore(Path.of("truststore.p12"), "changeit", "PKCS12").build())
 *         .sasl(SaslConfig.scramSha512("alice", password))
 *         .build();
 * }</pre>
 *
 * <p>One instance can and should serve many producers, consumers and admin clients: it owns the I/O threads and
 * connections; clients never close a transport they were handed. Thread-safe.
 *
 * <pre>{@code
 * try (NettyTransport transport = NettyTransport.builder().bootstrapServers("127.0.0.1:9092").build()) {
 *     MetadataResponse metadata = transport.send(transport.bootstrapNodes().get(0), new MetadataRequest()).join();
 * }
 * }</pre>
 */
// "exports": send's ApiRequest/ApiResponse are in a package dev.samsa.client exports only to Samsa's transport
// modules, as the Transport SPI says.
@SuppressWarnings("exports")
public final class NettyTransport implements Transport {
    /** Default {@code request.timeout.ms}: 30 s, as the official client. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code max.in.flight.requests.per.connection}: 5, as the official client. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 5;
    /** Default {@code reconnect.backoff.ms}: 50 ms. */
    public static final Duration DEFAULT_RECONNECT_BACKOFF = Duration.ofMillis(50);
    /** Default {@code reconnect.backoff.max.ms}: 1 s. */
    public static final Duration DEFAULT_RECONNECT_BACKOFF_MAX = Duration.ofSeconds(1);
    /** Default {@code connections.max.idle.ms}: 9 minutes, as the official client. */
    public static final Duration DEFAULT_CONNECTIONS_MAX_IDLE = Duration.ofMinutes(9);
    /** Default {@code socket.connection.setup.timeout.ms}: 10 s. */
    public static final Duration DEFAULT_CONNECTION_SETUP_TIMEOUT = Duration.ofSeconds(10);
    /** Default largest response frame accepted: 128 MiB, above the default {@code fetch.max.bytes} (50 MiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 128 * 1024 * 1024;
    /** Default {@code send.buffer.bytes}: 128 KiB. */
    public static final int DEFAULT_SEND_BUFFER_BYTES = 128 * 1024;
    /** Default {@code receive.buffer.bytes}: 64 KiB. */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 64 * 1024;
    /** Default {@code client.id}. */
    public static final String DEFAULT_CLIENT_ID = "samsa";
    /** The client software name sent in ApiVersions (KIP-511). */
    public static final String SOFTWARE_NAME = "samsa-java";

    private final List<Node> bootstrap;
    private final ConnectionSettings settings;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Class<? extends Channel> channelType;
    private final ExecutorService loginExecutor;
    private final ConcurrentMap<ConnectionKey, BrokerConnection> connections = new ConcurrentHashMap<>();
    /** Views made by {@link #withOwnConnections()}; closed with this transport. Empty in a view. */
    private final java.util.Set<NettyTransport> views = ConcurrentHashMap.newKeySet();
    /** The transport that owns the I/O threads, or null if this is it. */
    private final NettyTransport owner;
    private volatile boolean closed;

    /**
     * A connection's identity. Looked up on every request: explicit {@code equals} and {@code hashCode} (the host's
     * hash is cached by {@link String}) instead of a record's generated ones, which go through method handles and
     * took 1.5% of the I/O thread's CPU in a producer profile.
     */
    private record ConnectionKey(String host, int port, Lane lane) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ConnectionKey k && port == k.port && lane == k.lane && Objects.equals(host, k.host);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(host) * 31 + port) * 31 + Objects.hashCode(lane);
        }
    }

    /** A view of {@code owner}: the same threads and settings, connections of its own. */
    private NettyTransport(NettyTransport owner) {
        this.owner = owner;
        this.bootstrap = owner.bootstrap;
        this.settings = owner.settings;
        this.group = owner.group;
        this.ownsGroup = false;
        this.channelType = owner.channelType;
        this.loginExecutor = null; // the owner's, shut down with it
    }

    private NettyTransport(Builder b, TlsContext tls, SaslConfig sasl) {
        this.owner = null;
        this.bootstrap = b.bootstrap;
        // Token providers may block: they run on a small pool of their own, never on an I/O thread.
        this.loginExecutor = sasl != null && sasl.tokenProvider() != null
                ? Executors.newCachedThreadPool(new DefaultThreadFactory("samsa-login", true)) : null;
        ConnectionSecurity security = new ConnectionSecurity(b.securityProtocol, tls, sasl, loginExecutor);
        this.settings = new ConnectionSettings(b.clientId, SOFTWARE_NAME, softwareVersion(),
                b.requestTimeout.toMillis(), b.maxInFlight, b.reconnectBackoff.toMillis(),
                b.reconnectBackoffMax.toMillis(), b.connectionsMaxIdle.toMillis(), b.connectionSetupTimeout.toMillis(),
                b.maxFrameBytes, b.sendBufferBytes, b.receiveBufferBytes, security);
        if (b.group != null) {
            this.group = b.group;
            this.ownsGroup = false;
            this.channelType = b.group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
        } else if (Epoll.isAvailable()) {
            this.group = new EpollEventLoopGroup(b.ioThreads, new DefaultThreadFactory("samsa-io", true));
            this.ownsGroup = true;
            this.channelType = EpollSocketChannel.class;
        } else {
            this.group = new NioEventLoopGroup(b.ioThreads, new DefaultThreadFactory("samsa-io", true));
            this.ownsGroup = true;
            this.channelType = NioSocketChannel.class;
        }
    }

    private static String softwareVersion() {
        String v = NettyTransport.class.getPackage().getImplementationVersion();
        // KIP-511 allows [a-zA-Z0-9.-] with alphanumeric ends.
        return v == null ? "dev" : v.replaceAll("[^a-zA-Z0-9.-]", "-");
    }

    /** A builder with Kafka's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request) {
        return send(node, request, request.lowestSupportedVersion(), request.apiKey().latestStableVersion());
    }

    @Override
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request, short minVersion,
            short maxVersion) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(request, "request");
        ResponseFuture<R> future = new ResponseFuture<>();
        submit(node, request, minVersion, maxVersion, future);
        return future;
    }

    /**
     * Sends as {@link Transport#send(Node, ApiRequest, short, short, ResponseListener) the SPI} documents, keeping
     * {@code listener} in the connection's in-flight entry: no future per request. The listener runs on the
     * connection's event loop, or on the calling thread once this transport is closed; what it throws is logged.
     */
    @Override
    public <R extends ApiResponse> void send(Node node, ApiRequest<R> request, short minVersion, short maxVersion,
            ResponseListener<? super R> listener) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        submit(node, request, minVersion, maxVersion, listener);
    }

    private <R extends ApiResponse> void submit(Node node, ApiRequest<R> request, short minVersion, short maxVersion,
            ResponseListener<? super R> listener) {
        if (closed) {
            BrokerConnection.deliver(listener, null, new TransportClosedException("transport closed; cannot send "
                    + request.apiKey().title() + " to " + node));
            return;
        }
        connection(node, Lane.of(request.apiKey())).submit(request, minVersion, maxVersion, listener);
    }

    @Override
    public CompletableFuture<ApiVersionRanges> apiVersions(Node node) {
        Objects.requireNonNull(node, "node");
        if (closed) {
            return CompletableFuture.failedFuture(new TransportClosedException("transport closed"));
        }
        return connection(node, Lane.OTHER).apiVersions();
    }

    private BrokerConnection connection(Node node, Lane lane) {
        ConnectionKey key = new ConnectionKey(node.host(), node.port(), lane);
        // get() first: the connection exists for all but a lane's first request to a broker. computeIfAbsent (and its
        // capturing lambda) on every request had C2 compile it late in a producer run, at a per-request count.
        BrokerConnection connection = connections.get(key);
        return connection != null ? connection : connections.computeIfAbsent(key,
                k -> new BrokerConnection(group.next(), channelType, k.host(), k.port(), k.lane(), settings));
    }

    @Override
    public List<Node> bootstrapNodes() {
        return bootstrap;
    }

    /**
     * Sends a request to the bootstrap servers, in configured order, until one answers: the way a client's first
     * Metadata request finds the cluster. A server that cannot be reached or fails the request with a retriable,
     * connection-level error ({@link RetriableException}: refused, disconnected, timed out, corrupt
     * frames) is skipped; any other failure (authentication, unsupported version, ...) ends the attempt at once,
     * since the next server would answer the same.
     *
     * <p>Uses only the {@link Transport} contract, so it serves any engine that bootstraps.
     *
     * @param request makes a fresh request for each server tried (a request must not be sent twice)
     * @param <R> the response type
     * @return a future of the first response; when no server answers it fails with one
     *     {@link DisconnectException} (a {@link ConnectionRefusedException}
     *     when every server refused) whose message names every address tried and why each failed, each failure
     *     attached as a suppressed exception
     */
    public <R extends ApiResponse> CompletableFuture<R> sendToBootstrap(
            Supplier<? extends ApiRequest<R>> request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<R> result = new CompletableFuture<>();
        tryBootstrap(request, 0, new ArrayList<>(), result);
        return result;
    }

    private <R extends ApiResponse> void tryBootstrap(Supplier<? extends ApiRequest<R>> request,
            int index, List<Throwable> failures, CompletableFuture<R> result) {
        if (index == bootstrap.size()) {
            StringBuilder message = new StringBuilder("none of the " + bootstrap.size()
                    + " bootstrap servers answered:");
            boolean allRefused = true;
            for (int i = 0; i < failures.size(); i++) {
                message.append(i == 0 ? " " : "; ").append(bootstrap.get(i).address()).append(" (")
                        .append(failures.get(i).getMessage()).append(')');
                allRefused &= failures.get(i) instanceof ConnectionRefusedException;
            }
            DisconnectException error = allRefused
                    ? new ConnectionRefusedException(message.toString())
                    : new DisconnectException(message.toString());
            failures.forEach(error::addSuppressed);
            result.completeExceptionally(error);
            return;
        }
        send(bootstrap.get(index), request.get()).whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof RetriableException && !closed) {
                failures.add(cause);
                tryBootstrap(request, index + 1, failures, result);
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    @Override
    public Time time() {
        return Time.SYSTEM;
    }

    /**
     * Fails everything in flight with {@link TransportClosedException}, closes every connection and, unless the
     * event loop group was handed in, stops the I/O threads (waiting at most about 2 s). Idempotent.
     */
    /**
     * A view over this transport's I/O threads and settings with connections of its own (see
     * {@link Transport#withOwnConnections()}); closing it closes only those connections, and closing this transport
     * closes every view.
     *
     * @throws TransportClosedException if this transport is closed
     */
    @Override
    public NettyTransport withOwnConnections() {
        NettyTransport root = owner == null ? this : owner;
        if (root.closed) {
            throw new TransportClosedException("transport closed; cannot open a view of it");
        }
        NettyTransport view = new NettyTransport(root);
        root.views.add(view);
        return view;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owner != null) {
            owner.views.remove(this);
        }
        for (NettyTransport view : views) {
            view.close();
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (BrokerConnection c : connections.values()) {
            done.add(c.shutdown());
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // an event loop that is gone or stuck; shutting the group down below is all that is left to do
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (loginExecutor != null) {
            loginExecutor.shutdownNow();
        }
    }

    /**
     * The bootstrap addresses and the security protocol; never credentials.
     *
     * @return for example {@code NettyTransport[127.0.0.1:9093 (id -1)] SASL_SSL}
     */
    @Override
    public String toString() {
        return "NettyTransport" + bootstrap + " " + settings.security().protocol();
    }

    /**
     * Configures a {@link NettyTransport}. Setters validate at once and throw {@link ConfigException}
     * naming the setting, its value and what is accepted. Not thread-safe.
     */
    public static final class Builder {
        private List<Node> bootstrap = List.of();
        private String clientId = DEFAULT_CLIENT_ID;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration reconnectBackoff = DEFAULT_RECONNECT_BACKOFF;
        private Duration reconnectBackoffMax = DEFAULT_RECONNECT_BACKOFF_MAX;
        private Duration connectionsMaxIdle = DEFAULT_CONNECTIONS_MAX_IDLE;
        private Duration connectionSetupTimeout = DEFAULT_CONNECTION_SETUP_TIMEOUT;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int sendBufferBytes = DEFAULT_SEND_BUFFER_BYTES;
        private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private EventLoopGroup group;
        private SecurityProtocol securityProtocol = SecurityProtocol.PLAINTEXT;
        private SslConfig.Builder ssl;
        private boolean sslTyped;
        private SaslConfig sasl;
        private String saslMechanism;
        private String saslJaasConfig;

        private Builder() {
        }

        /**
         * {@code security.protocol}: PLAINTEXT (the default), SSL, SASL_PLAINTEXT or SASL_SSL; it must match the
         * broker listener's.
         *
         * @param protocol the protocol
         * @return this builder
         */
        public Builder securityProtocol(SecurityProtocol protocol) {
            this.securityProtocol = Objects.requireNonNull(protocol, "security.protocol");
            return this;
        }

        /**
         * TLS settings for SSL and SASL_SSL, replacing any {@code ssl.*} keys given before; {@code ssl.*} keys given
         * to {@link #config(Map)} afterwards adjust it. Without this, TLS uses {@link SslConfig#defaults()}.
         *
         * @param ssl the settings
         * @return this builder
         */
        public Builder ssl(SslConfig ssl) {
            this.ssl = Objects.requireNonNull(ssl, "ssl").toBuilder();
            this.sslTyped = true;
            return this;
        }

        /**
         * SASL mechanism and credentials for SASL_PLAINTEXT and SASL_SSL; takes precedence over
         * {@code sasl.mechanism} and {@code sasl.jaas.config}.
         *
         * @param sasl the settings
         * @return this builder
         */
        public Builder sasl(SaslConfig sasl) {
            this.sasl = Objects.requireNonNull(sasl, "sasl");
            return this;
        }

        private SslConfig.Builder sslKeys() {
            if (ssl == null) {
                ssl = SslConfig.builder();
            }
            return ssl;
        }

        /**
         * {@code bootstrap.servers}: where to send the first requests, as {@code host:port} entries separated by
         * commas ({@code [::1]:9092} for IPv6 literals). Required.
         *
         * @throws ConfigException if an entry is not {@code host:port} with a port in 1..65535
         */
        public Builder bootstrapServers(String servers) {
            Objects.requireNonNull(servers, "bootstrap.servers");
            List<Node> nodes = new ArrayList<>();
            int id = -1;
            for (String entry : servers.split(",")) {
                String e = entry.trim();
                if (e.isEmpty()) {
                    continue;
                }
                int colon = e.lastIndexOf(':');
                if (colon <= 0 || colon == e.length() - 1) {
                    throw new ConfigException("bootstrap.servers", e, "host:port");
                }
                String host = e.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(e.substring(colon + 1));
                } catch (NumberFormatException ex) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw new ConfigException("bootstrap.servers", e, "host:port with a port in 1..65535");
                }
                nodes.add(new Node(id--, host, port));
            }
            if (nodes.isEmpty()) {
                throw new ConfigException("bootstrap.servers", servers, "host:port[,host:port...]");
            }
            this.bootstrap = Collections.unmodifiableList(nodes);
            return this;
        }

        /** {@code client.id}, sent in every request header (default {@value NettyTransport#DEFAULT_CLIENT_ID}). */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "client.id");
            return this;
        }

        /**
         * {@code request.timeout.ms}: how long to wait for a response before failing the request with
         * {@link dev.samsa.transport.RequestTimeoutException} and closing its connection. Default
         * {@link #DEFAULT_REQUEST_TIMEOUT}.
         *
         * @throws ConfigException if not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("request.timeout.ms", timeout);
            return this;
        }

        /**
         * {@code max.in.flight.requests.per.connection}: requests written to one connection before their responses
         * arrive. Default {@value NettyTransport#DEFAULT_MAX_IN_FLIGHT}.
         *
         * @throws ConfigException if below 1
         */
        public Builder maxInFlightRequestsPerConnection(int max) {
            if (max < 1) {
                throw new ConfigException("max.in.flight.requests.per.connection", max, ">= 1");
            }
            this.maxInFlight = max;
            return this;
        }

        /**
         * {@code reconnect.backoff.ms} and {@code reconnect.backoff.max.ms}: after a connection fails, the next
         * attempt waits {@code base * 2^(failures-1)}, capped at {@code max}, with +/-20% jitter.
         *
         * @throws ConfigException if base is negative or max is below base
         */
        public Builder reconnectBackoff(Duration base, Duration max) {
            if (base.isNegative() || max.compareTo(base) < 0) {
                throw new ConfigException("reconnect.backoff.ms", base.toMillis(),
                        ">= 0 and <= reconnect.backoff.max.ms (" + max.toMillis() + ")");
            }
            this.reconnectBackoff = base;
            this.reconnectBackoffMax = max;
            return this;
        }

        /**
         * {@code connections.max.idle.ms}: a connection with nothing in flight for this long is closed. Default
         * {@link #DEFAULT_CONNECTIONS_MAX_IDLE}.
         *
         * @throws ConfigException if not positive
         */
        public Builder connectionsMaxIdle(Duration idle) {
            this.connectionsMaxIdle = positive("connections.max.idle.ms", idle);
            return this;
        }

        /**
         * {@code socket.connection.setup.timeout.ms}: the TCP connect timeout. Default
         * {@link #DEFAULT_CONNECTION_SETUP_TIMEOUT}.
         *
         * @throws ConfigException if not positive
         */
        public Builder connectionSetupTimeout(Duration timeout) {
            this.connectionSetupTimeout = positive("socket.connection.setup.timeout.ms", timeout);
            return this;
        }

        /**
         * The largest response frame accepted, in bytes; a larger size prefix closes the connection with
         * {@link dev.samsa.transport.CorruptFrameException} before anything is allocated. Default
         * {@value NettyTransport#DEFAULT_MAX_FRAME_BYTES}.
         *
         * @throws ConfigException if below 64
         */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 64) {
                throw new ConfigException("max frame size (bytes)", bytes, ">= 64");
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /** {@code send.buffer.bytes} (SO_SNDBUF); -1 leaves the OS default. */
        public Builder sendBufferBytes(int bytes) {
            this.sendBufferBytes = socketBuffer("send.buffer.bytes", bytes);
            return this;
        }

        /** {@code receive.buffer.bytes} (SO_RCVBUF); -1 leaves the OS default. */
        public Builder receiveBufferBytes(int bytes) {
            this.receiveBufferBytes = socketBuffer("receive.buffer.bytes", bytes);
            return this;
        }

        /**
         * I/O threads of the event loop group this transport creates (default: half the cores, at least 1).
         *
         * @throws ConfigException if below 1
         */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new ConfigException("I/O threads", threads, ">= 1");
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Runs on {@code group} instead of creating one (an {@code EpollEventLoopGroup} or a
         * {@code NioEventLoopGroup}); {@link NettyTransport#close()} then leaves the group running.
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * Applies Kafka's config keys: {@code bootstrap.servers}, {@code client.id}, {@code request.timeout.ms},
         * {@code max.in.flight.requests.per.connection}, {@code reconnect.backoff.ms},
         * {@code reconnect.backoff.max.ms}, {@code connections.max.idle.ms},
         * {@code socket.connection.setup.timeout.ms}, {@code send.buffer.bytes}, {@code receive.buffer.bytes};
         * security: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} (Kafka's
         * {@code PlainLoginModule} / {@code ScramLoginModule required username="..." password="...";}, or
         * {@code OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="...";} for unsecured tokens),
         * {@code ssl.truststore.location/password/type/certificates}, {@code ssl.keystore.location/password/type},
         * {@code ssl.keystore.certificate.chain}, {@code ssl.keystore.key}, {@code ssl.key.password},
         * {@code ssl.endpoint.identification.algorithm}, {@code ssl.protocol}, {@code ssl.enabled.protocols},
         * {@code ssl.cipher.suites}. Values may be strings or numbers; lists are comma-separated. SASL and
         * {@code ssl.*} settings are checked together in {@link #build()}, whatever their order here. Other keys are
         * ignored here: the producer, consumer and admin builders own theirs.
         *
         * @throws ConfigException naming the key if a value does not parse or is out of range (secrets are shown as
         *     {@code [hidden]})
         */
        public Builder config(Map<String, ?> config) {
            for (Map.Entry<String, ?> e : config.entrySet()) {
                String key = e.getKey();
                String value = String.valueOf(e.getValue()).trim();
                switch (key) {
                    case "bootstrap.servers" -> bootstrapServers(value);
                    case "client.id" -> clientId(value);
                    case "request.timeout.ms" -> requestTimeout(Duration.ofMillis(parseLong(key, value)));
                    case "max.in.flight.requests.per.connection" ->
                            maxInFlightRequestsPerConnection((int) parseLong(key, value));
                    case "reconnect.backoff.ms" ->
                            reconnectBackoff(Duration.ofMillis(parseLong(key, value)),
                                    max(reconnectBackoffMax, Duration.ofMillis(parseLong(key, value))));
                    case "reconnect.backoff.max.ms" ->
                            reconnectBackoff(reconnectBackoff, Duration.ofMillis(parseLong(key, value)));
                    case "connections.max.idle.ms" -> connectionsMaxIdle(Duration.ofMillis(parseLong(key, value)));
                    case "socket.connection.setup.timeout.ms" ->
                            connectionSetupTimeout(Duration.ofMillis(parseLong(key, value)));
                    case "send.buffer.bytes" -> sendBufferBytes((int) parseLong(key, value));
                    case "receive.buffer.bytes" -> receiveBufferBytes((int) parseLong(key, value));
                    case "security.protocol" -> securityProtocol(SecurityProtocol.forName(value));
                    case "sasl.mechanism" -> saslMechanism = SaslMechanism.forName(value).mechanismName();
                    case "sasl.jaas.config" -> saslJaasConfig = e.getValue() == null ? null : value;
                    case "ssl.truststore.location" -> sslKeys().truststoreLocation(path(value));
                    case "ssl.truststore.password" -> sslKeys().truststorePassword(secret(e.getValue()));
                    case "ssl.truststore.type" -> sslKeys().truststoreType(value);
                    case "ssl.truststore.certificates" -> sslKeys().truststoreCertificates(secret(e.getValue()));
                    case "ssl.keystore.location" -> sslKeys().keystoreLocation(path(value));
                    case "ssl.keystore.password" -> sslKeys().keystorePassword(secret(e.getValue()));
                    case "ssl.keystore.type" -> sslKeys().keystoreType(value);
                    case "ssl.keystore.certificate.chain" ->
                            sslKeys().keystoreCertificateChain(secret(e.getValue()));
                    case "ssl.keystore.key" -> sslKeys().keystoreKey(secret(e.getValue()));
                    case "ssl.key.password" -> sslKeys().keyPassword(secret(e.getValue()));
                    case "ssl.endpoint.identification.algorithm" ->
                            sslKeys().endpointIdentificationAlgorithm(e.getValue() == null ? "" : value);
                    case "ssl.protocol" -> sslKeys().protocol(value);
                    case "ssl.enabled.protocols" -> sslKeys().enabledProtocols(list(value));
                    case "ssl.cipher.suites" -> sslKeys().cipherSuites(list(value));
                    default -> {
                        // not a transport key
                    }
                }
            }
            return this;
        }

        /**
         * Builds the transport; no connection is opened until the first request, but key and trust stores are read
         * now, so that a wrong path or password fails here.
         *
         * @throws ConfigException if no bootstrap servers were given; if SASL_PLAINTEXT or SASL_SSL has no
         *     credentials ({@link #sasl} or {@code sasl.mechanism} + {@code sasl.jaas.config}); if {@link #sasl} or
         *     {@link #ssl} was given with a protocol that does not use it; or naming the {@code ssl.*} key whose
         *     store cannot be read
         */
        public NettyTransport build() {
            if (bootstrap.isEmpty()) {
                throw new ConfigException("bootstrap.servers is required (host:port[,host:port...])");
            }
            SaslConfig saslConfig = null;
            if (securityProtocol.usesSasl()) {
                saslConfig = sasl;
                if (saslConfig == null) {
                    if (saslJaasConfig == null) {
                        throw new ConfigException("sasl.jaas.config", null, "a login module entry for security.protocol="
                                + securityProtocol + ", or NettyTransport.Builder.sasl(SaslConfig)");
                    }
                    // Kafka's default mechanism is GSSAPI, which Samsa does not implement: say so by name.
                    SaslMechanism mechanism = SaslMechanism.forName(saslMechanism == null ? "GSSAPI" : saslMechanism);
                    saslConfig = JaasConfig.toSaslConfig(mechanism, saslJaasConfig);
                }
            } else if (sasl != null) {
                throw new ConfigException("security.protocol", securityProtocol,
                        "SASL_PLAINTEXT or SASL_SSL when SASL credentials are given (" + sasl.mechanism() + ")");
            }
            TlsContext tls = null;
            if (securityProtocol.usesTls()) {
                tls = TlsContext.create(ssl == null ? SslConfig.defaults() : ssl.build());
            } else if (sslTyped) {
                throw new ConfigException("security.protocol", securityProtocol,
                        "SSL or SASL_SSL when TLS settings are given");
            }
            return new NettyTransport(this, tls, saslConfig);
        }

        private static Path path(String value) {
            return value.isEmpty() ? null : Path.of(value);
        }

        private static String secret(Object value) {
            return value == null ? null : String.valueOf(value);
        }

        private static List<String> list(String value) {
            return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::trim)
                    .filter(v -> !v.isEmpty()).toList();
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }

        private static long parseLong(String key, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, "a whole number");
            }
        }

        private static Duration positive(String key, Duration d) {
            Objects.requireNonNull(d, key);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException(key, d.toMillis(), "> 0 ms");
            }
            return d;
        }

        private static int socketBuffer(String key, int bytes) {
            if (bytes < -1 || bytes == 0) {
                throw new ConfigException(key, bytes, "-1 for the OS default, or > 0");
            }
            return bytes;
        }
    }
}
