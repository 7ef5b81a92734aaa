package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.ConsumerRebalanceListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a consumer reads: its subscription (topics, a pattern, or partitions assigned by hand), its assigned
 * partitions and, per partition, the position (the offset of the next record to return and the leader epoch of the
 * record before it), whether it is paused, and whether its position must first be looked up (committed offset) or
 * reset (ListOffsets), and the replica it is read from when the leader named a closer one (KIP-392). Mirrors the role
 * of the official client's {@code SubscriptionState}.
 *
 * <p>Not thread-safe: confined to the consumer's {@link SerialExecutor}.
 */
final class SubscriptionState {
    /** How partitions are chosen. */
    enum Type {
        NONE, TOPICS, PATTERN, USER_ASSIGNED
    }

    /** What must happen before a partition without a position can be fetched. */
    enum Lookup {
        /** Nothing: the position is known. */
        NONE,
        /** Read the group's committed offset (falls back to the reset strategy). */
        COMMITTED,
        /** Reset with {@link PartitionState#reset}. */
        RESET,
        /**
         * The position is known but must first be validated against the partition's leader with OffsetsForLeaderEpoch
         * (KIP-320): the leader changed since it was set, or it came with a leader epoch (committed offset, seek).
         */
        VALIDATE
    }

    /**
     * One assigned partition. Whatever can make it fetchable or not, or puts its position into a lookup or
     * validation, goes through a method that counts a {@link SubscriptionState#changes() change}; only a drain moves
     * the position directly (from one known offset to the next, with its buffer: the fetcher sees that by the
     * buffer).
     */
    final class PartitionState {
        final TopicPartition tp;
        long position = -1;
        int positionEpoch = -1;
        /**
         * The leader epoch of the partition's leader that the position is known valid against (KIP-320's current
         * leader); -1 if not known yet: the metadata's epoch is then taken as it is.
         */
        int currentLeaderEpoch = -1;
        private boolean paused;
        /** Eager rebalance: about to be revoked; neither fetched nor returned meanwhile. */
        private boolean pendingRevocation;
        private Lookup lookup;
        AutoOffsetReset reset;
        /** Monotonic ms before which no lookup is retried (after a failure). */
        long nextLookupMs;
        /** Whether a lookup is in flight. */
        boolean lookupInFlight;
        long highWatermark = -1;
        long lastStableOffset = -1;
        long logStartOffset = -1;
        /**
         * The replica to fetch from instead of the leader (KIP-392): the {@code preferred_read_replica} of the
         * leader's last Fetch response; -1 for the leader.
         */
        private int preferredReadReplica = -1;
        /** Monotonic ms after which the preferred read replica lapses ({@code metadata.max.age.ms} after it was set). */
        private long preferredReadReplicaExpiresMs;
        /** The leader and leader epoch that named the preferred read replica: it lapses when either changes. */
        private int preferredReadReplicaLeader = -1;
        private int preferredReadReplicaLeaderEpoch = -1;

        PartitionState(TopicPartition tp, Lookup lookup, AutoOffsetReset reset) {
            this.tp = tp;
            this.lookup = lookup;
            this.reset = reset;
        }

        /**
         * The preferred read replica (KIP-392) while it is set, unexpired and was named by {@code leader} at
         * {@code leaderEpoch}; -1 (and cleared) otherwise: fetch from the leader.
         */
        int preferredReadReplica(long nowMs, int leader, int leaderEpoch) {
            if (preferredReadReplica >= 0 && (nowMs > preferredReadReplicaExpiresMs
                    || leader != preferredReadReplicaLeader || leaderEpoch != preferredReadReplicaLeaderEpoch)) {
                preferredReadReplica = -1;
            }
            return preferredReadReplica;
        }

        /**
         * Follows the {@code preferred_read_replica} a leader named (KIP-392). The expiry is set only when the replica
         * changes, as in the official consumer: it does not slide while the leader keeps naming the same one.
         */
        void updatePreferredReadReplica(int replica, int leader, int leaderEpoch, long expiresMs) {
            if (replica != preferredReadReplica) {
                preferredReadReplica = replica;
                preferredReadReplicaExpiresMs = expiresMs;
            }
            preferredReadReplicaLeader = leader;
            preferredReadReplicaLeaderEpoch = leaderEpoch;
        }

        /** Goes back to fetching from the leader. @return the replica cleared, or -1 if none was set */
        int clearPreferredReadReplica() {
            int cleared = preferredReadReplica;
            preferredReadReplica = -1;
            return cleared;
        }

        boolean paused() {
            return paused;
        }

        void setPaused(boolean paused) {
            if (this.paused != paused) {
                this.paused = paused;
                changes++;
            }
        }

        boolean pendingRevocation() {
            return pendingRevocation;
        }

        /** About to be revoked (never undone: a revoked partition leaves the assignment). */
        void markPendingRevocation() {
            pendingRevocation = true;
            changes++;
        }

        Lookup lookup() {
            return lookup;
        }

        void setLookup(Lookup lookup) {
            this.lookup = lookup;
            changes++;
        }

        /** The expiry of the preferred read replica (KIP-392), if one is set; meaningless otherwise. */
        long preferredReadReplicaExpiresMs() {
            return preferredReadReplicaExpiresMs;
        }

        boolean hasPosition() {
            return lookup == Lookup.NONE && position >= 0;
        }

        /** Whether the partition may be fetched now: not paused, not about to be revoked, with a position. */
        boolean fetchable() {
            return !paused && !pendingRevocation && hasPosition();
        }

        void seek(long offset, int epoch) {
            position = offset;
            positionEpoch = epoch;
            lookup = Lookup.NONE;
            lookupInFlight = false;
            nextLookupMs = 0;
            changes++;
        }

        /**
         * Moves to a position that carries the leader epoch of the record before it (a committed offset, a seek with
         * one): it is validated before the partition is fetched, as the log may have been truncated below it.
         */
        void seekUnvalidated(long offset, int epoch) {
            seek(offset, epoch);
            if (epoch >= 0) {
                lookup = Lookup.VALIDATE;
                changes++;
            }
        }

        /** The position must be validated (a leader change, or a diverging epoch reported by a fetch). */
        void requestValidation() {
            if (lookup == Lookup.NONE && position >= 0) {
                lookup = Lookup.VALIDATE;
                lookupInFlight = false;
                nextLookupMs = 0;
                changes++;
            }
        }

        /**
         * Applies the leader epoch the metadata now shows for this partition (ignored if -1): a newer one than the
         * position's current leader epoch means a leader change, after which a position with an epoch must be
         * validated (KIP-320). A position without an epoch (set by a seek to a bare offset and not yet read from)
         * cannot be validated and just takes the new epoch, as in the official consumer.
         *
         * @return whether the position now awaits validation (its buffered records must be dropped)
         */
        boolean onLeaderEpoch(int leaderEpoch) {
            if (leaderEpoch < 0 || position < 0 || (lookup != Lookup.NONE && lookup != Lookup.VALIDATE)) {
                return false;
            }
            if (currentLeaderEpoch < 0) {
                currentLeaderEpoch = leaderEpoch;
                return false;
            }
            if (leaderEpoch <= currentLeaderEpoch) {
                return false;
            }
            currentLeaderEpoch = leaderEpoch;
            if (positionEpoch < 0 || lookup == Lookup.VALIDATE) {
                return false;
            }
            requestValidation();
            return true;
        }

        void requestReset(AutoOffsetReset strategy) {
            position = -1;
            positionEpoch = -1;
            currentLeaderEpoch = -1;
            lookup = Lookup.RESET;
            reset = strategy;
            lookupInFlight = false;
            nextLookupMs = 0;
            changes++;
        }
    }

    private final AutoOffsetReset defaultReset;
    private final boolean hasGroup;
    private Type type = Type.NONE;
    private Set<String> topics = Set.of();
    private Pattern pattern;
    private ConsumerRebalanceListener listener;
    private final Map<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();
    /**
     * The values of {@link #assignment} in order, replaced (never modified) whenever it changes: the fetcher walks
     * them on every poll step without an iterator or a list of its own.
     */
    private PartitionState[] assignedStates = new PartitionState[0];
    /** Bumped on every change of the assignment, so that stale responses can be recognised. */
    private long assignmentEpoch;
    /**
     * Bumped on every change of the assignment and of a partition's pause, pending revocation, lookup or position
     * (other than a drain's): the per-poll passes over the partitions ({@link Fetcher#sendFetches},
     * {@link OffsetValidator#validate}, the consumer's position lookups) skip themselves while it stands still.
     */
    private long changes;

    SubscriptionState(AutoOffsetReset defaultReset, boolean hasGroup) {
        this.defaultReset = defaultReset;
        this.hasGroup = hasGroup;
    }

    Type type() {
        return type;
    }

    boolean hasAutoAssignment() {
        return type == Type.TOPICS || type == Type.PATTERN;
    }

    /** Topics subscribed to (the matched ones for a pattern); the assigned topics for a manual assignment. */
    Set<String> topics() {
        if (type == Type.USER_ASSIGNED) {
            Set<String> out = new TreeSet<>();
            assignment.keySet().forEach(tp -> out.add(tp.topic()));
            return out;
        }
        return topics;
    }

    Pattern pattern() {
        return pattern;
    }

    ConsumerRebalanceListener listener() {
        return listener;
    }

    AutoOffsetReset defaultReset() {
        return defaultReset;
    }

    long assignmentEpoch() {
        return assignmentEpoch;
    }

    /** A count of changes to the partitions' states (see {@link #changes}): unchanged, none of them changed. */
    long changes() {
        return changes;
    }

    void subscribe(Set<String> newTopics, ConsumerRebalanceListener newListener) {
        checkNotManual();
        type = Type.TOPICS;
        pattern = null;
        topics = Collections.unmodifiableSet(new TreeSet<>(newTopics));
        listener = newListener;
    }

    void subscribe(Pattern newPattern, ConsumerRebalanceListener newListener) {
        checkNotManual();
        type = Type.PATTERN;
        pattern = newPattern;
        topics = Set.of();
        listener = newListener;
    }

    /** For a pattern subscription: the topics it matches now. @return whether they changed */
    boolean matchedTopics(Set<String> matched) {
        Set<String> next = Collections.unmodifiableSet(new TreeSet<>(matched));
        if (next.equals(topics)) {
            return false;
        }
        topics = next;
        return true;
    }

    private void checkNotManual() {
        if (type == Type.USER_ASSIGNED) {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive: "
                    + "partitions are assigned by hand (call unsubscribe() first)");
        }
    }

    /** Manual assignment; partitions kept from the previous assignment keep their state. */
    void assignFromUser(Collection<TopicPartition> partitions) {
        if (hasAutoAssignment()) {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive: "
                    + "the consumer is subscribed to " + (type == Type.PATTERN ? "pattern " + pattern
                            : "topics " + topics) + " (call unsubscribe() first)");
        }
        type = Type.USER_ASSIGNED;
        setAssignment(partitions);
    }

    /** The group's assignment; partitions kept keep their state. */
    void assignFromGroup(Collection<TopicPartition> partitions) {
        setAssignment(partitions);
    }

    private void setAssignment(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionState old = assignment.get(tp);
            next.put(tp, old != null ? old : newState(tp));
        }
        assignment.clear();
        assignment.putAll(next);
        assignedStates = assignment.values().toArray(new PartitionState[0]);
        assignmentEpoch++;
        changes++;
    }

    private PartitionState newState(TopicPartition tp) {
        return new PartitionState(tp, hasGroup ? Lookup.COMMITTED : Lookup.RESET, defaultReset);
    }

    void unsubscribe() {
        type = Type.NONE;
        topics = Set.of();
        pattern = null;
        listener = null;
        assignment.clear();
        assignedStates = new PartitionState[0];
        assignmentEpoch++;
        changes++;
    }

    Set<TopicPartition> assignedPartitions() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(assignment.keySet()));
    }

    List<TopicPartition> assignedList() {
        return new ArrayList<>(assignment.keySet());
    }

    boolean isAssigned(TopicPartition tp) {
        return assignment.containsKey(tp);
    }

    /** The partition's state, or null if it is not assigned. */
    PartitionState state(TopicPartition tp) {
        return assignment.get(tp);
    }

    /** The partition's state. @throws IllegalStateException if it is not assigned */
    PartitionState assignedState(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        if (s == null) {
            throw new IllegalStateException("No current assignment for partition " + tp);
        }
        return s;
    }

    Collection<PartitionState> states() {
        return assignment.values();
    }

    Set<TopicPartition> paused() {
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (PartitionState s : assignment.values()) {
            if (s.paused()) {
                out.add(s.tp);
            }
        }
        return out;
    }

    /**
     * The assigned partitions' states, in assignment order. The array is shared and must not be modified; a change of
     * the assignment replaces it.
     */
    PartitionState[] assignedStates() {
        return assignedStates;
    }
}
