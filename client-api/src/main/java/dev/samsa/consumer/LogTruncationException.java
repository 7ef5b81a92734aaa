package dev.samsa.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.errors.OffsetOutOfRangeException;
import java.util.Objects;
import java.util.Optional;

/**
 * The log of a partition was truncated below the consumer's position: records the consumer already read (up to its
 * position) are no longer in the log, and new records may have been written over their offsets. This happens after
 * an unclean leader election, or when a leader lost records that were never replicated. The consumer detects it when
 * it validates its position against the partition's (new) leader with OffsetsForLeaderEpoch (KIP-320): after a
 * leader change, after a seek to an {@link OffsetAndMetadata} with a leader epoch, and when it starts from a
 * committed offset that has one.
 *
 * <p>Thrown by {@link Consumer#poll} only when {@code auto.offset.reset} is {@code none}; with a reset policy the
 * consumer moves its position to the {@linkplain #divergentOffset() first offset known to diverge} on its own (or,
 * if the leader could not tell where the logs diverge, resets it per the policy). The partition is not fetched until
 * the application seeks it: every poll throws this again meanwhile. Fatal for the call; not a Kafka error code.
 *
 * @since 0.1.0
 */
public class LogTruncationException extends OffsetOutOfRangeException {
    private static final long serialVersionUID = 1L;

    private final TopicPartition partition;
    private final long fetchPosition;
    /** -1 if unknown. */
    private final long divergentOffset;
    private final int divergentEpoch;

    /**
     * @param partition the truncated partition
     * @param fetchPosition the consumer's position in it (the offset of the next record it would have returned)
     * @param divergentOffset the first offset known to diverge from what the consumer read, with the leader epoch
     *     of the record before it; empty if the leader could not tell
     */
    public LogTruncationException(TopicPartition partition, long fetchPosition,
            Optional<OffsetAndMetadata> divergentOffset) {
        super("Truncation detected for partition " + partition + " at fetch position " + fetchPosition
                + divergentOffset.map(o -> ": the log diverges from offset " + o.offset()
                        + o.leaderEpoch().map(e -> " (leader epoch " + e + ")").orElse(""))
                        .orElse(": the leader does not know where the log diverges")
                + "; seek to resume (auto.offset.reset=none)");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.fetchPosition = fetchPosition;
        this.divergentOffset = divergentOffset.map(OffsetAndMetadata::offset).orElse(-1L);
        this.divergentEpoch = divergentOffset.flatMap(OffsetAndMetadata::leaderEpoch).orElse(-1);
    }

    /** The truncated partition. */
    public TopicPartition partition() {
        return partition;
    }

    /** The consumer's position when the truncation was detected. */
    public long fetchPosition() {
        return fetchPosition;
    }

    /**
     * The first offset known to diverge (seek there to resume from the first record that differs), with the leader
     * epoch of the record before it; empty if the leader could not tell (its history does not go back to the epoch
     * the consumer read).
     */
    public Optional<OffsetAndMetadata> divergentOffset() {
        return divergentOffset < 0 ? Optional.empty() : Optional.of(new OffsetAndMetadata(divergentOffset,
                divergentEpoch < 0 ? Optional.empty() : Optional.of(divergentEpoch), ""));
    }
}
