package dev.samsa.producer;

import static dev.samsa.internal.config.ConfigValues.atLeast;
import static dev.samsa.internal.config.ConfigValues.bool;
import static dev.samsa.internal.config.ConfigValues.checkBootstrapServers;
import static dev.samsa.internal.config.ConfigValues.intValue;
import static dev.samsa.internal.config.ConfigValues.longValue;
import static dev.samsa.internal.config.ConfigValues.millis;
import static dev.samsa.internal.config.ConfigValues.string;

import dev.samsa.common.CompressionType;
import dev.samsa.errors.ConfigException;
import dev.samsa.internal.producer.ProducerSettings;
import dev.samsa.internal.producer.SamsaProducer;
import dev.samsa.serde.Serializer;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures and builds a {@link Producer}. Obtained from {@link Producer#builder(Serializer, Serializer)}.
 *
 * <pre>{@code
 * Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
 *         .transport(transport)
 *         .linger(Duration.ofMillis(10))
 *         .compression(CompressionType.ZSTD)
 *         .build();
 * }</pre>
 *
 * <p>Every setting has a typed setter that validates at once and throws {@link ConfigException} naming the Kafka
 * config key, the value and what is accepted; defaults are the {@code DEFAULT_*} constants, equal to Apache Kafka
 * 4.1's. Kafka's string keys are a second door: {@link #config(Map)} and {@link #config(Properties)} map each key
 * onto the same setters (see {@link #config(Map)} for the keys). {@link #build()} checks the cross-field rules as
 * Kafka does.
 *
 * <p>Not thread-safe: configure on one thread. A builder may build several producers; each gets the settings as they
 * were at {@code build()}.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public final class ProducerBuilder<K, V> {
    private static final Logger log = LoggerFactory.getLogger(ProducerBuilder.class);

    /** Default {@code acks}: {@link Acks#ALL} (Kafka 3.0+, KIP-679). */
    public static final Acks DEFAULT_ACKS = Acks.ALL;
    /** Default {@code linger.ms}: 5 ms (Kafka 4.0+, KIP-1030). */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    /** Default {@code batch.size}: 16384 bytes. */
    public static final int DEFAULT_BATCH_SIZE = 16_384;
    /** Default {@code buffer.memory}: 33554432 bytes (32 MiB). */
    public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    /** Default {@code compression.type}: {@link CompressionType#NONE}. */
    public static final CompressionType DEFAULT_COMPRESSION = CompressionType.NONE;
    /** Default {@code enable.idempotence}: true (Kafka 3.0+, KIP-679). */
    public static final boolean DEFAULT_ENABLE_IDEMPOTENCE = true;
    /** Default {@code delivery.timeout.ms}: 120 s (KIP-91). */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** Default {@code request.timeout.ms}: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code retries}: {@link Integer#MAX_VALUE}; {@code delivery.timeout.ms} bounds retrying instead. */
    public static final int DEFAULT_RETRIES = Integer.MAX_VALUE;
    /** Default {@code retry.backoff.ms}: 100 ms. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default {@code retry.backoff.max.ms}: 1 s (KIP-580). */
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(1);
    /** Default {@code max.in.flight.requests.per.connection}: 5. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 5;
    /** Default {@code max.request.size}: 1048576 bytes (1 MiB). */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** Default {@code max.block.ms}: 60 s. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMinutes(1);
    /** Default {@code client.id}: empty, meaning a generated {@code samsa-producer-N}. */
    public static final String DEFAULT_CLIENT_ID = "";
    /** Default {@code metadata.max.age.ms}: 5 minutes. */
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofMinutes(5);
    /** Default {@code metadata.max.idle.ms}: 5 minutes. */
    public static final Duration DEFAULT_METADATA_MAX_IDLE = Duration.ofMinutes(5);
    /** Default {@code partitioner.ignore.keys}: false. */
    public static final boolean DEFAULT_PARTITIONER_IGNORE_KEYS = false;
    /** Default {@code partitioner.adaptive.partitioning.enable}: true (KIP-794). */
    public static final boolean DEFAULT_PARTITIONER_ADAPTIVE_PARTITIONING = true;
    /** Default {@code partitioner.availability.timeout.ms}: 0, meaning off (KIP-794). */
    public static final Duration DEFAULT_PARTITIONER_AVAILABILITY_TIMEOUT = Duration.ZERO;
    /** The largest {@code max.in.flight.requests.per.connection} that idempotence allows (KAFKA-5494). */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    /** Keys the transport owns or that have no effect in Samsa: validated as strings/numbers, then ignored. */
    private static final Set<String> IGNORED_KEYS = Set.of("client.dns.lookup", "connections.max.idle.ms",
            "reconnect.backoff.ms", "reconnect.backoff.max.ms", "socket.connection.setup.timeout.ms",
            "socket.connection.setup.timeout.max.ms", "send.buffer.bytes", "receive.buffer.bytes", "security.protocol",
            "security.providers", "metadata.recovery.strategy", "metadata.recovery.rebootstrap.trigger.ms",
            "metric.reporters", "metrics.num.samples", "metrics.recording.level", "metrics.sample.window.ms",
            "auto.include.jmx.reporter", "enable.metrics.push", "key.serializer", "value.serializer",
            "transaction.timeout.ms",
            "transaction.two.phase.commit.enable", "client.rack");
    private static final List<String> IGNORED_PREFIXES = List.of("ssl.", "sasl.");

    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private Transport transport;
    private Acks acks = DEFAULT_ACKS;
    private boolean acksSet;
    private long lingerMs = DEFAULT_LINGER.toMillis();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long bufferMemory = DEFAULT_BUFFER_MEMORY;
    private CompressionType compression = DEFAULT_COMPRESSION;
    private final Map<CompressionType, Integer> levels = new EnumMap<>(CompressionType.class);
    private Boolean enableIdempotence;
    private long deliveryTimeoutMs = DEFAULT_DELIVERY_TIMEOUT.toMillis();
    private boolean deliveryTimeoutSet;
    private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT.toMillis();
    private int retries = DEFAULT_RETRIES;
    private boolean retriesSet;
    private long retryBackoffMs = DEFAULT_RETRY_BACKOFF.toMillis();
    private long retryBackoffMaxMs = DEFAULT_RETRY_BACKOFF_MAX.toMillis();
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
    private long maxBlockMs = DEFAULT_MAX_BLOCK.toMillis();
    private String clientId = DEFAULT_CLIENT_ID;
    private long metadataMaxAgeMs = DEFAULT_METADATA_MAX_AGE.toMillis();
    private long metadataMaxIdleMs = DEFAULT_METADATA_MAX_IDLE.toMillis();
    private boolean partitionerIgnoreKeys = DEFAULT_PARTITIONER_IGNORE_KEYS;
    private boolean partitionerAdaptive = DEFAULT_PARTITIONER_ADAPTIVE_PARTITIONING;
    private long partitionerAvailabilityTimeoutMs = DEFAULT_PARTITIONER_AVAILABILITY_TIMEOUT.toMillis();
    private Partitioner partitioner;

    ProducerBuilder(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /**
     * The transport to reach the cluster through (required). The producer never closes it: close it after every
     * client built on it. Its {@link Transport#time()} drives every timer of the producer.
     *
     * @throws NullPointerException if {@code transport} is null
     */
    public ProducerBuilder<K, V> transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * {@code acks}: how many acknowledgements the leader waits for. Default {@link #DEFAULT_ACKS}. Anything other
     * than {@link Acks#ALL} disables the default idempotence (and fails {@link #build()} if idempotence was enabled
     * explicitly), as in Kafka.
     */
    public ProducerBuilder<K, V> acks(Acks acks) {
        this.acks = Objects.requireNonNull(acks, "acks");
        this.acksSet = true;
        return this;
    }

    /**
     * {@code linger.ms}: how long a partition's batch waits for more records before it is sent although not full.
     * Default {@link #DEFAULT_LINGER}; millisecond precision.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> linger(Duration linger) {
        this.lingerMs = millis("linger.ms", linger, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code batch.size}: the size in bytes at which a partition's batch is closed and sent; a record larger than
     * this travels in a batch of its own. Also the amount of {@code buffer.memory} reserved per batch, and the bytes
     * after which the sticky partitioner moves on (KIP-794). Default {@link #DEFAULT_BATCH_SIZE}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> batchSize(int bytes) {
        this.batchSize = (int) atLeast("batch.size", bytes, 0);
        return this;
    }

    /**
     * {@code buffer.memory}: the bytes of record batches the producer may hold, queued or in flight; {@code send}
     * blocks up to {@code max.block.ms} for space when they are all used. Default {@link #DEFAULT_BUFFER_MEMORY}.
     * Batches are built in pooled direct memory; a producer keeps the batch buffers it has used (up to this many
     * bytes) for its next batches until it is closed, as the official client's buffer pool keeps its free buffers.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> bufferMemory(long bytes) {
        this.bufferMemory = atLeast("buffer.memory", bytes, 0);
        return this;
    }

    /**
     * {@code compression.type}, at the codec's default level (KIP-390). Default {@link #DEFAULT_COMPRESSION}.
     */
    public ProducerBuilder<K, V> compression(CompressionType type) {
        this.compression = Objects.requireNonNull(type, "compression");
        return this;
    }

    /**
     * {@code compression.type} and its level ({@code compression.gzip.level}, {@code compression.lz4.level} or
     * {@code compression.zstd.level}, KIP-390).
     *
     * @throws ConfigException naming the level key and its range if the codec has no levels or the level is out of
     *     its range
     */
    public ProducerBuilder<K, V> compression(CompressionType type, int level) {
        Objects.requireNonNull(type, "compression");
        if (!type.hasLevels()) {
            throw new ConfigException("compression.type", type.configName() + " with level " + level,
                    "a codec with levels (gzip, lz4, zstd), or no level");
        }
        levels.put(type, checkLevel(type, level));
        this.compression = type;
        return this;
    }

    /**
     * {@code enable.idempotence} (KIP-98): exactly-once, in-order writes per partition within the producer's
     * session, with a producer id, epoch and per-partition sequence numbers. Default
     * {@link #DEFAULT_ENABLE_IDEMPOTENCE}. Left unset, it turns itself off when {@code acks} is not {@code all},
     * {@code retries} is 0 or {@code max.in.flight.requests.per.connection} exceeds 5; set to true, those settings
     * fail {@link #build()} instead (Kafka's rules, KIP-679).
     */
    public ProducerBuilder<K, V> enableIdempotence(boolean enable) {
        this.enableIdempotence = enable;
        return this;
    }

    /**
     * {@code delivery.timeout.ms} (KIP-91): the upper bound on the time from {@code send} returning to the record's
     * outcome, retries included. Must be at least {@code linger.ms + request.timeout.ms}. Default
     * {@link #DEFAULT_DELIVERY_TIMEOUT}.
     *
     * @throws ConfigException if negative or above {@code Integer.MAX_VALUE} ms
     */
    public ProducerBuilder<K, V> deliveryTimeout(Duration timeout) {
        this.deliveryTimeoutMs = millis("delivery.timeout.ms", timeout, Integer.MAX_VALUE);
        this.deliveryTimeoutSet = true;
        return this;
    }

    /**
     * {@code request.timeout.ms}: sent as the Produce request's timeout, the time the broker may wait for
     * acknowledgements from replicas. (The transport applies its own request timeout to each request.) Default
     * {@link #DEFAULT_REQUEST_TIMEOUT}.
     *
     * @throws ConfigException if negative or above {@code Integer.MAX_VALUE} ms
     */
    public ProducerBuilder<K, V> requestTimeout(Duration timeout) {
        this.requestTimeoutMs = millis("request.timeout.ms", timeout, Integer.MAX_VALUE);
        return this;
    }

    /**
     * {@code retries}: how many times a batch that failed with a retriable error is sent again, within
     * {@code delivery.timeout.ms}. Default {@link #DEFAULT_RETRIES}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> retries(int retries) {
        this.retries = (int) atLeast("retries", retries, 0);
        this.retriesSet = true;
        return this;
    }

    /**
     * {@code retry.backoff.ms}: the first wait before a retry; it doubles per attempt up to
     * {@code retry.backoff.max.ms}, with +/-20% jitter (KIP-580). Default {@link #DEFAULT_RETRY_BACKOFF}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> retryBackoff(Duration backoff) {
        this.retryBackoffMs = millis("retry.backoff.ms", backoff, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code retry.backoff.max.ms} (KIP-580): the cap of the exponential retry backoff; a value below
     * {@code retry.backoff.ms} makes the backoff constant at {@code retry.backoff.ms}, as in Kafka. Default
     * {@link #DEFAULT_RETRY_BACKOFF_MAX}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> retryBackoffMax(Duration backoff) {
        this.retryBackoffMaxMs = millis("retry.backoff.max.ms", backoff, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code max.in.flight.requests.per.connection}: Produce requests sent to one broker and not yet answered. At most
     * 5 with idempotence, which keeps order across retries; without idempotence, 1 keeps order. Default
     * {@link #DEFAULT_MAX_IN_FLIGHT}.
     *
     * @throws ConfigException if below 1
     */
    public ProducerBuilder<K, V> maxInFlightRequestsPerConnection(int max) {
        this.maxInFlight = (int) atLeast("max.in.flight.requests.per.connection", max, 1);
        return this;
    }

    /**
     * {@code max.request.size}: the largest Produce request in bytes, hence the largest record; a larger record fails
     * its send with {@link dev.samsa.errors.RecordTooLargeException}. Default {@link #DEFAULT_MAX_REQUEST_SIZE}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> maxRequestSize(int bytes) {
        this.maxRequestSize = (int) atLeast("max.request.size", bytes, 0);
        return this;
    }

    /**
     * {@code max.block.ms}: how long {@code send} and {@code partitionsFor} may block for topic metadata and
     * {@code send} for buffer memory, before failing with {@link dev.samsa.errors.TimeoutException}. Default
     * {@link #DEFAULT_MAX_BLOCK}.
     *
     * <p>The deadline runs on the transport's {@link dev.samsa.time.Time}: on a {@code ManualTime} a blocked thread
     * is released when another thread advances the clock past it (or the metadata or memory arrives), never by
     * real time; a single-threaded test that could block should use {@code maxBlock(Duration.ZERO)}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> maxBlock(Duration maxBlock) {
        this.maxBlockMs = millis("max.block.ms", maxBlock, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code client.id}: a name for logs. The transport's own client id is what brokers see. Default
     * {@link #DEFAULT_CLIENT_ID}: a generated {@code samsa-producer-N}.
     */
    public ProducerBuilder<K, V> clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /**
     * {@code metadata.max.age.ms}: how old cluster metadata may get before it is refreshed even without a reason.
     * Default {@link #DEFAULT_METADATA_MAX_AGE}.
     *
     * @throws ConfigException if negative
     */
    public ProducerBuilder<K, V> metadataMaxAge(Duration maxAge) {
        this.metadataMaxAgeMs = millis("metadata.max.age.ms", maxAge, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code metadata.max.idle.ms}: a topic not produced to for this long is dropped from metadata refreshes.
     * Default {@link #DEFAULT_METADATA_MAX_IDLE}.
     *
     * @throws ConfigException if below 5 s, as in Kafka
     */
    public ProducerBuilder<K, V> metadataMaxIdle(Duration maxIdle) {
        long ms = millis("metadata.max.idle.ms", maxIdle, Long.MAX_VALUE);
        this.metadataMaxIdleMs = atLeast("metadata.max.idle.ms", ms, 5000);
        return this;
    }

    /**
     * {@code partitioner.ignore.keys} (KIP-794): when true, keyed records are spread by the sticky partitioner as if
     * they had no key. Default {@link #DEFAULT_PARTITIONER_IGNORE_KEYS}.
     */
    public ProducerBuilder<K, V> partitionerIgnoreKeys(boolean ignoreKeys) {
        this.partitionerIgnoreKeys = ignoreKeys;
        return this;
    }

    /**
     * {@code partitioner.adaptive.partitioning.enable} (KIP-794): when true, the built-in sticky partitioner, moving
     * on after {@code batch.size} bytes, picks the next partition with a probability that falls with the number of
     * batches queued for it, so that partitions whose leader falls behind get less new data; when false, it picks
     * uniformly among the partitions that have a leader. Applies to records without a key (all records with
     * {@link #partitionerIgnoreKeys}), not to a custom {@link #partitioner}. Default
     * {@link #DEFAULT_PARTITIONER_ADAPTIVE_PARTITIONING}.
     *
     * @see <a href="https://cwiki.apache.org/confluence/display/KAFKA/KIP-794%3A+Strictly+Uniform+Sticky+Partitioner">
     *     KIP-794</a>
     */
    public ProducerBuilder<K, V> partitionerAdaptivePartitioning(boolean enable) {
        this.partitionerAdaptive = enable;
        return this;
    }

    /**
     * {@code partitioner.availability.timeout.ms} (KIP-794): a leader that has had batches ready for longer than this
     * without the producer being able to send it a request (its {@code max.in.flight.requests.per.connection}
     * requests all unanswered) is skipped by the built-in sticky partitioner for its partitions that have batches
     * queued, until it takes a request again. Zero turns this off. Has no effect with
     * {@link #partitionerAdaptivePartitioning partitioner.adaptive.partitioning.enable} false or a custom
     * {@link #partitioner}, as in Kafka. Default {@link #DEFAULT_PARTITIONER_AVAILABILITY_TIMEOUT}; ms precision.
     *
     * @throws ConfigException if negative
     * @see <a href="https://cwiki.apache.org/confluence/display/KAFKA/KIP-794%3A+Strictly+Uniform+Sticky+Partitioner">
     *     KIP-794</a>
     */
    public ProducerBuilder<K, V> partitionerAvailabilityTimeout(Duration timeout) {
        this.partitionerAvailabilityTimeoutMs = millis("partitioner.availability.timeout.ms", timeout,
                Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code partitioner.class}: a custom partitioner for records without an explicit partition; null restores the
     * built-in one. The producer does not own it (nothing is closed).
     */
    public ProducerBuilder<K, V> partitioner(Partitioner partitioner) {
        this.partitioner = partitioner;
        return this;
    }

    /**
     * Applies Kafka producer config keys. Values may be strings (as in a properties file), numbers or booleans.
     * Keys applied, with the same checks as their setters: {@code acks}, {@code linger.ms}, {@code batch.size},
     * {@code buffer.memory}, {@code compression.type}, {@code compression.gzip.level}, {@code compression.lz4.level},
     * {@code compression.zstd.level}, {@code enable.idempotence}, {@code delivery.timeout.ms},
     * {@code request.timeout.ms}, {@code retries}, {@code retry.backoff.ms}, {@code retry.backoff.max.ms},
     * {@code max.in.flight.requests.per.connection}, {@code max.request.size}, {@code max.block.ms},
     * {@code client.id}, {@code metadata.max.age.ms}, {@code metadata.max.idle.ms}, {@code partitioner.ignore.keys},
     * {@code partitioner.adaptive.partitioning.enable}, {@code partitioner.availability.timeout.ms},
     * {@code partitioner.class} (a {@link Partitioner} instance, class, or class name with a public no-argument
     * constructor).
     *
     * <p>Accepted and ignored: {@code bootstrap.servers} (checked to be a non-empty list of {@code host:port}; the
     * transport owns the addresses), the transport's connection keys ({@code client.dns.lookup},
     * {@code connections.max.idle.ms}, {@code reconnect.backoff.*}, {@code socket.connection.setup.timeout.*},
     * {@code send.buffer.bytes}, {@code receive.buffer.bytes}, {@code security.protocol}, {@code ssl.*},
     * {@code sasl.*}), metrics keys, {@code key.serializer}/{@code value.serializer} (the serializers given to
     * {@link Producer#builder} win). Rejected: {@code transactional.id} (transactions are not
     * supported yet), a non-empty {@code interceptor.classes}, and any other key.
     *
     * @param config the keys and values; later keys overwrite earlier settings
     * @return this builder
     * @throws ConfigException at once, naming the key, the value and what is accepted, for an unknown key or a bad
     *     value
     */
    public ProducerBuilder<K, V> config(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        for (Map.Entry<String, ?> e : config.entrySet()) {
            apply(Objects.requireNonNull(e.getKey(), "config key"), e.getValue());
        }
        return this;
    }

    /**
     * Applies Kafka producer config keys from {@code properties}, as {@link #config(Map)}.
     *
     * @throws ConfigException for an unknown key or a bad value
     */
    public ProducerBuilder<K, V> config(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        for (String name : properties.stringPropertyNames()) {
            apply(name, properties.getProperty(name));
        }
        return this;
    }

    /**
     * Builds the producer. It fetches metadata lazily, on the first {@code send} or {@code partitionsFor}; with
     * idempotence it asks for a producer id before the first Produce request.
     *
     * @return a new, thread-safe producer
     * @throws ConfigException if no transport was set, or a cross-field rule fails: with {@code enable.idempotence}
     *     set to true, {@code acks} must be {@code all}, {@code retries} above 0 and
     *     {@code max.in.flight.requests.per.connection} at most 5; an explicitly set {@code delivery.timeout.ms} must
     *     be at least {@code linger.ms + request.timeout.ms} (left unset, it is raised to that sum, as in Kafka)
     */
    public Producer<K, V> build() {
        return new SamsaProducer<>(settings(), transport, keySerializer, valueSerializer);
    }

    /** The resolved settings; build() without constructing the producer, for tests. */
    ProducerSettings settings() {
        if (transport == null) {
            throw new ConfigException("No transport: call transport(...) before build(); the transport owns "
                    + "bootstrap.servers and the connections");
        }
        boolean idempotence;
        if (Boolean.TRUE.equals(enableIdempotence)) {
            if (maxInFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
                throw new ConfigException("max.in.flight.requests.per.connection", maxInFlight,
                        "<= " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " when enable.idempotence=true");
            }
            if (acks != Acks.ALL) {
                throw new ConfigException("acks", acks.configValue(), "all when enable.idempotence=true");
            }
            if (retries == 0) {
                throw new ConfigException("retries", retries, "> 0 when enable.idempotence=true");
            }
            idempotence = true;
        } else if (enableIdempotence == null) {
            idempotence = DEFAULT_ENABLE_IDEMPOTENCE && maxInFlight <= MAX_IN_FLIGHT_FOR_IDEMPOTENCE
                    && acks == Acks.ALL && retries > 0;
            if (!idempotence) {
                log.info("Idempotence disabled: acks={}{}, retries={}{}, max.in.flight.requests.per.connection={} "
                        + "conflict with it and enable.idempotence was not set", acks.configValue(),
                        acksSet ? "" : " (default)", retries, retriesSet ? "" : " (default)", maxInFlight);
            }
        } else {
            idempotence = false;
        }
        long delivery = deliveryTimeoutMs;
        long minDelivery = lingerMs + requestTimeoutMs;
        if (delivery < minDelivery) {
            if (deliveryTimeoutSet) {
                throw new ConfigException("delivery.timeout.ms", delivery,
                        ">= linger.ms + request.timeout.ms = " + lingerMs + " + " + requestTimeoutMs);
            }
            delivery = Math.min(minDelivery, Integer.MAX_VALUE);
        }
        int level = compression.hasLevels() ? levels.getOrDefault(compression, compression.defaultLevel()) : 0;
        return new ProducerSettings(acks, lingerMs, batchSize, bufferMemory, compression, level, idempotence,
                delivery, requestTimeoutMs, retries, retryBackoffMs, Math.max(retryBackoffMs, retryBackoffMaxMs),
                maxInFlight, maxRequestSize, maxBlockMs, clientId, metadataMaxAgeMs, metadataMaxIdleMs,
                partitionerIgnoreKeys, partitionerAdaptive, partitionerAvailabilityTimeoutMs, partitioner);
    }

    private void apply(String key, Object value) {
        switch (key) {
            case "acks" -> {
                try {
                    acks(Acks.forConfigValue(string(key, value)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, value, "one of 0, 1, all, -1");
                }
            }
            case "linger.ms" -> lingerMs = atLeast(key, longValue(key, value), 0);
            case "batch.size" -> batchSize(intValue(key, value));
            case "buffer.memory" -> bufferMemory(longValue(key, value));
            case "compression.type" -> {
                try {
                    compression(CompressionType.forName(string(key, value).trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, value, "one of none, gzip, snappy, lz4, zstd");
                }
            }
            case "compression.gzip.level" -> levels.put(CompressionType.GZIP,
                    checkLevel(CompressionType.GZIP, intValue(key, value)));
            case "compression.lz4.level" -> levels.put(CompressionType.LZ4,
                    checkLevel(CompressionType.LZ4, intValue(key, value)));
            case "compression.zstd.level" -> levels.put(CompressionType.ZSTD,
                    checkLevel(CompressionType.ZSTD, intValue(key, value)));
            case "enable.idempotence" -> enableIdempotence(bool(key, value));
            case "delivery.timeout.ms" -> {
                deliveryTimeoutMs = atLeast(key, intValue(key, value), 0);
                deliveryTimeoutSet = true;
            }
            case "request.timeout.ms" -> requestTimeoutMs = atLeast(key, intValue(key, value), 0);
            case "retries" -> retries(intValue(key, value));
            case "retry.backoff.ms" -> retryBackoffMs = atLeast(key, longValue(key, value), 0);
            case "retry.backoff.max.ms" -> retryBackoffMaxMs = atLeast(key, longValue(key, value), 0);
            case "max.in.flight.requests.per.connection" -> maxInFlightRequestsPerConnection(intValue(key, value));
            case "max.request.size" -> maxRequestSize(intValue(key, value));
            case "max.block.ms" -> maxBlockMs = atLeast(key, longValue(key, value), 0);
            case "client.id" -> clientId(value == null ? "" : string(key, value));
            case "metadata.max.age.ms" -> metadataMaxAgeMs = atLeast(key, longValue(key, value), 0);
            case "metadata.max.idle.ms" -> metadataMaxIdleMs = atLeast(key, longValue(key, value), 5000);
            case "partitioner.ignore.keys" -> partitionerIgnoreKeys(bool(key, value));
            case "partitioner.adaptive.partitioning.enable" -> partitionerAdaptivePartitioning(bool(key, value));
            case "partitioner.availability.timeout.ms" ->
                    partitionerAvailabilityTimeoutMs = atLeast(key, longValue(key, value), 0);
            case "partitioner.class" -> partitioner(partitionerOf(key, value));
            case "bootstrap.servers" -> checkBootstrapServers(key, value);
            case "transactional.id" -> {
                if (value != null && !String.valueOf(value).isEmpty()) {
                    throw new ConfigException(key, value, "unset: transactions are not supported yet");
                }
            }
            case "interceptor.classes" -> {
                if (value != null && !(value instanceof List<?> l ? l.isEmpty() : String.valueOf(value).isBlank())) {
                    throw new ConfigException(key, value, "empty: interceptors are not supported");
                }
            }
            default -> {
                if (IGNORED_KEYS.contains(key) || IGNORED_PREFIXES.stream().anyMatch(key::startsWith)) {
                    log.debug("Producer config '{}' has no effect in Samsa (the transport owns it, or it is not "
                            + "implemented); ignored", key);
                } else {
                    throw new ConfigException(key, value, "a Kafka producer config key; '" + key + "' is unknown");
                }
            }
        }
    }

    private static Partitioner partitionerOf(String key, Object value) {
        if (value == null || value instanceof Partitioner) {
            return (Partitioner) value;
        }
        Class<?> type;
        try {
            type = value instanceof Class<?> c ? c
                    : Class.forName(String.valueOf(value).trim(), true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, value, "the name of a class implementing " + Partitioner.class.getName());
        }
        if (!Partitioner.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "a class implementing " + Partitioner.class.getName());
        }
        try {
            return (Partitioner) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigException(key, value, "a class with a public no-argument constructor");
        }
    }

    private static int checkLevel(CompressionType type, int level) {
        try {
            return type.checkLevel(level);
        } catch (IllegalArgumentException e) {
            String range = type.minLevel() + ".." + type.maxLevel()
                    + (type.defaultLevel() < type.minLevel() ? " or " + type.defaultLevel() : "");
            throw new ConfigException(type.levelConfigName(), level, range);
        }
    }
}
