package dev.samsa.consumer;

/**
 * What a record's timestamp means (KIP-32): set by the producer, or stamped by the broker when it appended the
 * record's batch (topic config {@code message.timestamp.type}). Immutable.
 *
 * @since 0.1.0
 */
public enum TimestampType {
    /** No timestamp: a record without one reads as -1. */
    NO_TIMESTAMP_TYPE(-1, "NoTimestampType"),
    /** The producer's timestamp ({@code message.timestamp.type=CreateTime}, Kafka's default). */
    CREATE_TIME(0, "CreateTime"),
    /** The broker's append time ({@code message.timestamp.type=LogAppendTime}). */
    LOG_APPEND_TIME(1, "LogAppendTime");

    private final int id;
    private final String configName;

    TimestampType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The value of the record batch attribute bit (0 or 1), -1 for {@link #NO_TIMESTAMP_TYPE}. */
    public int id() {
        return id;
    }

    /** Kafka's name: {@code CreateTime}, {@code LogAppendTime} or {@code NoTimestampType}. */
    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }
}
