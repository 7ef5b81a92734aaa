package dev.samsa.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link Consumer#offsetsForTimes}: the earliest offset whose record timestamp is at or after the time
 * asked for, that record's timestamp and, if the broker knows it, the leader epoch of that record. Immutable and
 * thread-safe.
 *
 * @param offset the offset, {@code >= 0}
 * @param timestamp the record's timestamp in ms since the epoch
 * @param leaderEpoch the leader epoch of the record, if known
 * @since 0.1.0
 */
public record OffsetAndTimestamp(long offset, long timestamp, Optional<Integer> leaderEpoch) {
    /**
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws NullPointerException if {@code leaderEpoch} is null
     */
    public OffsetAndTimestamp {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        Objects.requireNonNull(leaderEpoch, "leaderEpoch");
    }
}
