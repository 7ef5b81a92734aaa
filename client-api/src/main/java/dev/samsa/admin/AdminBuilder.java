package dev.samsa.admin;

import static dev.samsa.internal.config.ConfigValues.atLeast;
import static dev.samsa.internal.config.ConfigValues.intValue;
import static dev.samsa.internal.config.ConfigValues.longValue;
import static dev.samsa.internal.config.ConfigValues.millis;
import static dev.samsa.internal.config.ConfigValues.string;

import dev.samsa.errors.ConfigException;
import dev.samsa.internal.admin.AdminSettings;
import dev.samsa.internal.admin.SamsaAdmin;
import dev.samsa.internal.config.ConfigValues;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures and builds an {@link Admin}. Obtained from {@link Admin#builder()}.
 *
 * <pre>{@code
 * Admin admin = Admin.builder()
 *         .transport(transport)
 *         .defaultApiTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * <p>Every setting has a typed setter that validates at once and throws {@link ConfigException} naming the Kafka
 * config key, the value and what is accepted; defaults are the {@code DEFAULT_*} constants, equal to Apache Kafka
 * 4.1's admin client defaults. Kafka's admin config keys are a second door: {@link #config(Map)}.
 *
 * <p>Not thread-safe: configure on one thread. A builder may build several clients; each gets the settings as they
 * were at {@code build()}.
 *
 * @since 0.1.0
 */
public final class AdminBuilder {
    private static final Logger log = LoggerFactory.getLogger(AdminBuilder.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    /** Default {@code request.timeout.ms}: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code default.api.timeout.ms}: 60 s (KIP-533). */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofMinutes(1);
    /** Default {@code retries}: {@link Integer#MAX_VALUE}; the call's timeout bounds retrying instead. */
    public static final int DEFAULT_RETRIES = Integer.MAX_VALUE;
    /** Default {@code retry.backoff.ms}: 100 ms. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default {@code retry.backoff.max.ms}: 1 s (KIP-580). */
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(1);
    /** Default {@code metadata.max.age.ms}: 5 minutes. */
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofMinutes(5);
    /** Default {@code client.id}: empty, meaning a generated {@code samsa-admin-N}. */
    public static final String DEFAULT_CLIENT_ID = "";

    /** Admin keys with no effect in Samsa beyond the transport's: validated as present, then ignored. */
    private static final Set<String> IGNORED_KEYS = Set.of("host.resolver.class", "default.list.timeout.ms");

    private Transport transport;
    private String clientId = DEFAULT_CLIENT_ID;
    private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT.toMillis();
    private long defaultApiTimeoutMs = DEFAULT_API_TIMEOUT.toMillis();
    private boolean defaultApiTimeoutSet;
    private int retries = DEFAULT_RETRIES;
    private long retryBackoffMs = DEFAULT_RETRY_BACKOFF.toMillis();
    private long retryBackoffMaxMs = DEFAULT_RETRY_BACKOFF_MAX.toMillis();
    private long metadataMaxAgeMs = DEFAULT_METADATA_MAX_AGE.toMillis();

    AdminBuilder() {
    }

    /**
     * The transport to reach the cluster through (required). The admin client never closes it: close it after every
     * client built on it. Its {@link Transport#time()} drives every timer of the client.
     *
     * @throws NullPointerException if {@code transport} is null
     */
    public AdminBuilder transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * {@code client.id}: a name for this client's logs. The transport's own client id is what brokers see. Default
     * {@link #DEFAULT_CLIENT_ID}: a generated {@code samsa-admin-N}.
     *
     * @throws NullPointerException if {@code clientId} is null
     */
    public AdminBuilder clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /**
     * {@code request.timeout.ms}: the time the broker may take over a CreateTopics, DeleteTopics, CreatePartitions or
     * DeleteRecords request (sent as the request's timeout, capped by what is left of the call's timeout). The
     * transport applies its own timeout to each request. Default {@link #DEFAULT_REQUEST_TIMEOUT}.
     *
     * @throws ConfigException if negative or above {@code Integer.MAX_VALUE} ms
     */
    public AdminBuilder requestTimeout(Duration timeout) {
        this.requestTimeoutMs = millis("request.timeout.ms", timeout, Integer.MAX_VALUE);
        return this;
    }

    /**
     * {@code default.api.timeout.ms} (KIP-533): how long a call may take, retries included, unless
     * {@link Admin#withTimeout} says otherwise. Must be at least {@code request.timeout.ms}; left unset, it is raised
     * to it, as in Kafka. Default {@link #DEFAULT_API_TIMEOUT}.
     *
     * @throws ConfigException if negative or above {@code Integer.MAX_VALUE} ms
     */
    public AdminBuilder defaultApiTimeout(Duration timeout) {
        this.defaultApiTimeoutMs = millis("default.api.timeout.ms", timeout, Integer.MAX_VALUE);
        this.defaultApiTimeoutSet = true;
        return this;
    }

    /**
     * {@code retries}: how many times a call retries a retriable failure, within its timeout. Default
     * {@link #DEFAULT_RETRIES}.
     *
     * @throws ConfigException if negative
     */
    public AdminBuilder retries(int retries) {
        this.retries = (int) atLeast("retries", retries, 0);
        return this;
    }

    /**
     * {@code retry.backoff.ms}: the first wait before a retry; it doubles per attempt up to
     * {@code retry.backoff.max.ms}, with +/-20% jitter (KIP-580). Default {@link #DEFAULT_RETRY_BACKOFF}.
     *
     * @throws ConfigException if negative
     */
    public AdminBuilder retryBackoff(Duration backoff) {
        this.retryBackoffMs = millis("retry.backoff.ms", backoff, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code retry.backoff.max.ms} (KIP-580): the cap of the exponential retry backoff; below
     * {@code retry.backoff.ms} the backoff is constant. Default {@link #DEFAULT_RETRY_BACKOFF_MAX}.
     *
     * @throws ConfigException if negative
     */
    public AdminBuilder retryBackoffMax(Duration backoff) {
        this.retryBackoffMaxMs = millis("retry.backoff.max.ms", backoff, Long.MAX_VALUE);
        return this;
    }

    /**
     * {@code metadata.max.age.ms}: how old the client's view of the brokers and controller may get before it is
     * refreshed. Default {@link #DEFAULT_METADATA_MAX_AGE}.
     *
     * @throws ConfigException if negative
     */
    public AdminBuilder metadataMaxAge(Duration maxAge) {
        this.metadataMaxAgeMs = millis("metadata.max.age.ms", maxAge, Long.MAX_VALUE);
        return this;
    }

    /**
     * Applies Kafka admin client config keys. Values may be strings (as in a properties file), numbers or booleans.
     * Keys applied, with the same checks as their setters: {@code client.id}, {@code request.timeout.ms},
     * {@code default.api.timeout.ms}, {@code retries}, {@code retry.backoff.ms}, {@code retry.backoff.max.ms},
     * {@code metadata.max.age.ms}.
     *
     * <p>Accepted and ignored: {@code bootstrap.servers} (checked to be a non-empty list of {@code host:port}; the
     * transport owns the addresses), the transport's connection keys ({@code client.dns.lookup},
     * {@code connections.max.idle.ms}, {@code reconnect.backoff.*}, {@code socket.connection.setup.timeout.*},
     * {@code send.buffer.bytes}, {@code receive.buffer.bytes}, {@code security.protocol}, {@code ssl.*},
     * {@code sasl.*}, {@code client.rack}), metrics keys, {@code host.resolver.class}. Rejected:
     * {@code bootstrap.controllers} (Samsa talks to brokers, KIP-919 controller bootstrap is not supported) and any
     * other key.
     *
     * @param config the keys and values; later keys overwrite earlier settings
     * @return this builder
     * @throws ConfigException at once, naming the key, the value and what is accepted, for an unknown key or a bad
     *     value
     */
    public AdminBuilder config(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        for (Map.Entry<String, ?> e : config.entrySet()) {
            apply(Objects.requireNonNull(e.getKey(), "config key"), e.getValue());
        }
        return this;
    }

    /**
     * Applies Kafka admin client config keys from {@code properties}, as {@link #config(Map)}.
     *
     * @throws ConfigException for an unknown key or a bad value
     */
    public AdminBuilder config(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        for (String name : properties.stringPropertyNames()) {
            apply(name, properties.getProperty(name));
        }
        return this;
    }

    /**
     * Builds the client. It sends nothing until the first call.
     *
     * @return a new, thread-safe admin client
     * @throws ConfigException if no transport was set, or an explicitly set {@code default.api.timeout.ms} is below
     *     {@code request.timeout.ms}
     */
    public Admin build() {
        return new SamsaAdmin(settings(), transport);
    }

    /** The resolved settings; build() without constructing the client, for tests. */
    AdminSettings settings() {
        if (transport == null) {
            throw new ConfigException("No transport: call transport(...) before build(); the transport owns "
                    + "bootstrap.servers and the connections");
        }
        long apiTimeout = defaultApiTimeoutMs;
        if (apiTimeout < requestTimeoutMs) {
            if (defaultApiTimeoutSet) {
                throw new ConfigException("default.api.timeout.ms", apiTimeout,
                        ">= request.timeout.ms = " + requestTimeoutMs);
            }
            log.warn("default.api.timeout.ms raised to request.timeout.ms = {} ms", requestTimeoutMs);
            apiTimeout = requestTimeoutMs;
        }
        String id = clientId.isEmpty() ? "samsa-admin-" + CLIENT_IDS.incrementAndGet() : clientId;
        return new AdminSettings(id, requestTimeoutMs, apiTimeout, retries, retryBackoffMs,
                Math.max(retryBackoffMs, retryBackoffMaxMs), metadataMaxAgeMs);
    }

    private void apply(String key, Object value) {
        switch (key) {
            case "client.id" -> clientId(value == null ? "" : string(key, value));
            case "request.timeout.ms" -> requestTimeoutMs = atLeast(key, intValue(key, value), 0);
            case "default.api.timeout.ms" -> {
                defaultApiTimeoutMs = atLeast(key, intValue(key, value), 0);
                defaultApiTimeoutSet = true;
            }
            case "retries" -> retries(intValue(key, value));
            case "retry.backoff.ms" -> retryBackoffMs = atLeast(key, longValue(key, value), 0);
            case "retry.backoff.max.ms" -> retryBackoffMaxMs = atLeast(key, longValue(key, value), 0);
            case "metadata.max.age.ms" -> metadataMaxAgeMs = atLeast(key, longValue(key, value), 0);
            case "bootstrap.servers" -> ConfigValues.checkBootstrapServers(key, value);
            case "bootstrap.controllers" -> {
                if (value != null && !(value instanceof List<?> l ? l.isEmpty() : String.valueOf(value).isBlank())) {
                    throw new ConfigException(key, value, "unset: Samsa's admin client talks to brokers "
                            + "(bootstrap.servers, owned by the transport)");
                }
            }
            default -> {
                if (IGNORED_KEYS.contains(key) || ConfigValues.isTransportKey(key)) {
                    log.debug("Admin config '{}' has no effect in Samsa (the transport owns it, or it is not "
                            + "implemented); ignored", key);
                } else {
                    throw new ConfigException(key, value, "a Kafka admin client config key (client.id, "
                            + "request.timeout.ms, default.api.timeout.ms, retries, retry.backoff.ms, "
                            + "retry.backoff.max.ms, metadata.max.age.ms, bootstrap.servers or a transport key); '"
                            + key + "' is unknown");
                }
            }
        }
    }
}
