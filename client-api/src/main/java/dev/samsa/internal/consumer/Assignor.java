package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partition assignor of the classic group protocol, run by the group leader in SyncGroup. Each implementation
 * reproduces the official client's assignor of the same name: the same members, subscriptions, partitions and racks
 * give the same assignment (checked against the official classes in tests).
 *
 * <p>Racks (KIP-881): a member's {@code client.rack} travels in its subscription (v3 {@code rackId}); the racks of
 * each partition's replicas come from the leader's metadata (every replica's broker {@code broker.rack}, offline and
 * out-of-sync replicas included, as the official assignors count them). The range and sticky assignors use them
 * when {@link #useRackAwareAssignment} says so; round-robin ignores them, as the official one does.
 *
 * <p>Implementations with memory (the sticky ones) are confined to the consumer's {@link SerialExecutor}.
 */
interface Assignor {
    /** One member as the leader sees it in the JoinGroup response. */
    record Member(String memberId, String groupInstanceId, ConsumerProtocol.Subscription subscription) {
    }

    /** The strategy this assignor implements. */
    AssignmentStrategy strategy();

    /** The protocol name in JoinGroup. */
    default String name() {
        return strategy().protocolName();
    }

    /**
     * The assignor's user data for this member's subscription, or null.
     *
     * @param topics the member's subscribed topics
     * @param owned the partitions it owns
     * @param generation the generation it owns them in, -1 if none
     */
    default byte[] subscriptionUserData(Set<String> topics, List<TopicPartition> owned, int generation) {
        return null;
    }

    /**
     * Assigns the partitions of the subscribed topics, without rack information (as if no broker had a rack).
     *
     * @param partitionsPerTopic partition counts of the topics the members subscribe to that exist (others are
     *     left out)
     * @param members every member by member id
     * @return each member's partitions (every member has an entry)
     */
    default Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Member> members) {
        return assign(partitionsPerTopic, Map.of(), members);
    }

    /**
     * Assigns the partitions of the subscribed topics.
     *
     * @param partitionsPerTopic partition counts of the topics the members subscribe to that exist (others are
     *     left out)
     * @param partitionRacks the racks of each partition's replicas; a partition left out has none known
     * @param members every member by member id
     * @return each member's partitions (every member has an entry)
     */
    Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<TopicPartition, Set<String>> partitionRacks, Map<String, Member> members);

    /** Told this member's assignment once SyncGroup returned it. */
    default void onAssignment(List<TopicPartition> assignment, int generation) {
    }

    /** The official client's member order: static members first by instance id, then dynamic ones by member id. */
    Comparator<Member> MEMBER_ORDER = (a, b) -> {
        if (a.groupInstanceId() != null && b.groupInstanceId() != null) {
            return a.groupInstanceId().compareTo(b.groupInstanceId());
        } else if (a.groupInstanceId() != null) {
            return -1;
        } else if (b.groupInstanceId() != null) {
            return 1;
        }
        return a.memberId().compareTo(b.memberId());
    };

    /**
     * Topic, then partition: the order partitions are handed out in. One lambda rather than
     * {@code Comparator.comparing(...).thenComparingInt(...)}, which spins five lambda classes at a consumer's start.
     */
    Comparator<TopicPartition> PARTITION_ORDER = (a, b) -> {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    };

    /** A member's {@code client.rack}, or null if it has none (an empty rack is none). */
    static String rackOf(Member m) {
        String rack = m.subscription().rackId();
        return rack == null || rack.isEmpty() ? null : rack;
    }

    /** The racks of a partition's replicas, empty if none is known. */
    static Set<String> racksOf(Map<TopicPartition, Set<String>> partitionRacks, TopicPartition tp) {
        Set<String> racks = partitionRacks.get(tp);
        return racks == null ? Set.of() : racks;
    }

    /**
     * Whether rack-aware assignment applies (KIP-881): some member rack is also a replica rack, and the partitions
     * do not all have replicas on the same set of racks (if they did, every member would be equally local to all).
     *
     * @param memberRacks the racks of the members concerned
     * @param replicaRacks the union of the racks of the partitions concerned
     * @param racksPerPartition each partition's replica racks (an empty set for a partition with none)
     */
    static boolean useRackAwareAssignment(Set<String> memberRacks, Set<String> replicaRacks,
            Collection<Set<String>> racksPerPartition) {
        if (memberRacks.isEmpty() || Collections.disjoint(memberRacks, replicaRacks)) {
            return false;
        }
        for (Set<String> racks : racksPerPartition) {
            if (!racks.equals(replicaRacks)) {
                return true;
            }
        }
        return false;
    }

    /** The assignor for a strategy. */
    static Assignor of(AssignmentStrategy strategy) {
        return switch (strategy) {
            case RANGE -> new RangeAssignor();
            case ROUND_ROBIN -> new RoundRobinAssignor();
            case STICKY -> new StickyAssignor();
            case COOPERATIVE_STICKY -> new CooperativeStickyAssignor();
        };
    }
}
