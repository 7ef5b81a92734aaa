package dev.samsa.internal.config;

import dev.samsa.errors.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Converts and checks the values of Kafka config keys, as the builders' {@code config(Map)} doors receive them:
 * strings (from a properties file), numbers, booleans or lists. Every failure is a {@link ConfigException} naming the
 * key, the value and what is accepted. Stateless and thread-safe.
 */
public final class ConfigValues {
    /**
     * Keys every Kafka client accepts that the {@link dev.samsa.transport.Transport} owns or that have no effect in
     * Samsa (connections, sockets, security, metrics): a builder validates nothing more and ignores them.
     */
    public static final Set<String> TRANSPORT_AND_METRICS_KEYS = Set.of("client.dns.lookup",
            "connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
            "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms", "send.buffer.bytes",
            "receive.buffer.bytes", "security.protocol", "security.providers", "metadata.recovery.strategy",
            "metadata.recovery.rebootstrap.trigger.ms", "metric.reporters", "metrics.num.samples",
            "metrics.recording.level", "metrics.sample.window.ms", "auto.include.jmx.reporter", "enable.metrics.push",
            "client.rack");
    /** Key prefixes owned by the transport: {@code ssl.*}, {@code sasl.*}. */
    public static final List<String> TRANSPORT_PREFIXES = List.of("ssl.", "sasl.");

    private ConfigValues() {
    }

    /** Whether {@code key} is one of {@link #TRANSPORT_AND_METRICS_KEYS} or starts with a transport prefix. */
    public static boolean isTransportKey(String key) {
        return TRANSPORT_AND_METRICS_KEYS.contains(key) || TRANSPORT_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * A duration setter's value in ms.
     *
     * @param max the largest accepted ms
     * @throws ConfigException if negative or above {@code max}
     * @throws NullPointerException if {@code d} is null
     */
    public static long millis(String key, Duration d, long max) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new ConfigException(key, d.toMillis() + " ms", ">= 0");
        }
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            ms = Long.MAX_VALUE;
        }
        if (ms > max) {
            throw new ConfigException(key, ms + " ms", "<= " + max + " ms");
        }
        return ms;
    }

    /**
     * {@code value} itself.
     *
     * @throws ConfigException if below {@code min}
     */
    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(key, value, ">= " + min);
        }
        return value;
    }

    /**
     * A string, number or boolean as a string.
     *
     * @throws ConfigException for any other type
     */
    public static String string(String key, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new ConfigException(key, value, "a string");
    }

    /**
     * A whole number from a {@code Long}, {@code Integer}, {@code Short} or a decimal string.
     *
     * @throws ConfigException for anything else
     */
    public static long longValue(String key, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, "a whole number (long)");
            }
        }
        throw new ConfigException(key, value, "a whole number (long)");
    }

    /**
     * A whole number within int range.
     *
     * @throws ConfigException for anything else
     */
    public static int intValue(String key, Object value) {
        long v = longValue(key, value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigException(key, value, "a whole number within int range");
        }
        return (int) v;
    }

    /**
     * A {@code Boolean} or the string {@code true}/{@code false} (any case).
     *
     * @throws ConfigException for anything else
     */
    public static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) {
                return true;
            }
            if (t.equals("false")) {
                return false;
            }
        }
        throw new ConfigException(key, value, "true or false");
    }

    /**
     * Checks {@code bootstrap.servers}: a {@link Collection} or comma-separated string of at least one {@code host:port}.
     * The transport owns the addresses; the builders only check the value is well formed.
     *
     * @throws ConfigException if an entry is not {@code host:port} with a port in 0..65535, or there is none
     */
    public static void checkBootstrapServers(String key, Object value) {
        List<?> entries = value instanceof Collection<?> c ? new ArrayList<>(c)
                : value == null ? List.of() : List.of(String.valueOf(value).split(","));
        boolean any = false;
        for (Object entry : entries) {
            String s = String.valueOf(entry).trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            boolean ok = colon > 0 && colon < s.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(s.substring(colon + 1));
                    ok = port >= 0 && port <= 65535;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new ConfigException(key, value, "a comma-separated list of host:port");
            }
            any = true;
        }
        if (!any) {
            throw new ConfigException(key, value, "a non-empty comma-separated list of host:port");
        }
    }
}
