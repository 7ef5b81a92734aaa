package dev.samsa.admin;

import java.util.Optional;

/**
 * An offset found by {@link Admin#listOffsets}.
 *
 * @param offset the offset, or -1 if no record matches (a timestamp after the last record)
 * @param timestamp the record's timestamp in ms for a timestamp or max-timestamp lookup, else -1
 * @param leaderEpoch the leader epoch of the record at the offset, if the broker reported one (ListOffsets v4+)
 * @since 0.1.0
 */
public record ListedOffset(long offset, long timestamp, Optional<Integer> leaderEpoch) {
}
