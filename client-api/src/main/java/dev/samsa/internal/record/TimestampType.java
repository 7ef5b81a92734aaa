package dev.samsa.internal.record;

/**
 * What a record batch's timestamps mean: bit 3 of the batch attributes (record batch v2, KIP-32). Immutable.
 */
public enum TimestampType {
    /** Timestamps were set by the producer (the default; topic config {@code message.timestamp.type=CreateTime}). */
    CREATE_TIME(0, "CreateTime"),
    /**
     * The broker stamped the batch when it appended it: the batch's max timestamp is that time and every record
     * reads as having it, whatever the record's own delta says.
     */
    LOG_APPEND_TIME(1, "LogAppendTime");

    private final int id;
    private final String configName;

    TimestampType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The value of the attributes bit (0 or 1). */
    public int id() {
        return id;
    }

    /** Kafka's name for it, as in {@code message.timestamp.type}: {@code CreateTime} or {@code LogAppendTime}. */
    public String configName() {
        return configName;
    }
}
