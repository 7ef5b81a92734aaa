package dev.samsa.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka cluster for integration tests: {@code n} KRaft nodes, each a combined broker and controller
 * running in its own JVM, started from the {@code org.apache.kafka:kafka_2.13} jars that Maven resolved when
 * samsa-testkit was built. The broker never shares a classpath with the code under test.
 *
 * <p>Every node listens on loopback only ({@code 127.0.0.1}), on a PLAINTEXT port and a CONTROLLER port picked free at
 * start time, so parallel test runs never collide. Node ids are {@code 1..n}; all nodes are voters of one static
 * controller quorum ({@code controller.quorum.voters}). Each cluster gets a fresh directory (under the working
 * directory's {@code target/kafka-clusters} when it exists, otherwise under {@code java.io.tmpdir}) holding each
 * node's {@code server.properties} and data directory, formatted by Kafka's {@code StorageTool} with a random cluster
 * id, and one log file per broker ({@code broker-<nodeId>.log}) that collects the broker JVM's stdout and stderr.
 *
 * <p>Server properties default to a test-sized cluster: internal topics (consumer offsets, transaction state, share
 * state) replicated {@code min(3, n)} times with {@code min(2, n)} in-sync replicas and 5 partitions each,
 * {@code default.replication.factor = min(3, n)}, {@code group.initial.rebalance.delay.ms=0}, automatic topic creation
 * off, a 6 s broker session timeout (a killed broker is fenced within 6 s) and a small log-cleaner buffer. The builder
 * overrides any of them except the properties that tie the nodes together ({@link Builder#serverProperty}).
 *
 * <p>Startup waits until every broker has logged that it started (it is then registered and unfenced) and its port
 * accepts connections. Broker JVMs are started with flags that favour a short life (serial GC, C1 only, 32 MiB
 * initial heap), format their storage in-process and share a class-data archive after the first run: on a busy
 * 2-core machine one broker starts in about 2 s and three in about 7 s, each holding about 160 MB resident when
 * idle. A JVM shutdown hook kills the brokers of clusters left open, and a broker whose test JVM is killed outright
 * halts itself.
 *
 * <pre>{@code
 * try (KafkaCluster cluster = KafkaCluster.builder().brokers(3).build().start()) {
 *     String bootstrap = cluster.bootstrapServers();   // "127.0.0.1:41235,127.0.0.1:37411,127.0.0.1:45899"
 *     cluster.killBroker(2);                            // SIGKILL
 *     cluster.startBroker(2);                           // same ports, same data
 * }
 * }</pre>
 *
 * <p><b>Secured listeners.</b> Besides PLAINTEXT (used between the nodes and by {@link #bootstrapServers()}), each
 * node can listen on {@link Listener}s with TLS and SASL, each on a port of its own:
 * <pre>{@code
 * try (KafkaCluster cluster = KafkaCluster.builder()
 *         .listeners(Listener.SSL, Listener.SASL_SSL)
 *         .saslUser("alice", "alice-secret")              // PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
 *         .build().start()) {
 *     String tls = cluster.bootstrapServers(Listener.SSL);
 *     Path trust = cluster.certificates().truststore("PKCS12");   // password: cluster.certificates().password()
 * }
 * }</pre>
 * Certificates are generated when the cluster is built ({@link TestCertificates}, in the cluster directory's
 * {@code tls/}); SCRAM credentials are written at format time ({@code kafka-storage format --add-scram}), PLAIN users
 * go into the listener's JAAS configuration, and OAUTHBEARER accepts Kafka's unsecured JWS tokens.
 *
 * <p>Thread-safety: all methods may be called from any thread; lifecycle methods ({@link #start()},
 * {@link #stopBroker}, {@link #killBroker}, {@link #startBroker}, {@link #close()}) are serialised.
 */
public final class KafkaCluster implements AutoCloseable {

    /** Default number of brokers: {@value}. */
    public static final int DEFAULT_BROKERS = 1;
    /** Largest number of brokers a cluster may have: {@value}. */
    public static final int MAX_BROKERS = 9;
    /** Default maximum heap of each broker JVM, in bytes: 512 MiB ({@value}). */
    public static final long DEFAULT_MAX_HEAP_BYTES = 512L * 1024 * 1024;
    /** Smallest maximum heap accepted, in bytes: 64 MiB ({@value}). */
    public static final long MIN_MAX_HEAP_BYTES = 64L * 1024 * 1024;
    /** Default time allowed for a broker (or all brokers of {@link #start()}) to become ready: 60 s. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Default time allowed for a graceful {@link #stopBroker} before the broker is killed: 60 s. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);
    /** System property naming the directory that holds cluster directories, overriding the default. */
    public static final String WORK_DIRECTORY_PROPERTY = "samsa.testkit.dir";
    /** System property that, set to {@code false}, turns class-data sharing off by default. */
    public static final String CLASS_DATA_SHARING_PROPERTY = "samsa.testkit.cds";

    /** Properties that wire the nodes together; the cluster owns them. */
    static final Set<String> OWNED_PROPERTIES = Set.of("process.roles", "node.id", "broker.id",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers", "listeners", "advertised.listeners",
            "controller.listener.names", "listener.security.protocol.map", "inter.broker.listener.name",
            "log.dirs", "log.dir");

    private static final System.Logger LOG = System.getLogger(KafkaCluster.class.getName());
    private static final long INITIAL_HEAP_BYTES = 32L * 1024 * 1024;
    private static final int PORT_ATTEMPTS = 3;
    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { NEW, RUNNING, CLOSED }

    private final Builder config;
    private final List<BrokerNode> nodes;
    private final Path clusterDir;
    private final boolean keepLogs;
    private final String clusterId;
    private final List<String> jvmOptions;
    private final TestCertificates certificates;
    private volatile State state = State.NEW;

    /**
     * A listener a cluster can open besides PLAINTEXT, named as in the broker's {@code listeners} setting. SASL
     * listeners enable PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (Kafka's unsecured JWS validator), with the
     * users given to {@link Builder#saslUser}. TLS listeners use the cluster's {@link TestCertificates}.
     */
    public enum Listener {
        /** TLS with the broker certificate for {@code localhost} and {@code 127.0.0.1}; no client certificate. */
        SSL("SSL"),
        /** TLS that requires a client certificate signed by the test CA ({@code ssl.client.auth=required}). */
        SSL_CLIENT_AUTH("SSL"),
        /** TLS with a certificate that names only {@value TestCertificates#WRONG_HOST}: host name checks fail. */
        SSL_WRONG_HOST("SSL"),
        /** SASL on a clear-text connection. */
        SASL_PLAINTEXT("SASL_PLAINTEXT"),
        /** SASL inside TLS (the broker certificate of {@link #SSL}). */
        SASL_SSL("SASL_SSL");

        private final String securityProtocol;

        Listener(String securityProtocol) {
            this.securityProtocol = securityProtocol;
        }

        /**
         * The client's {@code security.protocol} for this listener.
         *
         * @return {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
         */
        public String securityProtocol() {
            return securityProtocol;
        }

        boolean usesTls() {
            return securityProtocol.endsWith("SSL");
        }

        boolean usesSasl() {
            return securityProtocol.startsWith("SASL");
        }
    }

    private KafkaCluster(Builder builder) {
        this.config = builder.copy();
        Path base = builder.workDirectory != null ? builder.workDirectory : defaultWorkDirectory();
        // Logs are worth keeping wherever someone chose to put them; the last-resort temp directory is cleaned.
        this.keepLogs = !base.equals(tmpWorkDirectory());
        try {
            Files.createDirectories(base);
            this.clusterDir = Files.createTempDirectory(base, "kafka-" + builder.brokers + "b-").toAbsolutePath();
        } catch (IOException e) {
            throw new KafkaClusterException("cannot create a cluster directory under " + base, e);
        }
        List<BrokerNode> list = new ArrayList<>();
        for (int id = 1; id <= builder.brokers; id++) {
            list.add(new BrokerNode(id, clusterDir));
        }
        this.nodes = Collections.unmodifiableList(list);
        this.clusterId = randomClusterId();
        this.jvmOptions = jvmOptions(builder);
        this.certificates = config.listeners.stream().anyMatch(Listener::usesTls)
                ? TestCertificates.generate(clusterDir.resolve("tls")) : null;
    }

    /**
     * Returns a builder with the defaults described on each setter.
     *
     * @return a new builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats every node's storage (in the broker's JVM, just before it starts) and starts all brokers in
     * parallel, waiting until each is ready (it logged
     * {@code "Kafka Server started"} and its port accepts connections). If a port picked as free is taken before a
     * broker binds it, the start is retried with new ports (up to 3 attempts).
     *
     * @return this cluster, running
     * @throws IllegalStateException if the cluster was already started or closed
     * @throws KafkaClusterException if formatting fails, a broker exits, or the brokers are not ready within the
     *                               startup timeout; the message names the broker, its log file and the log's last
     *                               lines. The cluster is then closed.
     */
    public synchronized KafkaCluster start() {
        if (state != State.NEW) {
            throw new IllegalStateException("cluster in " + clusterDir + " is " + state + "; start() runs once");
        }
        Reaper.register(this);
        long began = System.nanoTime();
        try {
            BrokerRuntime runtime = BrokerRuntime.get();
            for (int attempt = 1; ; attempt++) {
                assignPorts();
                writeServerProperties();
                long deadline = System.nanoTime() + config.startupTimeout.toNanos();
                try {
                    for (BrokerNode node : nodes) {
                        node.launch(runtime, jvmOptions, config.classDataSharing, formatArgs(node));
                    }
                    for (BrokerNode node : nodes) {
                        node.awaitReady(deadline, config.startupTimeout.toMillis());
                    }
                    break;
                } catch (BrokerNode.PortInUseException e) {
                    killAll();
                    if (attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.INFO, "a port was taken before the broker bound it; retrying with "
                            + "new ports: {0}", e.getMessage().lines().findFirst().orElse(""));
                }
            }
            state = State.RUNNING;
            LOG.log(System.Logger.Level.INFO, "Kafka cluster of {0} broker(s) started in {1} ms at {2} (dir {3})",
                    nodes.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), bootstrapServers(),
                    clusterDir);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failStart();
            throw new KafkaClusterException("interrupted while starting the cluster in " + clusterDir, e);
        } catch (RuntimeException | Error e) {
            failStart();
            throw e;
        }
    }

    private void failStart() {
        for (BrokerNode node : nodes) {
            node.destroyNow();
        }
        // The exception names the log files: keep them, wherever the cluster lives.
        deleteFiles(true);
        state = State.CLOSED;
        Reaper.unregister(this);
    }

    /**
     * The bootstrap servers of all brokers in node-id order, whether running or not.
     *
     * @return {@code "127.0.0.1:<port1>,127.0.0.1:<port2>,..."}, usable as {@code bootstrap.servers}
     * @throws IllegalStateException if the cluster was never started
     */
    public String bootstrapServers() {
        requireStarted();
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /**
     * The controller endpoints of all nodes, for clients that talk to the quorum directly (KIP-919).
     *
     * @return {@code "127.0.0.1:<cport1>,..."}, usable as {@code bootstrap.controllers}
     * @throws IllegalStateException if the cluster was never started
     */
    public String bootstrapControllers() {
        requireStarted();
        return nodes.stream().map(n -> "127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
    }

    /**
     * The PLAINTEXT port of one broker; it does not change when the broker is restarted.
     *
     * @param nodeId the broker's node id, {@code 1..}{@link #brokers()}
     * @return the port on 127.0.0.1
     * @throws IllegalArgumentException if there is no such node
     * @throws IllegalStateException    if the cluster was never started
     */
    public int port(int nodeId) {
        requireStarted();
        return node(nodeId).port();
    }

    /**
     * The bootstrap servers of one extra listener of all brokers, in node-id order.
     *
     * @param listener a listener given to {@link Builder#listeners}
     * @return {@code "127.0.0.1:<port1>,..."}; use the listener's {@link Listener#securityProtocol()}
     * @throws IllegalArgumentException if the cluster was built without that listener
     * @throws IllegalStateException if the cluster was never started
     */
    public String bootstrapServers(Listener listener) {
        requireStarted();
        requireListener(listener);
        return nodes.stream().map(n -> "127.0.0.1:" + n.port(listener)).collect(Collectors.joining(","));
    }

    /**
     * The port of one extra listener of one broker.
     *
     * @param nodeId the broker's node id
     * @param listener a listener given to {@link Builder#listeners}
     * @return the port on 127.0.0.1
     * @throws IllegalArgumentException if there is no such node or listener
     * @throws IllegalStateException if the cluster was never started
     */
    public int port(int nodeId, Listener listener) {
        requireStarted();
        requireListener(listener);
        return node(nodeId).port(listener);
    }

    /**
     * The extra listeners this cluster opens.
     *
     * @return the listeners, immutable; empty for a PLAINTEXT-only cluster
     */
    public Set<Listener> listeners() {
        return Collections.unmodifiableSet(EnumSet.copyOf(config.listeners));
    }

    /**
     * The CA, key and trust stores that the TLS listeners use and that clients trust or present.
     *
     * @return the cluster's certificates
     * @throws IllegalStateException if the cluster has no TLS listener
     */
    public TestCertificates certificates() {
        if (certificates == null) {
            throw new IllegalStateException("cluster in " + clusterDir + " has no TLS listener (expected one of"
                    + " SSL, SSL_CLIENT_AUTH, SSL_WRONG_HOST, SASL_SSL)");
        }
        return certificates;
    }

    private void requireListener(Listener listener) {
        if (!config.listeners.contains(listener)) {
            throw new IllegalArgumentException("cluster in " + clusterDir + " has no " + listener + " listener"
                    + " (it has " + config.listeners + ")");
        }
    }

    /**
     * The number of brokers (nodes) of this cluster, running or not.
     *
     * @return {@code n}, where node ids are {@code 1..n}
     */
    public int brokers() {
        return nodes.size();
    }

    /**
     * The node ids of this cluster.
     *
     * @return {@code [1, 2, ..., n]}, immutable
     */
    public List<Integer> nodeIds() {
        return nodes.stream().map(n -> n.nodeId).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The cluster id the storage was formatted with (22 characters of URL-safe base64).
     *
     * @return the cluster id that brokers report in Metadata and DescribeCluster responses
     */
    public String clusterId() {
        return clusterId;
    }

    /**
     * The file that collects a broker's stdout and stderr (all of its restarts are appended).
     *
     * @param nodeId the broker's node id
     * @return an absolute path
     * @throws IllegalArgumentException if there is no such node
     */
    public Path logFile(int nodeId) {
        return node(nodeId).logFile;
    }

    /**
     * The directory of this cluster (server.properties, data and log files of each node).
     *
     * @return an absolute path; the data directories are deleted by {@link #close()}
     */
    public Path directory() {
        return clusterDir;
    }

    /**
     * Whether a broker's JVM is alive (it may still be starting or stopping).
     *
     * @param nodeId the broker's node id
     * @return {@code true} if its process is alive
     * @throws IllegalArgumentException if there is no such node
     */
    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /**
     * Stops one broker gracefully: SIGTERM, which runs Kafka's controlled shutdown (leadership moves away first),
     * then waits for its JVM to exit. Does nothing if the broker is not running.
     *
     * @param nodeId the broker's node id
     * @throws IllegalArgumentException if there is no such node
     * @throws IllegalStateException    if the cluster is not running
     * @throws KafkaClusterException    if the broker did not exit within the stop timeout (it has then been killed)
     */
    public synchronized void stopBroker(int nodeId) {
        requireRunning();
        BrokerNode node = node(nodeId);
        try {
            if (!node.stop(config.stopTimeout.toMillis())) {
                throw new KafkaClusterException("broker " + nodeId + " did not stop within "
                        + config.stopTimeout.toMillis() + " ms after SIGTERM and was killed; log: " + node.logFile
                        + "\n--- last lines ---\n" + node.logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaClusterException("interrupted while stopping broker " + nodeId, e);
        }
    }

    /**
     * Kills one broker's JVM at once (SIGKILL via {@link Process#destroyForcibly()}): no controlled shutdown, open
     * connections reset, unflushed data left to log recovery, like a crashed machine. Returns once the process is
     * gone; the controller fences the broker after the broker session timeout. Does nothing if it is not running.
     *
     * @param nodeId the broker's node id
     * @throws IllegalArgumentException if there is no such node
     * @throws IllegalStateException    if the cluster is not running
     */
    public synchronized void killBroker(int nodeId) {
        requireRunning();
        try {
            node(nodeId).kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaClusterException("interrupted while killing broker " + nodeId, e);
        }
    }

    /**
     * Restarts a stopped or killed broker with the same node id, ports and data directory, and waits until it is
     * ready again (registered with the controller quorum, caught up with metadata and unfenced).
     *
     * @param nodeId the broker's node id
     * @throws IllegalArgumentException if there is no such node
     * @throws IllegalStateException    if the cluster is not running or the broker is already running
     * @throws KafkaClusterException    if the broker exits or is not ready within the startup timeout
     */
    public synchronized void startBroker(int nodeId) {
        requireRunning();
        BrokerNode node = node(nodeId);
        if (node.isRunning()) {
            throw new IllegalStateException("broker " + nodeId + " is already running");
        }
        long began = System.nanoTime();
        try {
            node.launch(BrokerRuntime.get(), jvmOptions, config.classDataSharing, List.of());
            node.awaitReady(System.nanoTime() + config.startupTimeout.toNanos(), config.startupTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.destroyNow();
            throw new KafkaClusterException("interrupted while starting broker " + nodeId, e);
        } catch (RuntimeException e) {
            node.destroyNow();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Kafka broker {0} restarted in {1} ms", nodeId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    /**
     * Stops every broker and deletes the data directories. Brokers are killed (SIGKILL) since their data is
     * discarded, except one that records the class-data-sharing archive (in the first cluster started with a given
     * JVM and classpath): it first gets SIGTERM and up to 30 s to exit, so that the archive gets written. The broker log files and server.properties are kept when the cluster lives under the build's
     * {@code target/} directory or a directory that was configured ({@link Builder#workDirectory}, system property
     * {@value #WORK_DIRECTORY_PROPERTY}), and deleted with everything else in the {@code java.io.tmpdir} fallback.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        State previous = state;
        state = State.CLOSED;
        try {
            if (previous == State.RUNNING) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
                // The data is deleted anyway, so brokers are killed, which is instant, whereas a graceful stop of
                // a whole multi-node quorum takes seconds and can hang. Only a broker recording the class-data
                // archive must exit gracefully to write it, and it goes first, while its peers still answer its
                // controlled shutdown.
                for (BrokerNode node : nodes) {
                    if (node.isArchiving()) {
                        node.signalStop();
                        node.awaitExit(deadline);
                    }
                }
                for (BrokerNode node : nodes) {
                    node.signalKill();
                }
                for (BrokerNode node : nodes) {
                    node.awaitExit(deadline);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAll();
        } finally {
            deleteFiles();
            Reaper.unregister(this);
        }
    }

    /** Kills every broker without taking the lock and deletes the files: for the shutdown hook and failed starts. */
    void destroyNow() {
        for (BrokerNode node : nodes) {
            node.destroyNow();
        }
        deleteFiles();
    }

    /**
     * Describes the cluster for test reports.
     *
     * @return the broker count, bootstrap servers (once started) and directory
     */
    @Override
    public String toString() {
        return "KafkaCluster{brokers=" + nodes.size() + ", state=" + state
                + (state == State.NEW ? "" : ", bootstrapServers=" + bootstrapServers()) + ", dir=" + clusterDir
                + "}";
    }

    private void killAll() {
        for (BrokerNode node : nodes) {
            try {
                node.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.destroyNow();
            }
        }
    }

    private BrokerNode node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("node id " + nodeId + " (expected: 1.." + nodes.size() + ")");
        }
        return nodes.get(nodeId - 1);
    }

    private void requireStarted() {
        if (state == State.NEW) {
            throw new IllegalStateException("cluster in " + clusterDir + " has not been started");
        }
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("cluster in " + clusterDir + " is " + state + " (expected: RUNNING)");
        }
    }

    /** Picks all ports at once, holding each socket until all are chosen so that no two nodes get the same one. */
    private void assignPorts() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            List<Listener> extra = List.copyOf(config.listeners);
            int perNode = 2 + extra.size();
            for (int i = 0; i < nodes.size() * perNode; i++) {
                sockets.add(new ServerSocket(0, 1, loopback));
            }
            for (int i = 0; i < nodes.size(); i++) {
                Map<Listener, Integer> listenerPorts = new EnumMap<>(Listener.class);
                for (int l = 0; l < extra.size(); l++) {
                    listenerPorts.put(extra.get(l), sockets.get(perNode * i + 2 + l).getLocalPort());
                }
                nodes.get(i).ports(sockets.get(perNode * i).getLocalPort(),
                        sockets.get(perNode * i + 1).getLocalPort(), listenerPorts);
            }
        } catch (IOException e) {
            throw new KafkaClusterException("cannot find free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // A socket that fails to close leaves its port unusable; the bind retry covers it.
                }
            }
        }
    }

    private void writeServerProperties() {
        String voters = nodes.stream().map(n -> n.nodeId + "@127.0.0.1:" + n.controllerPort())
                .collect(Collectors.joining(","));
        for (BrokerNode node : nodes) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(node.nodeId));
            props.put("controller.quorum.voters", voters);
            StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + node.port());
            StringBuilder advertised = new StringBuilder(listeners);
            StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            listeners.append(",CONTROLLER://127.0.0.1:").append(node.controllerPort());
            for (Listener l : config.listeners) {
                String endpoint = "," + l.name() + "://127.0.0.1:" + node.port(l);
                listeners.append(endpoint);
                advertised.append(endpoint);
                protocols.append(',').append(l.name()).append(':').append(l.securityProtocol);
            }
            props.put("listeners", listeners.toString());
            props.put("advertised.listeners", advertised.toString());
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", protocols.toString());
            props.put("log.dirs", node.dataDir.toString());
            props.putAll(defaultServerProperties(nodes.size(), config.autoCreateTopics));
            props.putAll(securityProperties());
            props.putAll(config.serverProperties);
            props.putAll(config.nodeServerProperties.getOrDefault(node.nodeId, Map.of()));
            try {
                Files.createDirectories(node.dataDir);
                try (Writer out = Files.newBufferedWriter(node.propertiesFile, StandardCharsets.UTF_8)) {
                    out.write("# Written by samsa-testkit for node " + node.nodeId + " of cluster " + clusterId
                            + "\n");
                    for (Map.Entry<String, String> e : props.entrySet()) {
                        out.write(e.getKey() + "=" + escape(e.getValue()) + "\n");
                    }
                }
            } catch (IOException e) {
                throw new KafkaClusterException("cannot write " + node.propertiesFile, e);
            }
        }
    }

    /** Test-sized defaults; see the class documentation. */
    static Map<String, String> defaultServerProperties(int brokers, boolean autoCreateTopics) {
        String replicas = Integer.toString(Math.min(3, brokers));
        String minIsr = Integer.toString(Math.min(2, brokers));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("num.partitions", "1");
        props.put("default.replication.factor", replicas);
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("broker.session.timeout.ms", "6000");
        // The default 128 MiB dedupe buffer would be a quarter of each broker's heap.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        return props;
    }

    /** Per-listener TLS and SASL settings of the extra listeners. */
    private Map<String, String> securityProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        for (Listener l : config.listeners) {
            String prefix = "listener.name." + l.name().toLowerCase(java.util.Locale.ROOT) + ".";
            if (l.usesTls()) {
                String password = certificates.password();
                props.put(prefix + "ssl.keystore.location", (l == Listener.SSL_WRONG_HOST
                        ? certificates.wrongHostBrokerKeystore() : certificates.brokerKeystore()).toString());
                props.put(prefix + "ssl.keystore.type", "PKCS12");
                props.put(prefix + "ssl.keystore.password", password);
                props.put(prefix + "ssl.key.password", password);
                props.put(prefix + "ssl.truststore.location", certificates.truststore("PKCS12").toString());
                props.put(prefix + "ssl.truststore.type", "PKCS12");
                props.put(prefix + "ssl.truststore.password", password);
                if (l == Listener.SSL_CLIENT_AUTH) {
                    props.put(prefix + "ssl.client.auth", "required");
                }
            }
            if (l.usesSasl()) {
                props.put(prefix + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER");
                StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required");
                config.saslUsers.forEach((user, password) -> plain.append(" user_").append(user).append("=\"")
                        .append(password).append('"'));
                props.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
                String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
                props.put(prefix + "scram-sha-256.sasl.jaas.config", scram);
                props.put(prefix + "scram-sha-512.sasl.jaas.config", scram);
                props.put(prefix + "oauthbearer.sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                                + " unsecuredLoginStringClaim_sub=\"kafka-broker\";");
            }
        }
        return props;
    }

    /** StorageTool arguments for a node's first launch; {@code --ignore-formatted} lets a port retry reuse it. */
    private List<String> formatArgs(BrokerNode node) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", node.propertiesFile.toString(),
                "--ignore-formatted"));
        for (Map.Entry<String, Integer> feature : config.features.entrySet()) {
            args.add("--feature");
            args.add(feature.getKey() + "=" + feature.getValue());
        }
        // SCRAM credentials go into the bootstrap metadata (KIP-900), as kafka-storage format --add-scram does.
        for (Map.Entry<String, String> user : config.saslUsers.entrySet()) {
            for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
                args.add("--add-scram");
                args.add(mechanism + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]");
            }
        }
        return args;
    }

    private void deleteFiles() {
        deleteFiles(keepLogs);
    }

    private void deleteFiles(boolean keepLogs) {
        try {
            if (keepLogs) {
                for (BrokerNode node : nodes) {
                    deleteRecursively(node.dataDir);
                }
            } else {
                deleteRecursively(clusterDir);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the files of cluster " + clusterDir, e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String escape(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("server property value contains a line break: " + value);
        }
        return value.replace("\\", "\\\\");
    }

    private static Path defaultWorkDirectory() {
        String configured = System.getProperty(WORK_DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            return target.resolve("kafka-clusters");
        }
        return tmpWorkDirectory();
    }

    private static Path tmpWorkDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "samsa-testkit-clusters");
    }

    /** 16 random bytes in URL-safe base64, the form of Kafka's Uuid; never starting with '-' (a CLI flag). */
    private static String randomClusterId() {
        while (true) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static List<String> jvmOptions(Builder builder) {
        List<String> options = new ArrayList<>();
        // A small initial heap keeps an idle broker near 120-160 MB resident; the heap grows on demand.
        options.add("-Xms" + Math.min(INITIAL_HEAP_BYTES, builder.maxHeapBytes) / 1024 + "k");
        options.add("-Xmx" + (builder.maxHeapBytes / 1024) + "k");
        if (builder.fastStartup) {
            // Short-lived brokers on small machines: no parallel GC threads, no C2 compile storms at startup.
            options.add("-XX:+UseSerialGC");
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.add("-XX:-UsePerfData");
        // Recording the class-data archive warns about every old class file; keep the broker log readable.
        options.add("-Xlog:cds*=off");
        options.add("-XX:+ExitOnOutOfMemoryError");
        options.add("-Djava.awt.headless=true");
        options.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        options.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        options.addAll(builder.jvmOptions);
        return List.copyOf(options);
    }

    /**
     * Configures a {@link KafkaCluster}. Setters validate their argument at once; {@link #build()} may be called
     * more than once, each time creating an independent cluster. Not thread-safe.
     */
    public static final class Builder {
        private int brokers = DEFAULT_BROKERS;
        private final Map<String, String> serverProperties = new TreeMap<>();
        private final Map<Integer, Map<String, String>> nodeServerProperties = new TreeMap<>();
        private boolean autoCreateTopics;
        private long maxHeapBytes = DEFAULT_MAX_HEAP_BYTES;
        private final List<String> jvmOptions = new ArrayList<>();
        private boolean fastStartup = true;
        private boolean classDataSharing = !"false".equalsIgnoreCase(System.getProperty(CLASS_DATA_SHARING_PROPERTY));
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private Path workDirectory;
        private final Map<String, Integer> features = new TreeMap<>();
        private final Set<Listener> listeners = EnumSet.noneOf(Listener.class);
        private final Map<String, String> saslUsers = new TreeMap<>();

        private Builder() {
        }

        /**
         * Opens extra listeners on every node, each on a free port of its own, beside the PLAINTEXT listener that
         * the nodes use among themselves. Default none.
         *
         * @param listeners the listeners to add
         * @return this builder
         */
        public Builder listeners(Listener... listeners) {
            for (Listener l : listeners) {
                this.listeners.add(Objects.requireNonNull(l, "listener"));
            }
            return this;
        }

        /**
         * Adds a SASL user for the SASL listeners: a SCRAM-SHA-256 and a SCRAM-SHA-512 credential written at format
         * time ({@code --add-scram}), and a PLAIN user in the listeners' JAAS configuration.
         *
         * @param name the user name: letters, digits, {@code . _ -}
         * @param password the password: printable ASCII without space, quote, backslash, comma, {@code =} or
         *     {@code ]}
         * @return this builder
         * @throws IllegalArgumentException if the name or password has other characters
         */
        public Builder saslUser(String name, String password) {
            if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("SASL user name '" + name + "' (expected: [A-Za-z0-9._-]+)");
            }
            if (password == null || !password.matches("[\\x21-\\x7E&&[^\"\\\\,=\\]]]+")) {
                throw new IllegalArgumentException("SASL password of " + name + " (expected: printable ASCII"
                        + " without space, quote, backslash, comma, '=' or ']')");
            }
            saslUsers.put(name, password);
            return this;
        }

        private Builder copy() {
            Builder b = new Builder();
            b.brokers = brokers;
            b.serverProperties.putAll(serverProperties);
            nodeServerProperties.forEach((id, props) -> b.nodeServerProperties.put(id, new TreeMap<>(props)));
            b.autoCreateTopics = autoCreateTopics;
            b.maxHeapBytes = maxHeapBytes;
            b.jvmOptions.addAll(jvmOptions);
            b.fastStartup = fastStartup;
            b.classDataSharing = classDataSharing;
            b.startupTimeout = startupTimeout;
            b.stopTimeout = stopTimeout;
            b.workDirectory = workDirectory;
            b.features.putAll(features);
            b.listeners.addAll(listeners);
            b.saslUsers.putAll(saslUsers);
            return b;
        }

        /**
         * Sets the number of nodes; each is a combined broker and controller, all voters of one quorum.
         * Default {@value KafkaCluster#DEFAULT_BROKERS}. Use 3 to survive the loss of one node.
         *
         * @param brokers {@code 1..}{@value KafkaCluster#MAX_BROKERS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder brokers(int brokers) {
            if (brokers < 1 || brokers > MAX_BROKERS) {
                throw new IllegalArgumentException("brokers: " + brokers + " (expected: 1.." + MAX_BROKERS + ")");
            }
            this.brokers = brokers;
            return this;
        }

        /**
         * Sets a broker configuration property for every node, overriding the test-sized defaults listed on
         * {@link KafkaCluster}.
         *
         * @param key   a Kafka broker config key, for example {@code "log.segment.bytes"}
         * @param value its value as in server.properties; no line breaks
         * @return this builder
         * @throws IllegalArgumentException if the key is one the cluster owns ({@code process.roles},
         *                                  {@code node.id}, {@code listeners}, {@code advertised.listeners},
         *                                  {@code controller.quorum.voters}, {@code log.dirs}, ...) or the value
         *                                  holds a line break
         */
        public Builder serverProperty(String key, String value) {
            serverProperties.put(checkedKey(key, value), value);
            return this;
        }

        /**
         * Sets a broker configuration property for one node only, over what {@link #serverProperty(String, String)}
         * sets for every node: for properties that differ between brokers, such as {@code broker.rack}.
         *
         * @param nodeId the node, {@code 1..}{@link #brokers(int) brokers} (checked by {@link #build()})
         * @param key    a Kafka broker config key, for example {@code "broker.rack"}
         * @param value  its value as in server.properties; no line breaks
         * @return this builder
         * @throws IllegalArgumentException as {@link #serverProperty(String, String)}, or if {@code nodeId} is below 1
         */
        public Builder serverProperty(int nodeId, String key, String value) {
            if (nodeId < 1 || nodeId > MAX_BROKERS) {
                throw new IllegalArgumentException("node id " + nodeId + " (expected: 1.." + MAX_BROKERS + ")");
            }
            String k = checkedKey(key, value);
            nodeServerProperties.computeIfAbsent(nodeId, id -> new TreeMap<>()).put(k, value);
            return this;
        }

        /**
         * The trimmed {@code key}, checked with {@code value} for {@link #serverProperty(String, String)}.
         *
         * @throws IllegalArgumentException if the key is one the cluster owns or the value holds a line break
         */
        private static String checkedKey(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            String k = key.trim();
            if (OWNED_PROPERTIES.contains(k)) {
                throw new IllegalArgumentException("server property " + k + " is set by KafkaCluster for each node "
                        + "and cannot be overridden");
            }
            escape(value);
            return k;
        }

        /**
         * Sets several broker configuration properties; see {@link #serverProperty(String, String)}.
         *
         * @param properties keys and values
         * @return this builder
         * @throws IllegalArgumentException as {@link #serverProperty(String, String)}
         */
        public Builder serverProperties(Map<String, String> properties) {
            properties.forEach(this::serverProperty);
            return this;
        }

        /**
         * Sets {@code auto.create.topics.enable}. Default {@code false}, so that a test that forgets to create its
         * topic fails instead of silently getting a one-partition topic.
         *
         * @param enabled whether Metadata and Produce requests for unknown topics create them
         * @return this builder
         */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /**
         * Sets each broker JVM's maximum heap ({@code -Xmx}; the initial heap is 32 MiB). Default 512 MiB; an
         * idle broker holds about 120-160 MB of resident memory, so three of them fit beside the tests on a small
         * machine.
         *
         * @param bytes at least {@value KafkaCluster#MIN_MAX_HEAP_BYTES}; rounded down to whole KiB
         * @return this builder
         * @throws IllegalArgumentException if smaller than the minimum
         */
        public Builder maxHeapBytes(long bytes) {
            if (bytes < MIN_MAX_HEAP_BYTES) {
                throw new IllegalArgumentException("maxHeapBytes: " + bytes + " (expected: >= "
                        + MIN_MAX_HEAP_BYTES + ")");
            }
            this.maxHeapBytes = bytes;
            return this;
        }

        /**
         * Adds options to each broker JVM's command line, after the harness's own, so they win where they
         * conflict (for example {@code -XX:TieredStopAtLevel=4}).
         *
         * @param options JVM options such as {@code "-Dkey=value"}, none blank
         * @return this builder
         * @throws IllegalArgumentException if an option is blank
         */
        public Builder jvmOptions(String... options) {
            for (String option : options) {
                if (option == null || option.isBlank()) {
                    throw new IllegalArgumentException("JVM option is blank");
                }
                jvmOptions.add(option);
            }
            return this;
        }

        /**
         * Chooses JVM flags for a short-lived broker: the serial collector and the C1 compiler only, which start
         * faster and burn less CPU on a 2-core machine but lower peak throughput. Turn it off to measure broker
         * throughput with the JVM's defaults (G1, tiered C2). Default {@code true}.
         *
         * @param enabled whether to add {@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
         * @return this builder
         */
        public Builder fastStartup(boolean enabled) {
            this.fastStartup = enabled;
            return this;
        }

        /**
         * Uses a dynamic class-data-sharing archive (JEP 350) for the broker JVMs, created by the first broker
         * that stops gracefully and stored in {@code java.io.tmpdir/samsa-testkit-<user>}. Default {@code true}
         * unless the system property {@value KafkaCluster#CLASS_DATA_SHARING_PROPERTY} is {@code false}.
         *
         * @param enabled whether to use and create the archive
         * @return this builder
         */
        public Builder classDataSharing(boolean enabled) {
            this.classDataSharing = enabled;
            return this;
        }

        /**
         * Sets how long storage formatting, {@link KafkaCluster#start()} and each
         * {@link KafkaCluster#startBroker} may take. Default 60 s.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = positive(timeout, "startupTimeout");
            return this;
        }

        /**
         * Sets how long {@link KafkaCluster#stopBroker} waits for a graceful exit before killing. Default 60 s.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = positive(timeout, "stopTimeout");
            return this;
        }

        /**
         * Sets the directory under which the cluster creates its own fresh directory. Default: the system property
         * {@value KafkaCluster#WORK_DIRECTORY_PROPERTY}, else {@code target/kafka-clusters} if the working
         * directory has a {@code target} directory (a Maven module), else {@code java.io.tmpdir}.
         *
         * @param directory created if missing
         * @return this builder
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets a feature level at format time ({@code StorageTool format --feature name=level}, KIP-1022), for
         * example {@code feature("share.version", 1)} to turn share groups on.
         *
         * @param name  a feature name such as {@code "transaction.version"}
         * @param level the finalized level, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or the level negative
         */
        public Builder feature(String name, int level) {
            if (name == null || name.isBlank() || name.contains("=")) {
                throw new IllegalArgumentException("feature name: '" + name + "'");
            }
            if (level < 0) {
                throw new IllegalArgumentException("feature " + name + " level: " + level + " (expected: >= 0)");
            }
            features.put(name.trim(), level);
            return this;
        }

        /**
         * Creates the cluster's directory and picks its cluster id; nothing runs until {@link KafkaCluster#start()}.
         *
         * @return a new, not yet started cluster
         * @throws KafkaClusterException if the directory cannot be created
         * @throws IllegalArgumentException if a per-node property names a node above the broker count
         */
        public KafkaCluster build() {
            for (int id : nodeServerProperties.keySet()) {
                if (id > brokers) {
                    throw new IllegalArgumentException("server property for node " + id + " (expected: a node id in 1.."
                            + brokers + ")");
                }
            }
            return new KafkaCluster(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
