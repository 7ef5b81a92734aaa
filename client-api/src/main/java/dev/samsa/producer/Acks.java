package dev.samsa.producer;

import java.util.Locale;

/**
 * How many acknowledgements the partition leader waits for before answering a Produce request (Kafka's {@code acks}).
 *
 * @since 0.1.0
 */
public enum Acks {
    /** {@code acks=0}: the broker sends no response; a record counts as sent once written to the socket. */
    NONE((short) 0, "0"),
    /** {@code acks=1}: the leader answers once the records are in its log. */
    LEADER((short) 1, "1"),
    /**
     * {@code acks=all} (or {@code -1}): the leader answers once every in-sync replica has the records
     * ({@code min.insync.replicas}). Kafka's default since 3.0 and required by idempotence.
     */
    ALL((short) -1, "all");

    private final short wireValue;
    private final String configValue;

    Acks(short wireValue, String configValue) {
        this.wireValue = wireValue;
        this.configValue = configValue;
    }

    /** The value sent in the Produce request's {@code acks} field: 0, 1 or -1. */
    public short wireValue() {
        return wireValue;
    }

    /** The {@code acks} config value: {@code "0"}, {@code "1"} or {@code "all"}. */
    public String configValue() {
        return configValue;
    }

    /**
     * Parses an {@code acks} config value: {@code 0}, {@code 1}, {@code all} or {@code -1}, ignoring case and
     * surrounding blanks.
     *
     * @throws IllegalArgumentException if the value is none of those
     */
    public static Acks forConfigValue(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "0":
                return NONE;
            case "1":
                return LEADER;
            case "all":
            case "-1":
                return ALL;
            default:
                throw new IllegalArgumentException("acks: '" + value + "' (expected one of: 0, 1, all, -1)");
        }
    }
}
