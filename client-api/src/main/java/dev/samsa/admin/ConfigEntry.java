package dev.samsa.admin;

/**
 * One config of a resource, as {@link Admin#describeConfigs} reports it.
 *
 * @param name the config key, e.g. {@code retention.ms}
 * @param value its value, or null for a sensitive config or one without a value
 * @param source where the value comes from
 * @param readOnly whether it can be altered
 * @param sensitive whether the value is a secret (and hence not reported)
 * @since 0.1.0
 */
public record ConfigEntry(String name, String value, Source source, boolean readOnly, boolean sensitive) {

    /** Whether the value is the default (no override at any level). */
    public boolean isDefault() {
        return source == Source.DEFAULT_CONFIG;
    }

    /** Where a config value comes from, with the wire codes of DescribeConfigs' {@code ConfigSource} (KIP-226). */
    public enum Source {
        /** The broker did not say. */
        UNKNOWN,
        /** A topic override. */
        DYNAMIC_TOPIC_CONFIG,
        /** A dynamic config of this broker. */
        DYNAMIC_BROKER_CONFIG,
        /** A dynamic cluster-wide default broker config. */
        DYNAMIC_DEFAULT_BROKER_CONFIG,
        /** The broker's static config (server.properties). */
        STATIC_BROKER_CONFIG,
        /** Kafka's built-in default. */
        DEFAULT_CONFIG,
        /** A dynamic broker logger config. */
        DYNAMIC_BROKER_LOGGER_CONFIG,
        /** A client metrics config (KIP-714). */
        CLIENT_METRICS_CONFIG,
        /** A group config (KIP-848). */
        GROUP_CONFIG;

        /** The source with wire code {@code code}; {@link #UNKNOWN} for a code this client does not know. */
        public static Source forCode(byte code) {
            Source[] all = values();
            return code >= 0 && code < all.length ? all[code] : UNKNOWN;
        }
    }
}
