package dev.samsa.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * An offset to commit for a partition, or one read back as committed: the offset of the next record to consume, the
 * leader epoch of the last consumed record (KIP-320; empty if unknown) and free-form metadata stored with it.
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class OffsetAndMetadata {
    private final long offset;
    private final Integer leaderEpoch;
    private final String metadata;

    /**
     * @param offset the next offset to consume, {@code >= 0}
     * @param leaderEpoch the leader epoch of the record before {@code offset}, if known
     * @param metadata stored with the offset (bounded by the broker's {@code offset.metadata.max.bytes}); null is
     *     stored as the empty string
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws NullPointerException if {@code leaderEpoch} is null
     */
    public OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        this.offset = offset;
        // Not Optional.filter with a lambda: the consumer builds one of these per poll, inside its compiled poll.
        Integer epoch = Objects.requireNonNull(leaderEpoch, "leaderEpoch").orElse(null);
        this.leaderEpoch = epoch != null && epoch >= 0 ? epoch : null;
        this.metadata = metadata == null ? "" : metadata;
    }

    /**
     * An offset with metadata and no leader epoch.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, Optional.empty(), metadata);
    }

    /**
     * An offset with empty metadata and no leader epoch.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public OffsetAndMetadata(long offset) {
        this(offset, Optional.empty(), "");
    }

    /** The offset of the next record to consume. */
    public long offset() {
        return offset;
    }

    /** The leader epoch of the last consumed record, if known. */
    public Optional<Integer> leaderEpoch() {
        return Optional.ofNullable(leaderEpoch);
    }

    /** The metadata stored with the offset; never null. */
    public String metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetAndMetadata other && offset == other.offset
                && Objects.equals(leaderEpoch, other.leaderEpoch) && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, leaderEpoch, metadata);
    }

    @Override
    public String toString() {
        return "OffsetAndMetadata(offset=" + offset + ", leaderEpoch=" + leaderEpoch + ", metadata='" + metadata + "')";
    }
}
