package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The {@code range} assignor: topic by topic, the members subscribed to it in {@link Assignor#MEMBER_ORDER} each
 * take a contiguous range of its partitions; the first {@code partitions % members} take one extra. Topics are
 * independent, so the first members of each topic tend to get more in total.
 *
 * <p>Rack-aware (KIP-881), as the official assignor since Kafka 3.5: when some member sets {@code client.rack} and
 * {@link Assignor#useRackAwareAssignment} holds for a topic, a first pass hands each member, within the same per-topic
 * quota (balance comes first), the partitions with a replica on its rack; a member without a rack matches any
 * partition. Topics with the same subscribers and the same partition count stay co-partitioned: partition {@code p}
 * of all of them goes to one member whose rack holds a replica of {@code p} in every one of them. The partitions left
 * over are then handed out as ranges. Stateless.
 */
final class RangeAssignor implements Assignor {
    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.RANGE;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<TopicPartition, Set<String>> partitionRacks, Map<String, Member> members) {
        Map<String, List<TopicPartition>> assignment = new HashMap<>();
        Map<String, List<Member>> byTopic = new TreeMap<>();
        for (Member m : members.values()) {
            assignment.put(m.memberId(), new ArrayList<>());
            for (String topic : m.subscription().topics()) {
                List<Member> subscribers = byTopic.get(topic);
                if (subscribers == null) {
                    subscribers = new ArrayList<>();
                    byTopic.put(topic, subscribers);
                }
                subscribers.add(m);
            }
        }
        List<TopicState> states = new ArrayList<>();
        boolean rackAware = false;
        for (Map.Entry<String, List<Member>> e : byTopic.entrySet()) {
            Integer count = partitionsPerTopic.get(e.getKey());
            if (count == null || count <= 0) {
                continue;
            }
            TopicState state = new TopicState(e.getKey(), count, e.getValue(), partitionRacks);
            states.add(state);
            rackAware |= state.rackAware;
        }
        if (rackAware) {
            assignWithRackMatching(states, assignment);
        }
        for (TopicState state : states) {
            assignRanges(state, (member, p) -> true, assignment);
        }
        if (rackAware) {
            assignment.values().forEach(list -> list.sort(PARTITION_ORDER));
        }
        return assignment;
    }

    /**
     * The rack pass. Topics with the same subscribers and partition count are assigned together, partition index by
     * partition index; any other topic that needs it gets rack-matching ranges on its own.
     */
    private static void assignWithRackMatching(List<TopicState> states,
            Map<String, List<TopicPartition>> assignment) {
        Map<List<String>, Map<Integer, List<TopicState>>> groups = new LinkedHashMap<>();
        for (TopicState s : states) {
            groups.computeIfAbsent(s.members, k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.partitions, k -> new ArrayList<>()).add(s);
        }
        for (Map<Integer, List<TopicState>> byCount : groups.values()) {
            for (Map.Entry<Integer, List<TopicState>> e : byCount.entrySet()) {
                List<TopicState> coPartitioned = e.getValue();
                if (coPartitioned.size() > 1) {
                    assignCoPartitioned(coPartitioned, e.getKey(), assignment);
                } else if (coPartitioned.get(0).rackAware) {
                    TopicState s = coPartitioned.get(0);
                    assignRanges(s, s::racksMatch, assignment);
                }
            }
        }
    }

    private static void assignCoPartitioned(List<TopicState> states, int partitions,
            Map<String, List<TopicPartition>> assignment) {
        Set<String> remaining = new LinkedHashSet<>(states.get(0).members);
        for (int p = 0; p < partitions && !remaining.isEmpty(); p++) {
            String chosen = null;
            for (String member : remaining) {
                boolean fits = true;
                for (TopicState s : states) {
                    if (!s.racksMatch(member, p) || s.maxAssignable(member) <= 0) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    chosen = member;
                    break;
                }
            }
            if (chosen == null) {
                continue;
            }
            boolean more = false;
            for (TopicState s : states) {
                give(chosen, List.of(p), s, assignment);
            }
            for (TopicState s : states) {
                more |= s.maxAssignable(chosen) > 0;
            }
            if (!more) {
                remaining.remove(chosen);
            }
        }
    }

    /** Each member in order takes up to its quota of the still unassigned partitions that {@code mayAssign}. */
    private static void assignRanges(TopicState state, BiPredicate<String, Integer> mayAssign,
            Map<String, List<TopicPartition>> assignment) {
        for (String member : state.members) {
            if (state.unassigned.isEmpty()) {
                break;
            }
            int limit = state.maxAssignable(member);
            List<Integer> take = new ArrayList<>();
            for (int p = state.unassigned.nextSetBit(0); p >= 0 && take.size() < limit;
                    p = state.unassigned.nextSetBit(p + 1)) {
                if (mayAssign.test(member, p)) {
                    take.add(p);
                }
            }
            if (!take.isEmpty()) {
                give(member, take, state, assignment);
            }
        }
    }

    private static void give(String member, List<Integer> partitions, TopicState state,
            Map<String, List<TopicPartition>> assignment) {
        List<TopicPartition> target = assignment.get(member);
        for (int p : partitions) {
            target.add(new TopicPartition(state.topic, p));
            state.unassigned.clear(p);
        }
        Integer before = state.assigned.get(member);
        int assigned = (before == null ? 0 : before) + partitions.size();
        state.assigned.put(member, assigned);
        if (assigned > state.perMember) {
            state.withExtraLeft--;
        }
    }

    /** One topic's progress: its subscribers in order, the quota left, and the racks of its partitions. */
    private static final class TopicState {
        final String topic;
        final int partitions;
        final List<String> members = new ArrayList<>();
        final Map<String, String> memberRacks = new HashMap<>();
        final Map<String, Integer> assigned = new HashMap<>();
        final BitSet unassigned;
        final int perMember;
        int withExtraLeft;
        final List<Set<String>> racks;
        final boolean rackAware;

        TopicState(String topic, int partitions, List<Member> subscribers,
                Map<TopicPartition, Set<String>> partitionRacks) {
            this.topic = topic;
            this.partitions = partitions;
            List<Member> sorted = new ArrayList<>(subscribers);
            sorted.sort(MEMBER_ORDER);
            Set<String> allMemberRacks = new HashSet<>();
            for (Member m : sorted) {
                members.add(m.memberId());
                assigned.put(m.memberId(), 0);
                String rack = Assignor.rackOf(m);
                if (rack != null) {
                    memberRacks.put(m.memberId(), rack);
                    allMemberRacks.add(rack);
                }
            }
            this.unassigned = new BitSet(partitions);
            unassigned.set(0, partitions);
            this.perMember = partitions / members.size();
            this.withExtraLeft = partitions % members.size();
            this.racks = new ArrayList<>(partitions);
            Set<String> allReplicaRacks = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                Set<String> r = Assignor.racksOf(partitionRacks, new TopicPartition(topic, p));
                racks.add(r);
                allReplicaRacks.addAll(r);
            }
            this.rackAware = Assignor.useRackAwareAssignment(allMemberRacks, allReplicaRacks, racks);
        }

        /** A member without a rack matches every partition. */
        boolean racksMatch(String member, int partition) {
            String rack = memberRacks.get(member);
            return rack == null || racks.get(partition).contains(rack);
        }

        int maxAssignable(String member) {
            return Math.max(0, perMember + (withExtraLeft > 0 ? 1 : 0) - assigned.get(member));
        }
    }
}
