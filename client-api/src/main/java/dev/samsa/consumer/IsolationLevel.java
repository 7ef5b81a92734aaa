package dev.samsa.consumer;

import java.util.Locale;

/**
 * {@code isolation.level} (KIP-98): which records of transactional producers a consumer reads. Immutable.
 *
 * @since 0.1.0
 */
public enum IsolationLevel {
    /** Every record up to the high watermark, including records of open and aborted transactions (the default). */
    READ_UNCOMMITTED((byte) 0),
    /**
     * Only records of committed transactions (and non-transactional records), up to the last stable offset: records
     * of aborted transactions are skipped, and the consumer does not read past a transaction that is still open.
     */
    READ_COMMITTED((byte) 1);

    private final byte id;

    IsolationLevel(byte id) {
        this.id = id;
    }

    /** The value sent in Fetch and ListOffsets requests: 0 or 1. */
    public byte id() {
        return id;
    }

    /** Kafka's config value: {@code read_uncommitted} or {@code read_committed}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The level for a config value, ignoring case.
     *
     * @throws IllegalArgumentException if {@code value} is neither {@code read_uncommitted} nor {@code read_committed}
     */
    public static IsolationLevel forConfigValue(String value) {
        for (IsolationLevel level : values()) {
            if (level.configValue().equalsIgnoreCase(value.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException("isolation.level: " + value
                + " (expected: read_uncommitted or read_committed)");
    }
}
