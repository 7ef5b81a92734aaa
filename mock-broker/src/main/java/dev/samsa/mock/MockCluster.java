package dev.samsa.mock;

import dev.samsa.common.Node;
import dev.samsa.errors.ApiException;
import dev.samsa.mock.internal.BrokerState;
import dev.samsa.mock.internal.ClusterConfig;
import dev.samsa.mock.internal.ClusterState;
import dev.samsa.mock.internal.InProcessTransport;
import dev.samsa.mock.internal.Inspection;
import dev.samsa.mock.internal.SaslUsers;
import dev.samsa.mock.internal.SecurityConfig;
import dev.samsa.mock.internal.TcpListener;
import dev.samsa.mock.internal.TopicSpec;
import dev.samsa.time.ManualTime;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An in-memory Kafka cluster: N brokers with topics, partitions, leaders and replicas, consumer groups and committed
 * offsets, served through the same {@link Transport} the client engines use against real brokers
 * ({@link #transport()}), and, once {@link #listen()} is called, over TCP to any Kafka client.
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.builder().brokers(3).topic("orders", 6, 3).build()) {
 *     Transport transport = cluster.transport();
 *     // ... run a producer and a consumer on it, then:
 *     assertThat(cluster.records("orders", 0)).hasSize(10);
 * }
 * }</pre>
 *
 * <p>The brokers are a real broker in miniature: each API the mock serves has one handler that answers as Kafka
 * 4.1 does, errors included (NOT_LEADER_OR_FOLLOWER to a broker that does not lead the partition, NOT_COORDINATOR
 * to one that does not coordinate the group, ...); every handler's source file opens with the versions it serves
 * and where it deviates from Kafka. Record batches are validated and stored as bytes and fetched back as bytes.
 * APIs the mock does not serve are not advertised by ApiVersions.
 *
 * <p><b>Security.</b> Off by default, as a PLAINTEXT listener with no authorizer. {@link Builder#saslUser} makes the
 * TCP listener SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512); {@link Builder#acl} (or
 * {@link Builder#superUser}, {@link Builder#authorization}) turns Kafka's ACL checks on, after which requests get
 * TOPIC_, GROUP_ and CLUSTER_AUTHORIZATION_FAILED per entity as Kafka's handlers answer them. In process, requests are
 * made as {@code User:ANONYMOUS} ({@link #transport()}) or as a user ({@link #transportAs(String)}); ACLs and users
 * can be changed while the cluster runs ({@link #addAcls}, {@link #removeAcls}, {@link #addSaslUser}).
 *
 * <p><b>Time.</b> Everything that waits (fetch max wait, session and rebalance timeouts, delayed responses,
 * retention) runs on the cluster's {@link Time}: {@link Time#SYSTEM} by default; with a {@link ManualTime} a test
 * advances it and the cluster, and clients built on {@code transport().time()}, replay identically every run.
 *
 * <p><b>Threads.</b> The cluster has no threads of its own in process (the TCP listener has two I/O threads). All
 * state sits behind one lock per cluster; responses are delivered after it is released. All methods are
 * thread-safe. Starting a cluster takes well under a millisecond per topic; nothing is persisted.
 */
public final class MockCluster implements AutoCloseable {
    /** Default number of brokers: 1. */
    public static final int DEFAULT_BROKERS = 1;
    /** Default {@code num.partitions} for auto-created topics and CreateTopics with -1: 1, as Kafka. */
    public static final int DEFAULT_NUM_PARTITIONS = 1;
    /** Default {@code default.replication.factor}: 1, as Kafka. */
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    /** Default {@code group.min.session.timeout.ms}: 6 s, as Kafka. */
    public static final Duration DEFAULT_GROUP_MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** Default {@code group.max.session.timeout.ms}: 30 min, as Kafka. */
    public static final Duration DEFAULT_GROUP_MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Default {@code group.initial.rebalance.delay.ms}: 0, as Kafka's own test harness sets it (a broker's
     * default is 3 s, which would slow every group test down).
     */
    public static final Duration DEFAULT_GROUP_INITIAL_REBALANCE_DELAY = Duration.ZERO;
    /** Default {@code message.max.bytes}: 1048588 bytes, as Kafka. */
    public static final int DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;
    /** Default {@code log.retention.check.interval.ms}: 5 minutes, as Kafka. */
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofMinutes(5);
    /** Default number of requests kept for {@link #requests()}: 10000, the oldest dropped first. */
    public static final int DEFAULT_REQUEST_LOG_CAPACITY = 10_000;
    /** Default {@code socket.request.max.bytes} of the TCP listener: 100 MiB, as Kafka. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024;
    /** Default seed of the cluster's random choices (topic ids, member ids, session ids, cluster id). */
    public static final long DEFAULT_SEED = 0x5A45A;

    private final ClusterState state;
    private final Inspection inspection;
    private final Faults faults;
    private final List<InProcessTransport> transports = new CopyOnWriteArrayList<>();
    private final AtomicInteger transportCount = new AtomicInteger();
    private final Object listenerLock = new Object();
    private TcpListener listener;
    private volatile boolean closed;

    private MockCluster(ClusterConfig config, SecurityConfig security) {
        this.state = new ClusterState(config, security);
        this.inspection = new Inspection(state);
        this.faults = new Faults(this, state);
    }

    /** A builder with Kafka's defaults: one broker, no topics, no auto-creation, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** A running single-broker cluster with no topics and {@code auto.create.topics.enable}. */
    public static MockCluster start() {
        return builder().autoCreateTopics(true).build();
    }

    // ---------------------------------------------------------------- access

    /**
     * A new in-process transport to this cluster, named {@code mock-client-N}. See {@link #transport(String)}.
     */
    public Transport transport() {
        return transport("mock-client-" + transportCount.incrementAndGet());
    }

    /**
     * A new in-process {@link Transport} to this cluster. Like a {@code NettyTransport}, one transport can serve many
     * clients; separate transports behave as separate client processes (separate connections, so their requests
     * are ordered independently). Its {@link Transport#time()} is the cluster's clock; its bootstrap nodes are the
     * brokers.
     *
     * <p>Futures complete on the thread that made the response ready (usually the caller's, within
     * {@code send}), never under the cluster's lock. A {@code FetchResponse}'s records are retained slices of the
     * broker's stored batches, which the receiver releases; the records of a {@code ProduceRequest} stay the
     * sender's (the broker copies them).
     *
     * @param clientId the name it goes by in {@link ReceivedRequest#clientId()}, group member client ids and
     *     {@link Faults#disconnectClient}
     */
    public Transport transport(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        InProcessTransport t = new InProcessTransport(state, clientId);
        transports.add(t);
        return t;
    }

    /**
     * A new in-process transport whose requests are made as {@code User:<user>}, named {@code mock-client-N}. See
     * {@link #transportAs(String, String)}.
     */
    public Transport transportAs(String user) {
        return transportAs(user, "mock-client-" + transportCount.incrementAndGet());
    }

    /**
     * A new in-process {@link Transport}, as {@link #transport(String)}, whose requests are made as the principal
     * {@code User:<user>}, which the cluster's ACLs then apply to (see {@link Builder#acl}). It stands for a
     * connection that already authenticated: no password is checked, and the user need not be a
     * {@link Builder#saslUser SASL user} (those are for the TCP listener). {@link #transport()} makes requests as
     * {@code User:ANONYMOUS}, as an unauthenticated connection to Kafka does.
     *
     * @param user the user name, without the {@code User:} type
     * @param clientId the name it goes by in {@link ReceivedRequest#clientId()}
     * @throws IllegalArgumentException if {@code user} is empty or starts with {@code User:}
     */
    public Transport transportAs(String user, String clientId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(clientId, "clientId");
        if (user.isEmpty() || user.startsWith("User:")) {
            throw new IllegalArgumentException("user: '" + user + "' (expected: the user name alone, e.g. alice, "
                    + "for the principal User:alice)");
        }
        InProcessTransport t = new InProcessTransport(state, clientId, "User:" + user);
        transports.add(t);
        return t;
    }

    // ---------------------------------------------------------------- security

    /**
     * Adds ACLs now (an ACL already present is kept once); the next request is authorized against them. Adding an
     * ACL turns authorization on if the builder left it off, as configuring the first ACL does.
     *
     * @return how many of them were not present yet
     */
    public int addAcls(Acl... acls) {
        for (Acl a : acls) {
            Objects.requireNonNull(a, "acl");
        }
        return state.authorizer().add(Arrays.asList(acls));
    }

    /**
     * Removes these ACLs now (authorization stays on: with no ACL left, only super users may do anything).
     *
     * @return how many of them were present
     */
    public int removeAcls(Acl... acls) {
        Set<Acl> gone = Set.of(acls);
        return state.authorizer().remove(gone::contains).size();
    }

    /** The ACLs now, in the order they were added. */
    public List<Acl> acls() {
        return state.authorizer().acls();
    }

    /** Whether requests are authorized against ACLs (see {@link Builder#authorization(boolean)}). */
    public boolean isAuthorizationEnabled() {
        return state.authorizer().enabled();
    }

    /**
     * Adds a SASL user of the TCP listener, or changes its password, now (as Kafka's AlterUserScramCredentials);
     * connections that already authenticated stay.
     *
     * @throws IllegalStateException if the cluster was built with no SASL user (its listener is PLAINTEXT)
     * @throws IllegalArgumentException if the user or password is empty
     */
    public void addSaslUser(String user, String password) {
        Builder.requireUser(user, password);
        saslUsers("addSaslUser").put(user, password);
    }

    /**
     * Removes a SASL user now: its next authentication fails; connections that already authenticated stay.
     *
     * @return whether the user existed
     * @throws IllegalStateException if the cluster was built with no SASL user (its listener is PLAINTEXT)
     */
    public boolean removeSaslUser(String user) {
        return saslUsers("removeSaslUser").remove(user);
    }

    private SaslUsers saslUsers(String method) {
        SaslUsers users = state.saslUsers();
        if (users == null) {
            throw new IllegalStateException(method + ": this cluster's listener is PLAINTEXT (build it with a "
                    + "saslUser to make it SASL_PLAINTEXT)");
        }
        return users;
    }

    /**
     * Starts serving the Kafka wire protocol on one free loopback port per broker (idempotent). From then on every
     * broker advertises its real port in Metadata and FindCoordinator, in process too, so TCP clients and
     * in-process transports see the same cluster.
     *
     * @return the bootstrap servers, {@code 127.0.0.1:port,...}, for {@code bootstrap.servers}
     * @throws IllegalStateException if the cluster is closed or a port cannot be bound
     */
    public String listen() {
        return listen(0);
    }

    /**
     * As {@link #listen()}, on fixed ports: the i-th broker (in id order) on {@code firstPort + i}, for a mock that
     * other processes find at a known address (the standalone mock broker's {@code --port}). Once listening, the
     * ports stay as first bound.
     *
     * @param firstPort the first broker's port, {@code 1..65535}, or 0 for free ports
     * @return the bootstrap servers, {@code 127.0.0.1:port,...}
     * @throws IllegalArgumentException if {@code firstPort} is outside {@code 0..65535} or the last broker's port would
     *     exceed 65535
     * @throws IllegalStateException if the cluster is closed or a port cannot be bound (in use, say)
     */
    public String listen(int firstPort) {
        int last = firstPort + state.brokers().size() - 1;
        if (firstPort < 0 || (firstPort > 0 && last > 65_535)) {
            throw new IllegalArgumentException("port: " + firstPort + " (expected: 0 for free ports, or 1.."
                    + (65_536 - state.brokers().size()) + " for " + state.brokers().size() + " brokers)");
        }
        synchronized (listenerLock) {
            if (closed) {
                throw new IllegalStateException("mock cluster closed");
            }
            if (listener == null) {
                listener = new TcpListener(state, firstPort);
            }
            return bootstrapServers();
        }
    }

    /** Whether {@link #listen()} was called. */
    public boolean isListening() {
        synchronized (listenerLock) {
            return listener != null;
        }
    }

    /** The brokers' addresses, {@code 127.0.0.1:port,...} (placeholder ports 9092.. until {@link #listen()}). */
    public String bootstrapServers() {
        return state.brokers().stream().map(b -> BrokerState.HOST + ":" + b.port()).collect(Collectors.joining(","));
    }

    /** The brokers, running or not, in id order, with their advertised addresses. */
    public List<Node> brokers() {
        List<Node> out = new ArrayList<>();
        for (BrokerState b : state.brokers()) {
            out.add(b.node());
        }
        return out;
    }

    /** The broker with this id, with its advertised address. */
    public Node broker(int id) {
        BrokerState b = state.broker(id);
        if (b == null) {
            throw new IllegalArgumentException("no broker " + id + " in this cluster");
        }
        return b.node();
    }

    /** The cluster's clock (the builder's {@code time}). */
    public Time time() {
        return state.time();
    }

    /** The cluster id Metadata reports. */
    public String clusterId() {
        return state.config().clusterId();
    }

    /** Fault injection for this cluster. */
    public Faults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- topics

    /**
     * Creates a topic at once, as CreateTopics would.
     *
     * @throws ApiException with Kafka's error (topic exists, invalid name, too few brokers, bad config)
     */
    public void createTopic(String name, int partitions, int replicationFactor) {
        createTopic(name, partitions, replicationFactor, Map.of());
    }

    /**
     * Creates a topic with topic configs (Kafka's keys; the mock acts on {@code message.timestamp.type},
     * {@code retention.ms}, {@code retention.bytes}, {@code cleanup.policy}, {@code min.insync.replicas},
     * {@code max.message.bytes}, {@code delete.retention.ms} and stores the rest).
     *
     * @throws ApiException with Kafka's error (topic exists, invalid name, too few brokers, bad config)
     */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        inspection.createTopic(name, partitions, replicationFactor, configs);
    }

    /** The topics, in name order. */
    public List<String> topics() {
        return inspection.topics();
    }

    /** The number of partitions of a topic. @throws IllegalArgumentException if it does not exist */
    public int partitionCount(String topic) {
        return inspection.partitionCount(topic);
    }

    /** A topic's effective configs: the interpreted ones with their defaults, plus its overrides. */
    public Map<String, String> topicConfigs(String topic) {
        return inspection.topicConfigs(topic);
    }

    // ---------------------------------------------------------------- inspection

    /**
     * The state of a partition now: leader, epoch, replicas, ISR, log start and end offsets, high watermark.
     *
     * @throws IllegalArgumentException if the topic or partition does not exist
     */
    public PartitionSnapshot partition(String topic, int partition) {
        return inspection.partition(topic, partition);
    }

    /**
     * The records of a partition from its log start offset on, decoded (control records skipped).
     *
     * @throws IllegalArgumentException if the topic or partition does not exist
     */
    public List<MockRecord> records(String topic, int partition) {
        return inspection.records(topic, partition);
    }

    /**
     * The stored record batches of a partition, as bytes: exactly what a fetch returns, batch by batch, after the
     * broker rewrote base offsets and leader epochs (and LogAppendTime timestamps).
     */
    public List<byte[]> batches(String topic, int partition) {
        return inspection.batches(topic, partition);
    }

    /** A consumer group's state now, if the coordinator knows it (it ever joined or committed). */
    public Optional<GroupSnapshot> group(String groupId) {
        return inspection.group(groupId);
    }

    /** Every group the cluster knows. */
    public List<GroupSnapshot> groups() {
        return inspection.groups();
    }

    /**
     * The requests the brokers received, oldest first, up to the builder's {@code requestLogCapacity} most recent.
     */
    public List<ReceivedRequest> requests() {
        return inspection.requests();
    }

    /** The requests one broker received, oldest first. */
    public List<ReceivedRequest> requests(int brokerId) {
        return requests().stream().filter(r -> r.brokerId() == brokerId).collect(Collectors.toList());
    }

    /**
     * The requests of one API the brokers received, oldest first.
     *
     * @throws NullPointerException if {@code api} is null
     */
    public List<ReceivedRequest> requests(KafkaApi api) {
        Objects.requireNonNull(api, "api");
        return requests().stream().filter(r -> r.api() == api).collect(Collectors.toList());
    }

    /** Forgets the requests received so far. */
    public void clearRequests() {
        inspection.clearRequests();
    }

    /** How many fetches are parked waiting for {@code fetch.min.bytes} or their max wait. */
    public int parkedFetches() {
        return inspection.parkedFetches();
    }

    // ---------------------------------------------------------------- log cleaner

    /**
     * Runs the log cleaner once now, as the periodic check does every {@code retentionCheckInterval}: time and size
     * retention for topics with {@code cleanup.policy=delete}, compaction for {@code compact}.
     */
    public void enforceRetention() {
        state.enforceRetention();
    }

    /**
     * Compacts a topic now, whatever its cleanup policy: keeps the latest record per key (tombstones until
     * {@code delete.retention.ms}), offsets unchanged.
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public void compact(String topic) {
        state.compact(topic);
    }

    /**
     * Switches this cluster to client-only benchmark mode, for measuring a client's own throughput and CPU: from now
     * on every Produce is acknowledged at once without being decoded, checked or stored (base offsets count up per
     * partition), and every Fetch is answered at once, without a fetch session, with as many copies of one pre-built
     * batch of {@code recordsPerBatch} uncompressed records of {@code recordSize} bytes (null keys) as fit in the
     * partition's max bytes, renumbered from the fetch offset. Metadata, groups and offsets work as usual. There is no
     * way back; meant for benchmarks only (produced records are lost, fetched records are synthetic). Thread-safe.
     *
     * @param recordSize value size of the fetched records, bytes ({@code >= 0})
     * @param recordsPerBatch records in the served batch ({@code > 0})
     * @return this cluster
     * @throws IllegalArgumentException if a size is out of range
     */
    public MockCluster clientOnlyBenchmarkMode(int recordSize, int recordsPerBatch) {
        dev.samsa.mock.internal.ClientOnlyMode.install(state, recordSize, recordsPerBatch);
        return this;
    }

    // ---------------------------------------------------------------- fault hooks (called by Faults)

    void onBrokerStopped(int brokerId) {
        synchronized (listenerLock) {
            if (listener != null) {
                listener.brokerStopped(brokerId);
            }
        }
    }

    void onBrokerStarted(int brokerId) {
        synchronized (listenerLock) {
            if (listener != null) {
                listener.brokerStarted(brokerId);
            }
        }
    }

    int disconnectClient(String clientId) {
        int n = 0;
        for (InProcessTransport t : transports) {
            if (t.clientId().equals(clientId)) {
                t.disconnect("fault injected: client " + clientId + " disconnected");
                n++;
            }
        }
        synchronized (listenerLock) {
            if (listener != null) {
                n += listener.disconnectClient(clientId);
            }
        }
        return n;
    }

    /**
     * Stops the cluster: the TCP listener closes, transports' pending requests fail, later ones are refused, timers
     * stop and every stored batch is released. Idempotent.
     */
    @Override
    public void close() {
        synchronized (listenerLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (listener != null) {
                listener.close();
            }
        }
        state.close();
        for (InProcessTransport t : transports) {
            t.disconnect("mock cluster closed");
        }
    }

    @Override
    public String toString() {
        return "MockCluster(" + clusterId() + ", " + bootstrapServers() + ")";
    }

    /**
     * Configures a {@link MockCluster}. Setters validate at once and throw {@link IllegalArgumentException} naming
     * the setting, its value and what is accepted. Not thread-safe.
     */
    public static final class Builder {
        private int brokers = DEFAULT_BROKERS;
        private int firstBrokerId = 0;
        private Integer controllerId;
        private final Map<Integer, String> racks = new HashMap<>();
        private ReplicaSelector replicaSelector = ReplicaSelector.LEADER;
        private String clusterId;
        private boolean autoCreateTopics;
        private int numPartitions = DEFAULT_NUM_PARTITIONS;
        private int defaultReplicationFactor = DEFAULT_REPLICATION_FACTOR;
        private Time time = Time.SYSTEM;
        private long seed = DEFAULT_SEED;
        private Duration groupMinSessionTimeout = DEFAULT_GROUP_MIN_SESSION_TIMEOUT;
        private Duration groupMaxSessionTimeout = DEFAULT_GROUP_MAX_SESSION_TIMEOUT;
        private Duration groupInitialRebalanceDelay = DEFAULT_GROUP_INITIAL_REBALANCE_DELAY;
        private int messageMaxBytes = DEFAULT_MESSAGE_MAX_BYTES;
        private Duration retentionCheckInterval = DEFAULT_RETENTION_CHECK_INTERVAL;
        private int requestLogCapacity = DEFAULT_REQUEST_LOG_CAPACITY;
        private boolean encodeMessages;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private final Map<String, TopicSpec> topics = new LinkedHashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();
        private List<String> saslMechanisms = SaslUsers.MECHANISMS;
        private final List<Acl> acls = new ArrayList<>();
        private final Set<String> superUsers = new LinkedHashSet<>();
        private Boolean authorization;
        private boolean allowEveryoneIfNoAclFound;

        private Builder() {
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        /** The number of brokers, 1..64; default {@value #DEFAULT_BROKERS}. Ids run from {@link #firstBrokerId}. */
        public Builder brokers(int count) {
            require(count >= 1 && count <= 64, "brokers: " + count + " (expected: 1..64)");
            this.brokers = count;
            return this;
        }

        /** The id of the first broker, 0 (default) or more; the others follow: 0..N-1 or, with 1, 1..N. */
        public Builder firstBrokerId(int id) {
            require(id >= 0 && id <= 1_000_000, "firstBrokerId: " + id + " (expected: 0..1000000)");
            this.firstBrokerId = id;
            return this;
        }

        /** Which broker Metadata names as the controller; default the first broker. */
        public Builder controller(int brokerId) {
            this.controllerId = brokerId;
            return this;
        }

        /**
         * A broker's {@code broker.rack}; default none. Racks place replicas for rack-aware assignors and, with
         * {@link #replicaSelector(ReplicaSelector) ReplicaSelector.RACK_AWARE}, let consumers with a matching
         * {@code client.rack} fetch from a follower (KIP-392).
         */
        public Builder rack(int brokerId, String rack) {
            racks.put(brokerId, Objects.requireNonNull(rack, "rack"));
            return this;
        }

        /**
         * How partition leaders pick the replica a consumer fetches from (KIP-392), as the brokers'
         * {@code replica.selector.class}; default {@link ReplicaSelector#LEADER}, as in Kafka where the setting is
         * unset. Whatever the selector, followers serve the Fetch v11+ requests of consumers (up to the high
         * watermark, which in the mock is the log end offset).
         */
        public Builder replicaSelector(ReplicaSelector selector) {
            this.replicaSelector = Objects.requireNonNull(selector, "replicaSelector");
            return this;
        }

        /** The cluster id Metadata reports; default a 22-character id derived from the seed. */
        public Builder clusterId(String clusterId) {
            require(clusterId != null && !clusterId.isEmpty(), "clusterId: must not be empty");
            this.clusterId = clusterId;
            return this;
        }

        /**
         * Kafka's {@code auto.create.topics.enable}: a Metadata request naming a missing topic (and allowing it)
         * creates it with {@link #numPartitions} partitions and {@link #defaultReplicationFactor} replicas. Default
         * false (Kafka's default is true; tests usually want typos to fail).
         */
        public Builder autoCreateTopics(boolean enable) {
            this.autoCreateTopics = enable;
            return this;
        }

        /** Kafka's {@code num.partitions}; default {@value #DEFAULT_NUM_PARTITIONS}. */
        public Builder numPartitions(int partitions) {
            require(partitions >= 1, "numPartitions: " + partitions + " (expected: >= 1)");
            this.numPartitions = partitions;
            return this;
        }

        /** Kafka's {@code default.replication.factor}; default {@value #DEFAULT_REPLICATION_FACTOR}. */
        public Builder defaultReplicationFactor(int replicationFactor) {
            require(replicationFactor >= 1, "defaultReplicationFactor: " + replicationFactor + " (expected: >= 1)");
            this.defaultReplicationFactor = replicationFactor;
            return this;
        }

        /** A topic to create at start, with {@link #defaultReplicationFactor} replicas. */
        public Builder topic(String name, int partitions) {
            return topic(name, partitions, -1, Map.of());
        }

        /** A topic to create at start. */
        public Builder topic(String name, int partitions, int replicationFactor) {
            return topic(name, partitions, replicationFactor, Map.of());
        }

        /**
         * A topic to create at start, with topic configs ({@code message.timestamp.type}, {@code retention.ms},
         * {@code cleanup.policy}, ...; see {@link MockCluster#createTopic(String, int, int, Map)}).
         *
         * @param replicationFactor the replicas per partition, at most the broker count; -1 for the default
         */
        public Builder topic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
            Objects.requireNonNull(name, "name");
            require(partitions >= 1, "topic " + name + ": partitions " + partitions + " (expected: >= 1)");
            require(replicationFactor == -1 || replicationFactor >= 1, "topic " + name + ": replicationFactor "
                    + replicationFactor + " (expected: >= 1, or -1 for the default)");
            require(!topics.containsKey(name), "topic " + name + " is already configured");
            topics.put(name, new TopicSpec(name, partitions, replicationFactor, configs));
            return this;
        }

        /**
         * The clock every timeout of the cluster runs on; default {@link Time#SYSTEM}. Pass a {@link ManualTime}
         * (and build clients on {@code transport().time()}) to make the cluster deterministic.
         */
        public Builder time(Time time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** The seed of the cluster's random choices (ids); default {@value #DEFAULT_SEED}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Kafka's {@code group.min.session.timeout.ms}; default 6 s. */
        public Builder groupMinSessionTimeout(Duration timeout) {
            require(!timeout.isNegative(), "groupMinSessionTimeout: " + timeout + " (expected: >= 0)");
            this.groupMinSessionTimeout = timeout;
            return this;
        }

        /** Kafka's {@code group.max.session.timeout.ms}; default 30 min. */
        public Builder groupMaxSessionTimeout(Duration timeout) {
            require(!timeout.isNegative(), "groupMaxSessionTimeout: " + timeout + " (expected: >= 0)");
            this.groupMaxSessionTimeout = timeout;
            return this;
        }

        /** Kafka's {@code group.initial.rebalance.delay.ms}; default 0 (see the constant). */
        public Builder groupInitialRebalanceDelay(Duration delay) {
            require(!delay.isNegative(), "groupInitialRebalanceDelay: " + delay + " (expected: >= 0)");
            this.groupInitialRebalanceDelay = delay;
            return this;
        }

        /** Kafka's {@code message.max.bytes}, the default of topics' {@code max.message.bytes}. */
        public Builder messageMaxBytes(int bytes) {
            require(bytes >= 0, "messageMaxBytes: " + bytes + " (expected: >= 0)");
            this.messageMaxBytes = bytes;
            return this;
        }

        /**
         * Kafka's {@code log.retention.check.interval.ms}, on the cluster's clock; default 5 min; zero turns the
         * periodic log cleaner off ({@link MockCluster#enforceRetention()} still runs it).
         */
        public Builder retentionCheckInterval(Duration interval) {
            require(!interval.isNegative(), "retentionCheckInterval: " + interval + " (expected: >= 0)");
            this.retentionCheckInterval = interval;
            return this;
        }

        /** How many received requests {@link MockCluster#requests()} keeps; default 10000; 0 keeps none. */
        public Builder requestLogCapacity(int capacity) {
            require(capacity >= 0, "requestLogCapacity: " + capacity + " (expected: >= 0)");
            this.requestLogCapacity = capacity;
            return this;
        }

        /**
         * Whether the in-process transport encodes every request and response at the negotiated version and
         * decodes it again, as the wire would, so that a field the version cannot carry fails in process too (and
         * record bytes are copied as they would be). Default false: objects pass as they are.
         */
        public Builder encodeMessages(boolean encode) {
            this.encodeMessages = encode;
            return this;
        }

        /** Kafka's {@code socket.request.max.bytes} for the TCP listener; default 100 MiB. */
        public Builder maxRequestBytes(int bytes) {
            require(bytes >= 64, "maxRequestBytes: " + bytes + " (expected: >= 64)");
            this.maxRequestBytes = bytes;
            return this;
        }

        static void requireUser(String user, String password) {
            require(user != null && !user.isEmpty(), "saslUser: the user name must not be empty");
            require(password != null && !password.isEmpty(), "saslUser " + user + ": the password must not be empty");
        }

        /**
         * A SASL user of the TCP listener, for every enabled mechanism (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 by
         * default; SCRAM credentials with 4096 iterations, as {@code kafka-configs --add-config
         * SCRAM-SHA-256=[password=...]} makes them). With at least one user the listener is SASL_PLAINTEXT: every
         * connection must authenticate with SaslHandshake and SaslAuthenticate (KIP-152) before any request but
         * ApiVersions, and its requests are then made as {@code User:<user>}; a wrong password is answered with
         * SASL_AUTHENTICATION_FAILED and Kafka's message, and the connection closes. In-process transports are not
         * affected (see {@link MockCluster#transportAs(String)}).
         *
         * @throws IllegalArgumentException if the user or password is empty, or the user is already configured
         */
        public Builder saslUser(String user, String password) {
            requireUser(user, password);
            require(!saslUsers.containsKey(user), "saslUser " + user + " is already configured");
            saslUsers.put(user, password);
            return this;
        }

        /**
         * Kafka's {@code sasl.enabled.mechanisms} for the TCP listener (when it has SASL users): a non-empty subset
         * of {@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}; default all three. A handshake naming
         * another mechanism gets UNSUPPORTED_SASL_MECHANISM with this list.
         *
         * @throws IllegalArgumentException if empty or naming another mechanism
         */
        public Builder saslMechanisms(String... mechanisms) {
            require(mechanisms.length > 0, "saslMechanisms: must name at least one mechanism");
            for (String m : mechanisms) {
                require(SaslUsers.MECHANISMS.contains(m), "saslMechanisms: " + m + " (expected one of "
                        + SaslUsers.MECHANISMS + ")");
            }
            this.saslMechanisms = List.copyOf(new LinkedHashSet<>(Arrays.asList(mechanisms)));
            return this;
        }

        /**
         * ACLs to start with (see {@link Acl}); configuring one turns authorization on. With authorization on, every
         * request is authorized as Kafka's handlers do, per entity: Produce needs WRITE on each topic, Fetch READ,
         * Metadata, ListOffsets and OffsetForLeaderEpoch DESCRIBE (a topic listing leaves out topics the principal
         * may not describe; auto-creation also needs CREATE on the topic or cluster); CreateTopics CREATE,
         * DeleteTopics DELETE and CreatePartitions ALTER on the topic (CREATE on the cluster also lets one create any
         * topic); OffsetCommit READ on the group and on each topic, OffsetFetch DESCRIBE on both; JoinGroup,
         * SyncGroup, Heartbeat and LeaveGroup READ on the group; FindCoordinator and DescribeGroups DESCRIBE on the
         * group (or WRITE... on a transactional id), DeleteGroups DELETE; ListGroups lists the groups the principal
         * may describe (all of them with DESCRIBE on the cluster); InitProducerId IDEMPOTENT_WRITE on the cluster or
         * WRITE on any topic (KIP-679), or WRITE on its transactional id. Refusals are Kafka's errors:
         * TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED,
         * TRANSACTIONAL_ID_AUTHORIZATION_FAILED. ApiVersions and SASL need no permission.
         */
        public Builder acl(Acl... acls) {
            for (Acl a : acls) {
                this.acls.add(Objects.requireNonNull(a, "acl"));
            }
            return this;
        }

        /**
         * A principal allowed every operation on every resource whatever the ACLs say (Kafka's {@code super.users});
         * configuring one turns authorization on.
         *
         * @param principal {@code Type:name}, e.g. {@code User:admin}
         * @throws IllegalArgumentException if not of the form {@code Type:name}
         */
        public Builder superUser(String principal) {
            int colon = principal == null ? -1 : principal.indexOf(':');
            require(colon > 0 && colon < principal.length() - 1, "superUser: '" + principal
                    + "' (expected: Type:name, e.g. User:admin)");
            superUsers.add(principal);
            return this;
        }

        /**
         * Whether requests are authorized against ACLs, as a broker with {@code authorizer.class.name} set; default:
         * on if an {@link #acl ACL} or a {@link #superUser super user} is configured, else off (everyone may do
         * everything). With it on and no ACL, only super users may do anything (add ACLs later with
         * {@link MockCluster#addAcls}).
         */
        public Builder authorization(boolean enable) {
            this.authorization = enable;
            return this;
        }

        /**
         * Kafka's {@code allow.everyone.if.no.acl.found}: with authorization on, a resource that no ACL names is
         * open to everyone. Default false, as Kafka.
         */
        public Builder allowEveryoneIfNoAclFound(boolean allow) {
            this.allowEveryoneIfNoAclFound = allow;
            return this;
        }

        /**
         * Starts the cluster.
         *
         * @throws IllegalArgumentException if the controller or a rack names a broker that does not exist, a
         *     topic's replication factor exceeds the broker count, a topic name or config is invalid, or
         *     authorization is turned off while ACLs or super users are configured
         */
        public MockCluster build() {
            int last = firstBrokerId + brokers - 1;
            int controller = controllerId == null ? firstBrokerId : controllerId;
            require(controller >= firstBrokerId && controller <= last, "controller: " + controller
                    + " (expected: a broker id in " + firstBrokerId + ".." + last + ")");
            for (int id : racks.keySet()) {
                require(id >= firstBrokerId && id <= last, "rack: broker " + id + " (expected: a broker id in "
                        + firstBrokerId + ".." + last + ")");
            }
            require(groupMinSessionTimeout.compareTo(groupMaxSessionTimeout) <= 0, "groupMinSessionTimeout "
                    + groupMinSessionTimeout + " is above groupMaxSessionTimeout " + groupMaxSessionTimeout);
            require(defaultReplicationFactor <= brokers, "defaultReplicationFactor: " + defaultReplicationFactor
                    + " (expected: at most the " + brokers + " brokers)");
            List<TopicSpec> specs = new ArrayList<>();
            for (TopicSpec t : topics.values()) {
                int rf = t.replicationFactor() == -1 ? defaultReplicationFactor : t.replicationFactor();
                require(rf <= brokers, "topic " + t.name() + ": replicationFactor " + rf + " (expected: at most the "
                        + brokers + " brokers)");
                specs.add(new TopicSpec(t.name(), t.partitions(), rf, t.configs()));
            }
            String id = clusterId != null ? clusterId : defaultClusterId(seed);
            ClusterConfig config = new ClusterConfig(id, brokers, firstBrokerId, controller, racks, autoCreateTopics,
                    numPartitions, defaultReplicationFactor, time, seed, (int) groupMinSessionTimeout.toMillis(),
                    (int) Math.min(Integer.MAX_VALUE, groupMaxSessionTimeout.toMillis()),
                    (int) groupInitialRebalanceDelay.toMillis(), messageMaxBytes, retentionCheckInterval.toMillis(),
                    requestLogCapacity, encodeMessages, maxRequestBytes, specs, replicaSelector);
            boolean secured = !acls.isEmpty() || !superUsers.isEmpty();
            require(authorization == null || authorization || !secured, "authorization(false) with "
                    + acls.size() + " ACL(s) and " + superUsers.size() + " super user(s) configured");
            SecurityConfig security = new SecurityConfig(saslUsers, saslMechanisms, 4096,
                    authorization != null ? authorization : secured, acls, superUsers, allowEveryoneIfNoAclFound);
            try {
                return new MockCluster(config, security);
            } catch (ApiException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        private static String defaultClusterId(long seed) {
            Random r = new Random(seed ^ 0xC1A57E2L);
            ByteBuffer b = ByteBuffer.allocate(16).putLong(r.nextLong()).putLong(r.nextLong());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        }
    }
}
