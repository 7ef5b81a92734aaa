package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cooperative-sticky} assignor (KIP-429): the sticky assignment, minus every partition that moves to a new
 * owner; the old owner gives it up after this rebalance and the follow-up rebalance hands it over, so nobody stops
 * consuming partitions that stay. Ownership comes from the subscription's owned partitions and generation (v2+), or,
 * from older members, a generation in the user data ({@code int32}). Not thread-safe: confined to the consumer's
 * executor.
 */
final class CooperativeStickyAssignor extends AbstractStickyAssignor {
    private int generation = DEFAULT_GENERATION;

    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.COOPERATIVE_STICKY;
    }

    @Override
    public byte[] subscriptionUserData(Set<String> topics, List<TopicPartition> owned, int memberGeneration) {
        return ByteBuffer.allocate(4).putInt(generation).array();
    }

    @Override
    public void onAssignment(List<TopicPartition> assignment, int newGeneration) {
        this.generation = newGeneration;
    }

    @Override
    MemberData memberData(ConsumerProtocol.Subscription subscription) {
        if (subscription.generationId() >= 0) {
            return new MemberData(subscription.ownedPartitions(), subscription.generationId());
        }
        byte[] userData = subscription.userData();
        Integer encoded;
        if (userData == null) {
            encoded = null;
        } else if (userData.length >= 4) {
            encoded = ByteBuffer.wrap(userData).getInt();
        } else {
            encoded = DEFAULT_GENERATION;
        }
        return new MemberData(subscription.ownedPartitions(), encoded);
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<TopicPartition, Set<String>> partitionRacks, Map<String, Member> members) {
        Map<String, List<TopicPartition>> assignment = super.assign(partitionsPerTopic, partitionRacks, members);
        Map<TopicPartition, String> moving = partitionsTransferringOwnership != null ? partitionsTransferringOwnership
                : transfers(members, assignment);
        moving.forEach((tp, member) -> assignment.get(member).remove(tp));
        return assignment;
    }

    /** Partitions owned by one member and now assigned to another. */
    private static Map<TopicPartition, String> transfers(Map<String, Member> members,
            Map<String, List<TopicPartition>> assignment) {
        Map<TopicPartition, String> added = new HashMap<>();
        Set<TopicPartition> revoked = new HashSet<>();
        for (Map.Entry<String, List<TopicPartition>> e : assignment.entrySet()) {
            List<TopicPartition> owned = members.get(e.getKey()).subscription().ownedPartitions();
            Set<TopicPartition> ownedSet = new HashSet<>(owned);
            for (TopicPartition tp : e.getValue()) {
                if (!ownedSet.contains(tp)) {
                    added.put(tp, e.getKey());
                }
            }
            Set<TopicPartition> assignedSet = new HashSet<>(e.getValue());
            for (TopicPartition tp : owned) {
                if (!assignedSet.contains(tp)) {
                    revoked.add(tp);
                }
            }
        }
        added.keySet().retainAll(revoked);
        return added;
    }
}
