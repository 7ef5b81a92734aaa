package dev.samsa.consumer;

import static dev.samsa.internal.config.ConfigValues.atLeast;
import static dev.samsa.internal.config.ConfigValues.bool;
import static dev.samsa.internal.config.ConfigValues.checkBootstrapServers;
import static dev.samsa.internal.config.ConfigValues.intValue;
import static dev.samsa.internal.config.ConfigValues.longValue;
import static dev.samsa.internal.config.ConfigValues.millis;
import static dev.samsa.internal.config.ConfigValues.string;

import dev.samsa.errors.ConfigException;
import dev.samsa.internal.consumer.ConsumerSettings;
import dev.samsa.internal.consumer.SamsaConsumer;
import dev.samsa.serde.Deserializer;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures and builds a {@link Consumer}. Obtained from {@link Consumer#builder(Deserializer, Deserializer)}.
 *
 * <pre>{@code
 * Consumer<String, String> consumer = Consumer.builder(Deserializers.forString(), Deserializers.forString())
 *         .transport(transport)
 *         .groupId("billing")
 *         .autoOffsetReset(AutoOffsetReset.EARLIEST)
 *         .maxPollRecords(200)
 *         .build();
 * }</pre>
 *
 * <p>Every setting has a typed setter that validates at once and throws {@link ConfigException} naming the Kafka
 * config key, the value and what is accepted; defaults are the {@code DEFAULT_*} constants, equal to Apache Kafka
 * 4.1's. Kafka's string keys are a second door: {@link #config(Map)} and {@link #config(Properties)} map each key onto
 * the same checks (see {@link #config(Map)} for the keys). {@link #build()} checks the cross-field rules as Kafka
 * does.
 *
 * <p>Not thread-safe: configure on one thread. A builder may build several consumers; each gets the settings as they
 * were at {@code build()}.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public final class ConsumerBuilder<K, V> {
    private static final Logger log = LoggerFactory.getLogger(ConsumerBuilder.class);

    /** Default {@code auto.offset.reset}: {@link AutoOffsetReset#LATEST}. */
    public static final AutoOffsetReset DEFAULT_AUTO_OFFSET_RESET = AutoOffsetReset.LATEST;
    /** Default {@code enable.auto.commit}: true (turned off when there is no {@code group.id}). */
    public static final boolean DEFAULT_ENABLE_AUTO_COMMIT = true;
    /** Default {@code auto.commit.interval.ms}: 5 s. */
    public static final Duration DEFAULT_AUTO_COMMIT_INTERVAL = Duration.ofSeconds(5);
    /** Default {@code max.poll.records}: 500. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    /** Default {@code max.poll.interval.ms}: 5 minutes. */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);
    /** Default {@code session.timeout.ms}: 45 s (Kafka 3.0+, KIP-735). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** Default {@code heartbeat.interval.ms}: 3 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    /** Default {@code fetch.min.bytes}: 1 byte. */
    public static final int DEFAULT_FETCH_MIN_BYTES = 1;
    /** Default {@code fetch.max.bytes}: 52428800 bytes (50 MiB). */
    public static final int DEFAULT_FETCH_MAX_BYTES = 50 * 1024 * 1024;
    /** Default {@code max.partition.fetch.bytes}: 1048576 bytes (1 MiB). */
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;
    /** Default {@code fetch.max.wait.ms}: 500 ms. */
    public static final Duration DEFAULT_FETCH_MAX_WAIT = Duration.ofMillis(500);
    /** Default {@code isolation.level}: {@link IsolationLevel#READ_UNCOMMITTED}. */
    public static final IsolationLevel DEFAULT_ISOLATION_LEVEL = IsolationLevel.READ_UNCOMMITTED;
    /** Default {@code partition.assignment.strategy}: range, then cooperative-sticky (Kafka 3.0+). */
    public static final List<AssignmentStrategy> DEFAULT_ASSIGNMENT_STRATEGIES =
            List.of(AssignmentStrategy.RANGE, AssignmentStrategy.COOPERATIVE_STICKY);
    /** Default {@code client.rack}: empty (none). */
    public static final String DEFAULT_CLIENT_RACK = "";
    /** Default {@code check.crcs}: true. */
    public static final boolean DEFAULT_CHECK_CRCS = true;
    /** Default {@code client.id}: empty, meaning a generated {@code samsa-consumer-N}. */
    public static final String DEFAULT_CLIENT_ID = "";
    /** Default {@code request.timeout.ms}: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code default.api.timeout.ms}: 60 s. */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofMinutes(1);
    /** Default {@code retry.backoff.ms}: 100 ms. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default {@code retry.backoff.max.ms}: 1 s (KIP-580). */
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(1);
    /** Default {@code metadata.max.age.ms}: 5 minutes. */
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofMinutes(5);
    /** Default {@code allow.auto.create.topics}: true. */
    public static final boolean DEFAULT_ALLOW_AUTO_CREATE_TOPICS = true;
    /** Default {@code exclude.internal.topics}: true. */
    public static final boolean DEFAULT_EXCLUDE_INTERNAL_TOPICS = true;

    /** Keys the transport owns or that have no effect in Samsa: validated loosely, then ignored. */
    private static final Set<String> IGNORED_KEYS = Set.of("client.dns.lookup", "connections.max.idle.ms",
            "reconnect.backoff.ms", "reconnect.backoff.max.ms", "socket.connection.setup.timeout.ms",
            "socket.connection.setup.timeout.max.ms", "send.buffer.bytes", "receive.buffer.bytes", "security.protocol",
            "security.providers", "metadata.recovery.strategy", "metadata.recovery.rebootstrap.trigger.ms",
            "metric.reporters", "metrics.num.samples", "metrics.recording.level", "metrics.sample.window.ms",
            "auto.include.jmx.reporter", "enable.metrics.push", "key.deserializer", "value.deserializer",
            "group.remote.assignor");
    private static final List<String> IGNORED_PREFIXES = List.of("ssl.", "sasl.");

    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private Transport transport;
    private String groupId;
    private String groupInstanceId;
    private AutoOffsetReset autoOffsetReset = DEFAULT_AUTO_OFFSET_RESET;
    private Boolean enableAutoCommit;
    private long autoCommitIntervalMs = DEFAULT_AUTO_COMMIT_INTERVAL.toMillis();
    private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
    private int maxPollIntervalMs = (int) DEFAULT_MAX_POLL_INTERVAL.toMillis();
    private int sessionTimeoutMs = (int) DEFAULT_SESSION_TIMEOUT.toMillis();
    private int heartbeatIntervalMs = (int) DEFAULT_HEARTBEAT_INTERVAL.toMillis();
    private int fetchMinBytes = DEFAULT_FETCH_MIN_BYTES;
    private int fetchMaxBytes = DEFAULT_FETCH_MAX_BYTES;
    private int maxPartitionFetchBytes = DEFAULT_MAX_PARTITION_FETCH_BYTES;
    private int fetchMaxWaitMs = (int) DEFAULT_FETCH_MAX_WAIT.toMillis();
    private IsolationLevel isolationLevel = DEFAULT_ISOLATION_LEVEL;
    private List<AssignmentStrategy> assignmentStrategies = DEFAULT_ASSIGNMENT_STRATEGIES;
    private String clientRack = DEFAULT_CLIENT_RACK;
    private boolean checkCrcs = DEFAULT_CHECK_CRCS;
    private String clientId = DEFAULT_CLIENT_ID;
    private int requestTimeoutMs = (int) DEFAULT_REQUEST_TIMEOUT.toMillis();
    private long defaultApiTimeoutMs = DEFAULT_API_TIMEOUT.toMillis();
    private long retryBackoffMs = DEFAULT_RETRY_BACKOFF.toMillis();
    private long retryBackoffMaxMs = DEFAULT_RETRY_BACKOFF_MAX.toMillis();
    private long metadataMaxAgeMs = DEFAULT_METADATA_MAX_AGE.toMillis();
    private boolean allowAutoCreateTopics = DEFAULT_ALLOW_AUTO_CREATE_TOPICS;
    private boolean excludeInternalTopics = DEFAULT_EXCLUDE_INTERNAL_TOPICS;

    ConsumerBuilder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    }

    /**
     * The transport to reach the cluster through (required). The consumer never closes it: close it after every
     * client built on it. Its {@link Transport#time()} drives every timer of the consumer.
     *
     * <p>Any number of consumers and producers may share one transport. A consumer with a {@code group.id} talks
     * through {@link Transport#withOwnConnections()}, a view with connections of its own that it closes on
     * {@link Consumer#close}: a broker processes one request at a time per connection and holds a JoinGroup until
     * every member has rejoined, so members of one group sharing connections would block each other's heartbeats.
     *
     * @throws NullPointerException if {@code transport} is null
     */
    public ConsumerBuilder<K, V> transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * {@code group.id}: the consumer group this consumer commits offsets to and, with {@link Consumer#subscribe},
     * joins. Required for subscribing and committing. Default none.
     *
     * @throws ConfigException if blank
     */
    public ConsumerBuilder<K, V> groupId(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new ConfigException("group.id", "'" + groupId + "'", "a non-blank group name");
        }
        this.groupId = groupId;
        return this;
    }

    /**
     * {@code group.instance.id} (KIP-345): makes this consumer a static member of its group. A static member that
     * restarts within {@code session.timeout.ms} gets its partitions back without a rebalance; it does not leave the
     * group on close. Must be unique within the group. Default none (a dynamic member).
     *
     * @throws ConfigException if empty, longer than 249 characters, or not made of {@code [a-zA-Z0-9._-]}
     */
    public ConsumerBuilder<K, V> groupInstanceId(String groupInstanceId) {
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        if (groupInstanceId.isEmpty() || groupInstanceId.length() > 249
                || !groupInstanceId.matches("[a-zA-Z0-9._-]+")) {
            throw new ConfigException("group.instance.id", "'" + groupInstanceId + "'",
                    "1 to 249 characters of [a-zA-Z0-9._-]");
        }
        this.groupInstanceId = groupInstanceId;
        return this;
    }

    /** {@code auto.offset.reset}: see {@link AutoOffsetReset}. Default {@link #DEFAULT_AUTO_OFFSET_RESET}. */
    public ConsumerBuilder<K, V> autoOffsetReset(AutoOffsetReset reset) {
        this.autoOffsetReset = Objects.requireNonNull(reset, "autoOffsetReset");
        return this;
    }

    /**
     * {@code enable.auto.commit}: commit the positions reached by earlier polls every {@code auto.commit.interval.ms}
     * (checked in {@link Consumer#poll}), before a rebalance revokes partitions, and on close. Default
     * {@link #DEFAULT_ENABLE_AUTO_COMMIT}; without a {@code group.id} it is off, and setting it to true fails
     * {@link #build()}.
     */
    public ConsumerBuilder<K, V> enableAutoCommit(boolean enable) {
        this.enableAutoCommit = enable;
        return this;
    }

    /**
     * {@code auto.commit.interval.ms}: how often auto-commit commits. Default {@link #DEFAULT_AUTO_COMMIT_INTERVAL}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> autoCommitInterval(Duration interval) {
        this.autoCommitIntervalMs = millis("auto.commit.interval.ms", interval, Integer.MAX_VALUE);
        return this;
    }

    /**
     * {@code max.poll.records}: the most records one {@link Consumer#poll} returns. Default
     * {@link #DEFAULT_MAX_POLL_RECORDS}.
     *
     * @throws ConfigException if below 1
     */
    public ConsumerBuilder<K, V> maxPollRecords(int max) {
        this.maxPollRecords = (int) atLeast("max.poll.records", max, 1);
        return this;
    }

    /**
     * {@code max.poll.interval.ms}: the longest time between two polls before the consumer leaves its group (its
     * partitions go to other members); also the rebalance timeout sent in JoinGroup, the time the group waits for
     * members to rejoin. Default {@link #DEFAULT_MAX_POLL_INTERVAL}.
     *
     * @throws ConfigException if below 1 ms or above {@code Integer.MAX_VALUE} ms
     */
    public ConsumerBuilder<K, V> maxPollInterval(Duration interval) {
        this.maxPollIntervalMs = (int) atLeast("max.poll.interval.ms",
                millis("max.poll.interval.ms", interval, Integer.MAX_VALUE), 1);
        return this;
    }

    /**
     * {@code session.timeout.ms}: the group coordinator evicts the member if no heartbeat arrives for this long. Must
     * lie within the broker's {@code group.min.session.timeout.ms} .. {@code group.max.session.timeout.ms} (6 s .. 30
     * min by default), else joining fails with {@link dev.samsa.errors.InvalidSessionTimeoutException}. Default
     * {@link #DEFAULT_SESSION_TIMEOUT}.
     *
     * @throws ConfigException if below 1 ms or above {@code Integer.MAX_VALUE} ms
     */
    public ConsumerBuilder<K, V> sessionTimeout(Duration timeout) {
        this.sessionTimeoutMs = (int) atLeast("session.timeout.ms",
                millis("session.timeout.ms", timeout, Integer.MAX_VALUE), 1);
        return this;
    }

    /**
     * {@code heartbeat.interval.ms}: how often a group member heartbeats (on a timer, whether or not the
     * application polls); must be below {@code session.timeout.ms}, typically a third of it. Default
     * {@link #DEFAULT_HEARTBEAT_INTERVAL}.
     *
     * @throws ConfigException if below 1 ms or above {@code Integer.MAX_VALUE} ms
     */
    public ConsumerBuilder<K, V> heartbeatInterval(Duration interval) {
        this.heartbeatIntervalMs = (int) atLeast("heartbeat.interval.ms",
                millis("heartbeat.interval.ms", interval, Integer.MAX_VALUE), 1);
        return this;
    }

    /**
     * {@code fetch.min.bytes}: the broker holds a fetch until this many bytes are available or
     * {@code fetch.max.wait.ms} passes. Default {@link #DEFAULT_FETCH_MIN_BYTES}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> fetchMinBytes(int bytes) {
        this.fetchMinBytes = (int) atLeast("fetch.min.bytes", bytes, 0);
        return this;
    }

    /**
     * {@code fetch.max.bytes}: the most bytes a broker returns for one fetch (at least one record batch is returned
     * even if larger). Default {@link #DEFAULT_FETCH_MAX_BYTES}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> fetchMaxBytes(int bytes) {
        this.fetchMaxBytes = (int) atLeast("fetch.max.bytes", bytes, 0);
        return this;
    }

    /**
     * {@code max.partition.fetch.bytes}: the most bytes a broker returns per partition in one fetch (at least one
     * record batch is returned even if larger). Default {@link #DEFAULT_MAX_PARTITION_FETCH_BYTES}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> maxPartitionFetchBytes(int bytes) {
        this.maxPartitionFetchBytes = (int) atLeast("max.partition.fetch.bytes", bytes, 0);
        return this;
    }

    /**
     * {@code fetch.max.wait.ms}: how long the broker may hold a fetch waiting for {@code fetch.min.bytes}. Default
     * {@link #DEFAULT_FETCH_MAX_WAIT}.
     *
     * @throws ConfigException if negative or above {@code Integer.MAX_VALUE} ms
     */
    public ConsumerBuilder<K, V> fetchMaxWait(Duration wait) {
        this.fetchMaxWaitMs = (int) millis("fetch.max.wait.ms", wait, Integer.MAX_VALUE);
        return this;
    }

    /** {@code isolation.level}: see {@link IsolationLevel}. Default {@link #DEFAULT_ISOLATION_LEVEL}. */
    public ConsumerBuilder<K, V> isolationLevel(IsolationLevel level) {
        this.isolationLevel = Objects.requireNonNull(level, "isolationLevel");
        return this;
    }

    /**
     * {@code partition.assignment.strategy}: the assignors offered in JoinGroup, most preferred first; the group
     * picks the first one every member supports. Default {@link #DEFAULT_ASSIGNMENT_STRATEGIES}.
     *
     * @throws ConfigException if empty or holding duplicates
     */
    public ConsumerBuilder<K, V> assignmentStrategies(AssignmentStrategy... strategies) {
        return assignmentStrategies(List.of(strategies));
    }

    /**
     * {@code partition.assignment.strategy}, as a list: see {@link #assignmentStrategies(AssignmentStrategy...)}.
     *
     * @throws ConfigException if empty or holding duplicates
     */
    public ConsumerBuilder<K, V> assignmentStrategies(List<AssignmentStrategy> strategies) {
        Objects.requireNonNull(strategies, "strategies");
        if (strategies.isEmpty() || new LinkedHashSet<>(strategies).size() != strategies.size()) {
            throw new ConfigException("partition.assignment.strategy", strategies,
                    "a non-empty list of distinct assignors");
        }
        this.assignmentStrategies = List.copyOf(strategies);
        return this;
    }

    /**
     * {@code client.rack}: the rack this consumer runs in, sent in Fetch requests (KIP-392) and in the group
     * subscription (KIP-881). Default {@link #DEFAULT_CLIENT_RACK} (none).
     *
     * <p>It enables fetching from the closest replica (KIP-392) when the brokers have a replica selector
     * ({@code replica.selector.class}, e.g. {@code org.apache.kafka.common.replica.RackAwareReplicaSelector}) and
     * take Fetch v11 or later: a partition's leader may then name a follower in this rack, and the consumer fetches
     * that partition from it until {@code metadata.max.age.ms} passes, the leadership changes, the metadata shows the
     * follower offline or out of the ISR, or a fetch from it fails; then it asks the leader again. A follower serves
     * records up to its high watermark, which may trail the leader's a little. Offset lookups and position
     * validation still go to the leader. Without a selector on the brokers, every partition is read from its leader.
     */
    public ConsumerBuilder<K, V> clientRack(String rack) {
        this.clientRack = Objects.requireNonNull(rack, "clientRack");
        return this;
    }

    /**
     * {@code check.crcs}: verify the CRC32C of every fetched record batch; a mismatch fails {@code poll} with
     * {@link dev.samsa.errors.CorruptRecordException} naming the partition and offset. Default
     * {@link #DEFAULT_CHECK_CRCS}.
     */
    public ConsumerBuilder<K, V> checkCrcs(boolean check) {
        this.checkCrcs = check;
        return this;
    }

    /**
     * {@code client.id}: a name for logs. The transport's own client id is what brokers see. Default
     * {@link #DEFAULT_CLIENT_ID}: a generated {@code samsa-consumer-N}.
     */
    public ConsumerBuilder<K, V> clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /**
     * {@code request.timeout.ms}: bounds requests the consumer sends with a broker-side wait (JoinGroup waits up to
     * the rebalance timeout on top of it); the transport applies its own request timeout to each request. Default
     * {@link #DEFAULT_REQUEST_TIMEOUT}.
     *
     * @throws ConfigException if negative or above {@code Integer.MAX_VALUE} ms
     */
    public ConsumerBuilder<K, V> requestTimeout(Duration timeout) {
        this.requestTimeoutMs = (int) millis("request.timeout.ms", timeout, Integer.MAX_VALUE);
        return this;
    }

    /**
     * {@code default.api.timeout.ms}: how long the blocking calls without a timeout argument wait
     * ({@code commitSync()}, {@code committed}, {@code position}, {@code partitionsFor}, the offset lookups). Default
     * {@link #DEFAULT_API_TIMEOUT}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> defaultApiTimeout(Duration timeout) {
        this.defaultApiTimeoutMs = millis("default.api.timeout.ms", timeout, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code retry.backoff.ms}: the first wait before retrying a failed request; it doubles per attempt up to
     * {@code retry.backoff.max.ms}, with +/-20% jitter (KIP-580). Default {@link #DEFAULT_RETRY_BACKOFF}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> retryBackoff(Duration backoff) {
        this.retryBackoffMs = millis("retry.backoff.ms", backoff, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code retry.backoff.max.ms} (KIP-580): the cap of the exponential retry backoff. Default
     * {@link #DEFAULT_RETRY_BACKOFF_MAX}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> retryBackoffMax(Duration backoff) {
        this.retryBackoffMaxMs = millis("retry.backoff.max.ms", backoff, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code metadata.max.age.ms}: how old cluster metadata may get before it is refreshed; also how often a pattern
     * subscription looks for new topics, and how long a partition is fetched from the replica its leader preferred
     * before the leader is asked again (KIP-392, see {@link #clientRack}). Default {@link #DEFAULT_METADATA_MAX_AGE}.
     *
     * @throws ConfigException if negative
     */
    public ConsumerBuilder<K, V> metadataMaxAge(Duration maxAge) {
        this.metadataMaxAgeMs = millis("metadata.max.age.ms", maxAge, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code allow.auto.create.topics}: whether metadata requests for subscribed or assigned topics may create them
     * on a broker with {@code auto.create.topics.enable}. Default {@link #DEFAULT_ALLOW_AUTO_CREATE_TOPICS}.
     */
    public ConsumerBuilder<K, V> allowAutoCreateTopics(boolean allow) {
        this.allowAutoCreateTopics = allow;
        return this;
    }

    /**
     * {@code exclude.internal.topics}: whether a pattern subscription skips internal topics such as
     * {@code __consumer_offsets}. Default {@link #DEFAULT_EXCLUDE_INTERNAL_TOPICS}.
     */
    public ConsumerBuilder<K, V> excludeInternalTopics(boolean exclude) {
        this.excludeInternalTopics = exclude;
        return this;
    }

    /**
     * Applies Kafka consumer config keys. Values may be strings (as in a properties file), numbers, booleans, or
     * for lists a {@link Collection} or comma-separated string. Keys applied, with the same checks as their setters:
     * {@code group.id}, {@code group.instance.id}, {@code auto.offset.reset}, {@code enable.auto.commit},
     * {@code auto.commit.interval.ms}, {@code max.poll.records}, {@code max.poll.interval.ms},
     * {@code session.timeout.ms}, {@code heartbeat.interval.ms}, {@code fetch.min.bytes}, {@code fetch.max.bytes},
     * {@code max.partition.fetch.bytes}, {@code fetch.max.wait.ms}, {@code isolation.level},
     * {@code partition.assignment.strategy} (protocol names or the official class names), {@code client.rack},
     * {@code check.crcs}, {@code client.id}, {@code request.timeout.ms}, {@code default.api.timeout.ms},
     * {@code retry.backoff.ms}, {@code retry.backoff.max.ms}, {@code metadata.max.age.ms},
     * {@code allow.auto.create.topics}, {@code exclude.internal.topics}.
     *
     * <p>{@code group.protocol} must be {@code classic} (the KIP-848 {@code consumer} protocol is not supported yet).
     * Accepted and ignored: {@code bootstrap.servers} (checked to be a non-empty list of {@code host:port}; the
     * transport owns the addresses), the transport's connection keys ({@code client.dns.lookup},
     * {@code connections.max.idle.ms}, {@code reconnect.backoff.*}, {@code socket.connection.setup.timeout.*},
     * {@code send.buffer.bytes}, {@code receive.buffer.bytes}, {@code security.protocol}, {@code ssl.*},
     * {@code sasl.*}), metrics keys, {@code group.remote.assignor}, and
     * {@code key.deserializer}/{@code value.deserializer} (the deserializers given to {@link Consumer#builder} win).
     * Rejected: a non-empty {@code interceptor.classes}, and any other key.
     *
     * @param config the keys and values; later keys overwrite earlier settings
     * @return this builder
     * @throws ConfigException at once, naming the key, the value and what is accepted, for an unknown key or a bad
     *     value
     */
    public ConsumerBuilder<K, V> config(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        for (Map.Entry<String, ?> e : config.entrySet()) {
            apply(Objects.requireNonNull(e.getKey(), "config key"), e.getValue());
        }
        return this;
    }

    /**
     * Applies Kafka consumer config keys from {@code properties}, as {@link #config(Map)}.
     *
     * @throws ConfigException for an unknown key or a bad value
     */
    public ConsumerBuilder<K, V> config(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        for (String name : properties.stringPropertyNames()) {
            apply(name, properties.getProperty(name));
        }
        return this;
    }

    /**
     * Builds the consumer. It sends nothing until the first call that needs the cluster ({@code poll},
     * {@code position}, ...).
     *
     * @return a new, thread-safe consumer
     * @throws ConfigException if no transport was set, or a cross-field rule fails: {@code heartbeat.interval.ms}
     *     must be below {@code session.timeout.ms} when there is a {@code group.id}; {@code enable.auto.commit=true}
     *     and {@code group.instance.id} need a {@code group.id}
     */
    public Consumer<K, V> build() {
        return new SamsaConsumer<>(settings(), transport, keyDeserializer, valueDeserializer);
    }

    /** The resolved settings; build() without constructing the consumer, for tests. */
    ConsumerSettings settings() {
        if (transport == null) {
            throw new ConfigException("No transport: call transport(...) before build(); the transport owns "
                    + "bootstrap.servers and the connections");
        }
        boolean autoCommit;
        if (groupId == null) {
            if (Boolean.TRUE.equals(enableAutoCommit)) {
                throw new ConfigException("enable.auto.commit", true, "false when no group.id is set");
            }
            if (groupInstanceId != null) {
                throw new ConfigException("group.instance.id", groupInstanceId, "unset when no group.id is set");
            }
            autoCommit = false;
        } else {
            autoCommit = enableAutoCommit == null ? DEFAULT_ENABLE_AUTO_COMMIT : enableAutoCommit;
            if (heartbeatIntervalMs >= sessionTimeoutMs) {
                throw new ConfigException("heartbeat.interval.ms", heartbeatIntervalMs,
                        "< session.timeout.ms = " + sessionTimeoutMs);
            }
        }
        return new ConsumerSettings(groupId, groupInstanceId, autoOffsetReset, autoCommit, autoCommitIntervalMs,
                maxPollRecords, maxPollIntervalMs, sessionTimeoutMs, heartbeatIntervalMs, fetchMinBytes,
                fetchMaxBytes, maxPartitionFetchBytes, fetchMaxWaitMs, isolationLevel, assignmentStrategies,
                clientRack, checkCrcs, clientId, requestTimeoutMs, defaultApiTimeoutMs, retryBackoffMs,
                Math.max(retryBackoffMs, retryBackoffMaxMs), metadataMaxAgeMs, allowAutoCreateTopics,
                excludeInternalTopics);
    }

    private void apply(String key, Object value) {
        switch (key) {
            case "group.id" -> {
                if (value == null) {
                    groupId = null;
                } else {
                    String s = string(key, value);
                    if (s.isBlank()) {
                        throw new ConfigException(key, "'" + s + "'", "a non-blank group name");
                    }
                    groupId = s;
                }
            }
            case "group.instance.id" -> {
                if (value == null) {
                    groupInstanceId = null;
                } else {
                    groupInstanceId(string(key, value));
                }
            }
            case "group.protocol" -> {
                String s = string(key, value).trim();
                if (!s.equalsIgnoreCase("classic")) {
                    throw new ConfigException(key, value, "classic (the consumer protocol of KIP-848 is not supported "
                            + "yet)");
                }
            }
            case "auto.offset.reset" -> {
                try {
                    autoOffsetReset(AutoOffsetReset.forConfigValue(string(key, value)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, value, "earliest, latest, none or by_duration:<ISO-8601 duration>");
                }
            }
            case "enable.auto.commit" -> enableAutoCommit(bool(key, value));
            case "auto.commit.interval.ms" -> autoCommitIntervalMs = atLeast(key, intValue(key, value), 0);
            case "max.poll.records" -> maxPollRecords(intValue(key, value));
            case "max.poll.interval.ms" -> maxPollIntervalMs = (int) atLeast(key, intValue(key, value), 1);
            case "session.timeout.ms" -> sessionTimeoutMs = (int) atLeast(key, intValue(key, value), 1);
            case "heartbeat.interval.ms" -> heartbeatIntervalMs = (int) atLeast(key, intValue(key, value), 1);
            case "fetch.min.bytes" -> fetchMinBytes(intValue(key, value));
            case "fetch.max.bytes" -> fetchMaxBytes(intValue(key, value));
            case "max.partition.fetch.bytes" -> maxPartitionFetchBytes(intValue(key, value));
            case "fetch.max.wait.ms" -> fetchMaxWaitMs = (int) atLeast(key, intValue(key, value), 0);
            case "isolation.level" -> {
                try {
                    isolationLevel(IsolationLevel.forConfigValue(string(key, value)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, value, "read_uncommitted or read_committed");
                }
            }
            case "partition.assignment.strategy" -> {
                List<AssignmentStrategy> list = new ArrayList<>();
                for (String name : list(key, value)) {
                    try {
                        list.add(AssignmentStrategy.forConfigValue(name));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(key, value, "a list of range, roundrobin, sticky, "
                                + "cooperative-sticky or the official assignor class names");
                    }
                }
                assignmentStrategies(list);
            }
            case "client.rack" -> clientRack(value == null ? "" : string(key, value));
            case "check.crcs" -> checkCrcs(bool(key, value));
            case "client.id" -> clientId(value == null ? "" : string(key, value));
            case "request.timeout.ms" -> requestTimeoutMs = (int) atLeast(key, intValue(key, value), 0);
            case "default.api.timeout.ms" -> defaultApiTimeoutMs = atLeast(key, intValue(key, value), 0);
            case "retry.backoff.ms" -> retryBackoffMs = atLeast(key, longValue(key, value), 0);
            case "retry.backoff.max.ms" -> retryBackoffMaxMs = atLeast(key, longValue(key, value), 0);
            case "metadata.max.age.ms" -> metadataMaxAgeMs = atLeast(key, longValue(key, value), 0);
            case "allow.auto.create.topics" -> allowAutoCreateTopics(bool(key, value));
            case "exclude.internal.topics" -> excludeInternalTopics(bool(key, value));
            case "bootstrap.servers" -> checkBootstrapServers(key, value);
            case "interceptor.classes" -> {
                if (value != null && !(value instanceof Collection<?> l ? l.isEmpty()
                        : String.valueOf(value).isBlank())) {
                    throw new ConfigException(key, value, "empty: interceptors are not supported");
                }
            }
            default -> {
                if (IGNORED_KEYS.contains(key) || IGNORED_PREFIXES.stream().anyMatch(key::startsWith)) {
                    log.debug("Consumer config '{}' has no effect in Samsa (the transport owns it, or it is not "
                            + "implemented); ignored", key);
                } else {
                    throw new ConfigException(key, value, "a Kafka consumer config key; '" + key + "' is unknown");
                }
            }
        }
    }

    private static List<String> list(String key, Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(o instanceof Class<?> cls ? cls.getName() : String.valueOf(o).trim());
            }
        } else if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value instanceof Class<?> cls) {
            out.add(cls.getName());
        } else {
            throw new ConfigException(key, value, "a list (a Collection or a comma-separated string)");
        }
        return out;
    }
}
