package dev.samsa.admin;

/**
 * Which offset {@link Admin#listOffsets} looks up in a partition (ListOffsets, API key 2).
 *
 * @since 0.1.0
 */
public final class OffsetSpec {
    private static final OffsetSpec EARLIEST = new OffsetSpec(-2);
    private static final OffsetSpec LATEST = new OffsetSpec(-1);
    private static final OffsetSpec MAX_TIMESTAMP = new OffsetSpec(-3);

    private final long timestamp;

    private OffsetSpec(long timestamp) {
        this.timestamp = timestamp;
    }

    /** The log start offset: the first offset still in the log (moved by retention and {@code deleteRecords}). */
    public static OffsetSpec earliest() {
        return EARLIEST;
    }

    /** The high watermark: the offset the next record will get (the end of what consumers can read). */
    public static OffsetSpec latest() {
        return LATEST;
    }

    /** The offset of the record with the largest timestamp (KIP-734; ListOffsets v7+, Kafka 3.0+). */
    public static OffsetSpec maxTimestamp() {
        return MAX_TIMESTAMP;
    }

    /**
     * The first offset whose record's timestamp is at or after {@code timestampMs}.
     *
     * @param timestampMs ms since the epoch
     * @throws IllegalArgumentException if negative
     */
    public static OffsetSpec forTimestamp(long timestampMs) {
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestamp " + timestampMs + " ms (expected: >= 0)");
        }
        return new OffsetSpec(timestampMs);
    }

    /** The wire value: a timestamp, or -1 latest, -2 earliest, -3 max timestamp. */
    public long timestamp() {
        return timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetSpec s && s.timestamp == timestamp;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return timestamp == -2 ? "earliest" : timestamp == -1 ? "latest" : timestamp == -3 ? "maxTimestamp"
                : "timestamp " + timestamp;
    }
}
