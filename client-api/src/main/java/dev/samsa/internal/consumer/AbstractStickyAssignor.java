package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sticky assignment shared by {@code sticky} (KIP-54) and {@code cooperative-sticky} (KIP-429): balanced (partition
 * counts differ by at most one where subscriptions allow) while keeping as many partitions as possible with the member
 * that owned them.
 *
 * <p>Two algorithms, chosen as the official client chooses them. When every member subscribes to the same topics, a
 * quota-based one: members keep their owned partitions up to the quota (the ones with the lowest partition numbers
 * first), then the unowned partitions, in topic and partition order, fill the members below quota round-robin in
 * member id order. Otherwise a general one: owned partitions stay, unowned ones go to the least loaded eligible
 * member, then partitions move from loaded to lighter members (back to their previous owner first) until balanced,
 * and the result is kept only if it is better balanced than before.
 *
 * <p>Owned partitions are taken from the members of the highest generation; a partition claimed by two members of the
 * same generation is taken from both. Every tie is broken exactly as the official assignor breaks it (member id order,
 * topic order by number of subscribers then name, and the iteration orders of the hash-based collections involved,
 * which the implementation mirrors), so that a Samsa leader and an official leader assign a group the same way.
 *
 * <p>Rack-aware (KIP-881), as the official assignors since Kafka 3.5, when some member sets {@code client.rack} and
 * {@link Assignor#useRackAwareAssignment} holds over all partitions: a member keeps an owned partition only if a
 * replica of it is on the member's rack (a member without a rack keeps all). The quota-based algorithm then first
 * fills members below quota with partitions on their rack (partitions with the fewest rack-local members first,
 * members round-robin), and the general one first gives each partition to the least loaded eligible member on a
 * replica's rack; what is left is assigned as without racks. Balance still comes before rack locality.
 *
 * <p>On rare inputs (seen in tests with racks, about one in several thousand) the official general algorithm's
 * balancing loop never returns: it moves partitions back and forth between the same states (the same class of bug as
 * librdkafka issue 4783). Samsa's detects the repeated state, which a run that returns never reaches, and finishes
 * with moves that cannot cycle; everywhere else it moves exactly as the official one. Not thread-safe: confined to
 * the consumer's executor.
 */
abstract class AbstractStickyAssignor implements Assignor {
    static final int DEFAULT_GENERATION = -1;

    /** The partitions a member claims and the generation it claims them in (null: unknown). */
    record MemberData(List<TopicPartition> partitions, Integer generation) {
    }

    /** The highest member generation seen by this instance, across assignments (as in the official assignor). */
    private int maxGeneration = DEFAULT_GENERATION;
    /** Set by the quota-based algorithm: partitions given to a member other than their previous owner. */
    protected Map<TopicPartition, String> partitionsTransferringOwnership = new HashMap<>();
    /** Of the last assignment, for tests: the passes of the general balancing loop, 0 for the quota-based one. */
    int lastBalancingPasses;
    /** Of the last assignment, for tests: whether the general balancing loop went round in a cycle. */
    boolean lastCycleBroken;

    /** Reads what a member claims from its subscription. */
    abstract MemberData memberData(ConsumerProtocol.Subscription subscription);

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> allPartitionsPerTopic,
            Map<TopicPartition, Set<String>> partitionRacks, Map<String, Member> members) {
        // Only topics somebody subscribes to take part, as in the official assignor's view of the metadata.
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        for (Member m : members.values()) {
            for (String topic : m.subscription().topics()) {
                Integer n = allPartitionsPerTopic.get(topic);
                if (n != null && n > 0) {
                    partitionsPerTopic.put(topic, n);
                }
            }
        }
        // The official leader collects the subscriptions in a HashMap in JoinGroup order; iterating the same kind
        // of map filled in the same order visits members in the same order.
        Map<String, Member> subscriptions = new HashMap<>();
        for (Member m : members.values()) {
            subscriptions.put(m.memberId(), m);
        }
        RackInfo racks = new RackInfo(partitionsPerTopic, partitionRacks, subscriptions);
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        Set<TopicPartition> multiplyOwned = new HashSet<>();
        lastBalancingPasses = 0;
        lastCycleBroken = false;
        if (collectOwned(partitionsPerTopic.keySet(), subscriptions, owned, multiplyOwned)) {
            partitionsTransferringOwnership = new HashMap<>();
            return new QuotaAssignment(partitionsPerTopic, racks, owned, multiplyOwned).build();
        }
        partitionsTransferringOwnership = null;
        GeneralAssignment general = new GeneralAssignment(partitionsPerTopic, racks, owned, subscriptions);
        Map<String, List<TopicPartition>> assignment = general.build();
        lastBalancingPasses = general.balancingPasses;
        lastCycleBroken = general.cycleBroken;
        return assignment;
    }

    private static int generationOf(ConsumerProtocol.Subscription s) {
        return s.generationId() < 0 ? DEFAULT_GENERATION : s.generationId();
    }

    /**
     * Fills {@code owned} with each member's valid claims (topics still assigned; a conflict between generations goes
     * to the newer one, a conflict within one generation to nobody, recorded in {@code multiplyOwned}).
     *
     * @return whether every member subscribes to the same topics
     */
    private boolean collectOwned(Set<String> topics, Map<String, Member> subscriptions,
            Map<String, List<TopicPartition>> owned, Set<TopicPartition> multiplyOwned) {
        boolean allEqual = true;
        Set<String> firstTopics = new HashSet<>();
        Map<TopicPartition, String> claimedBy = new HashMap<>();
        for (Map.Entry<String, Member> e : subscriptions.entrySet()) {
            String member = e.getKey();
            ConsumerProtocol.Subscription sub = e.getValue().subscription();
            if (firstTopics.isEmpty()) {
                firstTopics.addAll(sub.topics());
            } else if (allEqual && !(sub.topics().size() == firstTopics.size()
                    && firstTopics.containsAll(sub.topics()))) {
                allEqual = false;
            }
            MemberData data = memberData(sub);
            int generation = data.generation() == null ? DEFAULT_GENERATION : data.generation();
            maxGeneration = Math.max(maxGeneration, generation);
            List<TopicPartition> mine = new ArrayList<>();
            owned.put(member, mine);
            for (TopicPartition tp : data.partitions()) {
                if (!topics.contains(tp.topic())) {
                    continue;
                }
                String other = claimedBy.get(tp);
                if (other == null) {
                    mine.add(tp);
                    claimedBy.put(tp, member);
                    continue;
                }
                int otherGeneration = generationOf(subscriptions.get(other).subscription());
                if (generation == otherGeneration) {
                    multiplyOwned.add(tp);
                    owned.get(other).remove(tp);
                    claimedBy.put(tp, member);
                } else if (generation > otherGeneration) {
                    mine.add(tp);
                    owned.get(other).remove(tp);
                    claimedBy.put(tp, member);
                }
            }
        }
        return allEqual;
    }

    /** All partitions of the given topics, topic by topic in the given order, partition numbers ascending. */
    private static List<TopicPartition> partitionsOf(List<String> topics, Map<String, Integer> partitionsPerTopic) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : topics) {
            int n = partitionsPerTopic.get(topic);
            for (int i = 0; i < n; i++) {
                out.add(new TopicPartition(topic, i));
            }
        }
        return out;
    }

    private static int total(Map<String, Integer> partitionsPerTopic) {
        int n = 0;
        for (int c : partitionsPerTopic.values()) {
            n += c;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------- racks

    /** Member and replica racks, when rack-aware assignment applies; empty maps otherwise. */
    private static final class RackInfo {
        /** Member id to rack, only when rack-aware. */
        final Map<String, String> memberRacks;
        /** Every partition's replica racks, only when rack-aware. */
        final Map<TopicPartition, Set<String>> partitionRacks;
        /** Per partition, how many members are on a rack of its replicas; empty when no member has a rack. */
        private final Map<TopicPartition, Integer> localMembers;

        RackInfo(Map<String, Integer> partitionsPerTopic, Map<TopicPartition, Set<String>> replicaRacks,
                Map<String, Member> subscriptions) {
            Map<String, String> racksOfMembers = new HashMap<>();
            Map<String, Integer> membersPerRack = new HashMap<>();
            for (Member m : subscriptions.values()) {
                String rack = Assignor.rackOf(m);
                if (rack != null) {
                    racksOfMembers.put(m.memberId(), rack);
                    membersPerRack.merge(rack, 1, Integer::sum);
                }
            }
            Map<TopicPartition, Set<String>> racks = new HashMap<>();
            Set<String> allReplicaRacks = new HashSet<>();
            localMembers = new HashMap<>();
            if (!racksOfMembers.isEmpty()) {
                for (Map.Entry<String, Integer> e : partitionsPerTopic.entrySet()) {
                    for (int p = 0; p < e.getValue(); p++) {
                        TopicPartition tp = new TopicPartition(e.getKey(), p);
                        Set<String> r = Assignor.racksOf(replicaRacks, tp);
                        racks.put(tp, r);
                        allReplicaRacks.addAll(r);
                        int n = 0;
                        for (String rack : r) {
                            n += membersPerRack.getOrDefault(rack, 0);
                        }
                        localMembers.put(tp, n);
                    }
                }
            }
            if (Assignor.useRackAwareAssignment(membersPerRack.keySet(), allReplicaRacks, racks.values())) {
                memberRacks = racksOfMembers;
                partitionRacks = racks;
            } else {
                memberRacks = Map.of();
                partitionRacks = Map.of();
            }
        }

        boolean rackAware() {
            return !memberRacks.isEmpty();
        }

        /** The member has a rack and no replica of the partition is on it. */
        boolean racksMismatch(String member, TopicPartition tp) {
            String rack = memberRacks.get(member);
            return rack != null && !Assignor.racksOf(partitionRacks, tp).contains(rack);
        }

        /** Partitions with the fewest rack-local members first (stable: ties keep their order). */
        List<TopicPartition> sortByLocalMembers(List<TopicPartition> partitions) {
            if (localMembers.isEmpty()) {
                return partitions;
            }
            List<TopicPartition> sorted = new LinkedList<>(partitions);
            sorted.sort(Comparator.comparingInt(tp -> localMembers.getOrDefault(tp, 0)));
            return sorted;
        }

        /** The index of the first member from {@code first} on (wrapping) whose rack holds a replica, or -1. */
        int nextRackMember(TopicPartition tp, List<String> members, int first) {
            Set<String> racks = partitionRacks.get(tp);
            if (racks == null || racks.isEmpty()) {
                return -1;
            }
            for (int i = 0; i < members.size(); i++) {
                int index = (first + i) % members.size();
                String rack = memberRacks.get(members.get(index));
                if (rack != null && racks.contains(rack)) {
                    return index;
                }
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------- quota-based

    /** Every member subscribes to the same topics: fill members up to a per-member quota. */
    private final class QuotaAssignment {
        private final Map<String, Integer> partitionsPerTopic;
        private final RackInfo racks;
        private final Map<String, List<TopicPartition>> owned;
        private final Set<TopicPartition> multiplyOwned;
        private final Map<TopicPartition, String> maybeRevoked = new HashMap<>();
        private final List<String> underMinQuota = new LinkedList<>();
        private final LinkedList<String> atMinQuota = new LinkedList<>();
        private final int totalPartitions;
        private final int minQuota;
        private final int maxQuota;
        /** How many members end with maxQuota (the remainder), and how many have it so far. */
        private final int expectedOverMin;
        private int currentOverMin;
        private final Map<String, List<TopicPartition>> assignment = new HashMap<>();
        private final List<TopicPartition> assigned = new ArrayList<>();

        QuotaAssignment(Map<String, Integer> partitionsPerTopic, RackInfo racks,
                Map<String, List<TopicPartition>> owned, Set<TopicPartition> multiplyOwned) {
            this.partitionsPerTopic = partitionsPerTopic;
            this.racks = racks;
            this.owned = owned;
            this.multiplyOwned = multiplyOwned;
            this.totalPartitions = total(partitionsPerTopic);
            int members = owned.size();
            this.minQuota = (int) Math.floor((double) totalPartitions / members);
            this.maxQuota = (int) Math.ceil((double) totalPartitions / members);
            this.expectedOverMin = totalPartitions % members;
            for (String m : owned.keySet()) {
                assignment.put(m, new ArrayList<>(maxQuota));
            }
        }

        Map<String, List<TopicPartition>> build() {
            keepOwned();
            List<TopicPartition> unassigned = unassigned();
            Collections.sort(underMinQuota);
            Collections.sort(atMinQuota);
            unassigned = racks.sortByLocalMembers(unassigned);
            fillRackAware(unassigned);
            fillRoundRobin(unassigned);
            return assignment;
        }

        private void keepOwned() {
            for (Map.Entry<String, List<TopicPartition>> e : owned.entrySet()) {
                String member = e.getKey();
                List<TopicPartition> mine = new ArrayList<>();
                for (TopicPartition tp : e.getValue()) {
                    // an owned partition off the member's rack is up for grabs, like one over quota
                    if (racks.racksMismatch(member, tp)) {
                        maybeRevoked.put(tp, member);
                    } else {
                        mine.add(tp);
                    }
                }
                mine.sort(Comparator.comparingInt(TopicPartition::partition).thenComparing(TopicPartition::topic));
                mine.removeAll(multiplyOwned);
                List<TopicPartition> target = assignment.get(member);
                if (mine.size() < minQuota) {
                    target.addAll(mine);
                    assigned.addAll(mine);
                    underMinQuota.add(member);
                } else if (mine.size() >= maxQuota && currentOverMin < expectedOverMin) {
                    currentOverMin++;
                    if (currentOverMin == expectedOverMin) {
                        atMinQuota.clear();
                    }
                    target.addAll(mine.subList(0, maxQuota));
                    assigned.addAll(mine.subList(0, maxQuota));
                    for (TopicPartition tp : mine.subList(maxQuota, mine.size())) {
                        maybeRevoked.put(tp, member);
                    }
                } else {
                    target.addAll(mine.subList(0, minQuota));
                    assigned.addAll(mine.subList(0, minQuota));
                    for (TopicPartition tp : mine.subList(minQuota, mine.size())) {
                        maybeRevoked.put(tp, member);
                    }
                    if (currentOverMin < expectedOverMin) {
                        atMinQuota.add(member);
                    }
                }
            }
        }

        /** The partitions nobody kept, in topic name then partition order. */
        private List<TopicPartition> unassigned() {
            List<String> topics = new ArrayList<>(partitionsPerTopic.keySet());
            Collections.sort(topics);
            Set<TopicPartition> taken = new HashSet<>(assigned);
            List<TopicPartition> out = new ArrayList<>();
            for (TopicPartition tp : partitionsOf(topics, partitionsPerTopic)) {
                if (!taken.contains(tp)) {
                    out.add(tp);
                }
            }
            return out;
        }

        /**
         * Rack pass: members below quota take partitions on their rack round-robin (a member reaching the minimum
         * quota leaves the rotation), then members at the minimum take one more while the remainder allows. Removes
         * what it assigns from {@code unassigned}.
         */
        private void fillRackAware(List<TopicPartition> unassigned) {
            if (!racks.rackAware()) {
                return;
            }
            int cursor = 0;
            for (Iterator<TopicPartition> it = unassigned.iterator(); it.hasNext(); ) {
                TopicPartition tp = it.next();
                String member = null;
                int index = racks.nextRackMember(tp, underMinQuota, cursor);
                if (index >= 0) {
                    member = underMinQuota.get(index);
                    int count = assignment.get(member).size() + 1;
                    if (count >= minQuota) {
                        underMinQuota.remove(member);
                        if (count < maxQuota && currentOverMin < expectedOverMin) {
                            atMinQuota.add(member);
                        }
                    } else {
                        index++;
                    }
                    cursor = underMinQuota.isEmpty() ? 0 : index % underMinQuota.size();
                } else if (!atMinQuota.isEmpty()) {
                    int first = racks.nextRackMember(tp, atMinQuota, 0);
                    if (first >= 0) {
                        member = atMinQuota.get(first);
                        if (assignment.get(member).size() + 1 == maxQuota) {
                            atMinQuota.remove(first);
                            currentOverMin++;
                            if (currentOverMin == expectedOverMin) {
                                atMinQuota.clear();
                            }
                        }
                    }
                }
                if (member != null) {
                    give(tp, member);
                    it.remove();
                }
            }
        }

        private void fillRoundRobin(List<TopicPartition> unassigned) {
            Iterator<String> cursor = underMinQuota.iterator();
            for (TopicPartition tp : unassigned) {
                String member;
                if (cursor.hasNext()) {
                    member = cursor.next();
                } else if (underMinQuota.isEmpty() && atMinQuota.isEmpty()) {
                    throw new IllegalStateException("No member left below its quota for partition " + tp);
                } else if (underMinQuota.isEmpty()) {
                    member = atMinQuota.poll();
                } else {
                    cursor = underMinQuota.iterator();
                    member = cursor.next();
                }
                int count = give(tp, member);
                if (count == minQuota) {
                    cursor.remove();
                    atMinQuota.add(member);
                } else if (count == maxQuota) {
                    currentOverMin++;
                }
            }
        }

        private int give(TopicPartition tp, String member) {
            List<TopicPartition> target = assignment.get(member);
            target.add(tp);
            String previous = maybeRevoked.get(tp);
            if ((previous != null && !previous.equals(member)) || multiplyOwned.contains(tp)) {
                partitionsTransferringOwnership.put(tp, member);
            }
            return target.size();
        }
    }

    // ---------------------------------------------------------------------------------------------- general

    /**
     * All that a pass of the general balancing loop reads besides its fixed input (subscriptions, candidates,
     * previous owners): the owner of every partition, from which the member loads and their order follow, and the
     * recorded movements, whose state decides which partition a move back picks.
     */
    private record BalancingState(Map<TopicPartition, String> owners, Object movements) {
    }

    /** A member and the generation in which it owned a partition. */
    private record PreviousOwner(String member, int generation) {
    }

    /** Subscriptions differ: assign greedily to the least loaded, then rebalance by moving partitions. */
    private final class GeneralAssignment {
        private final Map<String, Integer> partitionsPerTopic;
        private final RackInfo racks;
        private final Map<String, Member> subscriptions;
        private final Map<String, List<TopicPartition>> current;
        private final int totalPartitions;
        private final Map<String, List<String>> topicConsumers = new HashMap<>();
        private final Map<String, List<String>> consumerTopics = new HashMap<>();
        private final Map<TopicPartition, String> partitionConsumer = new HashMap<>();
        private final List<TopicPartition> sortedAllPartitions;
        private final TreeSet<String> byLoad;
        private final Movements movements = new Movements();
        private boolean revocationRequired;
        private int balancingPasses;
        private boolean cycleBroken;

        GeneralAssignment(Map<String, Integer> partitionsPerTopic, RackInfo racks,
                Map<String, List<TopicPartition>> owned, Map<String, Member> subscriptions) {
            this.partitionsPerTopic = partitionsPerTopic;
            this.racks = racks;
            this.subscriptions = subscriptions;
            this.current = owned;
            this.totalPartitions = total(partitionsPerTopic);
            for (String topic : partitionsPerTopic.keySet()) {
                topicConsumers.put(topic, new ArrayList<>());
            }
            for (Map.Entry<String, Member> e : subscriptions.entrySet()) {
                String member = e.getKey();
                List<String> topics = new ArrayList<>();
                consumerTopics.put(member, topics);
                for (String topic : e.getValue().subscription().topics()) {
                    if (partitionsPerTopic.get(topic) != null) {
                        topics.add(topic);
                        topicConsumers.get(topic).add(member);
                    }
                }
                current.computeIfAbsent(member, k -> new ArrayList<>());
            }
            for (Map.Entry<String, List<TopicPartition>> e : current.entrySet()) {
                for (TopicPartition tp : e.getValue()) {
                    partitionConsumer.put(tp, e.getKey());
                }
            }
            List<String> topics = new ArrayList<>(topicConsumers.keySet());
            topics.sort(topicOrder());
            this.sortedAllPartitions = partitionsOf(topics, partitionsPerTopic);
            this.byLoad = new TreeSet<>((a, b) -> {
                int c = current.get(a).size() - current.get(b).size();
                return c != 0 ? c : a.compareTo(b);
            });
        }

        /** Topics with fewer potential consumers first, then by name. */
        private Comparator<String> topicOrder() {
            return (a, b) -> {
                int c = topicConsumers.get(a).size() - topicConsumers.get(b).size();
                return c != 0 ? c : a.compareTo(b);
            };
        }

        Map<String, List<TopicPartition>> build() {
            Map<TopicPartition, PreviousOwner> previous = new HashMap<>();
            collectPrevious(previous);
            List<TopicPartition> kept = keepOwned();
            List<TopicPartition> unassigned = unassigned(kept);
            byLoad.addAll(current.keySet());
            balance(previous, unassigned);
            return current;
        }

        private void collectPrevious(Map<TopicPartition, PreviousOwner> previous) {
            for (Map.Entry<String, Member> e : subscriptions.entrySet()) {
                MemberData data = memberData(e.getValue().subscription());
                if (data.generation() != null && data.generation() < maxGeneration) {
                    remember(previous, data.partitions(), e.getKey(), data.generation());
                } else if (data.generation() == null && maxGeneration > DEFAULT_GENERATION) {
                    remember(previous, data.partitions(), e.getKey(), DEFAULT_GENERATION);
                }
            }
        }

        private void remember(Map<TopicPartition, PreviousOwner> previous, List<TopicPartition> partitions,
                String member, int generation) {
            for (TopicPartition tp : partitions) {
                PreviousOwner p = previous.get(tp);
                if (p == null || generation > p.generation()) {
                    previous.put(tp, new PreviousOwner(member, generation));
                }
            }
        }

        /** Drops claims on vanished members and topics, and on topics a member no longer subscribes to. */
        private List<TopicPartition> keepOwned() {
            List<TopicPartition> kept = new ArrayList<>();
            for (Iterator<Map.Entry<String, List<TopicPartition>>> it = current.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, List<TopicPartition>> e = it.next();
                Member member = subscriptions.get(e.getKey());
                if (member == null) {
                    e.getValue().forEach(partitionConsumer::remove);
                    it.remove();
                    continue;
                }
                for (Iterator<TopicPartition> pit = e.getValue().iterator(); pit.hasNext(); ) {
                    TopicPartition tp = pit.next();
                    if (!topicConsumers.containsKey(tp.topic())) {
                        pit.remove();
                        partitionConsumer.remove(tp);
                    } else if (!member.subscription().topics().contains(tp.topic())
                            || racks.racksMismatch(e.getKey(), tp)) {
                        pit.remove();
                        revocationRequired = true;
                    } else {
                        kept.add(tp);
                    }
                }
            }
            return kept;
        }

        private List<TopicPartition> unassigned(List<TopicPartition> kept) {
            if (kept.isEmpty()) {
                return sortedAllPartitions;
            }
            Set<TopicPartition> taken = new HashSet<>(kept);
            List<TopicPartition> out = new ArrayList<>();
            for (TopicPartition tp : sortedAllPartitions) {
                if (!taken.contains(tp)) {
                    out.add(tp);
                }
            }
            return out;
        }

        private int maxAssignmentSize(List<String> topics) {
            if (topics.size() == partitionsPerTopic.size()) {
                return totalPartitions;
            }
            int n = 0;
            for (String t : topics) {
                n += partitionsPerTopic.get(t);
            }
            return n;
        }

        private boolean isBalanced() {
            int min = current.get(byLoad.first()).size();
            int max = current.get(byLoad.last()).size();
            if (min >= max - 1) {
                return true;
            }
            Map<TopicPartition, String> owner = new HashMap<>();
            for (Map.Entry<String, List<TopicPartition>> e : current.entrySet()) {
                for (TopicPartition tp : e.getValue()) {
                    owner.put(tp, e.getKey());
                }
            }
            for (String member : byLoad) {
                List<TopicPartition> mine = current.get(member);
                int count = mine.size();
                List<String> topics = consumerTopics.get(member);
                if (count == maxAssignmentSize(topics)) {
                    continue;
                }
                for (String topic : topics) {
                    int n = partitionsPerTopic.get(topic);
                    for (int i = 0; i < n; i++) {
                        TopicPartition tp = new TopicPartition(topic, i);
                        if (!mine.contains(tp)) {
                            String other = owner.get(tp);
                            if (count + 1 < current.get(other).size()) {
                                return false;
                            }
                        }
                    }
                }
            }
            return true;
        }

        /** Sum over member pairs of the difference in partition counts: 0 is perfectly balanced. */
        private int balanceScore(Map<String, List<TopicPartition>> assignment) {
            List<Integer> sizes = new ArrayList<>();
            assignment.values().forEach(l -> sizes.add(l.size()));
            int score = 0;
            for (int i = 0; i < sizes.size(); i++) {
                for (int j = i + 1; j < sizes.size(); j++) {
                    score += Math.abs(sizes.get(i) - sizes.get(j));
                }
            }
            return score;
        }

        /**
         * Gives each partition to the least loaded member subscribed to its topic (and, with {@code matchRacks}, not
         * on another rack than its replicas); with {@code removeAssigned}, removes the partitions given.
         */
        private void assignToLeastLoaded(List<TopicPartition> unassigned, boolean matchRacks,
                boolean removeAssigned) {
            for (Iterator<TopicPartition> it = unassigned.iterator(); it.hasNext(); ) {
                TopicPartition tp = it.next();
                if (topicConsumers.get(tp.topic()).isEmpty()) {
                    continue;
                }
                for (String member : byLoad) {
                    if (consumerTopics.get(member).contains(tp.topic())
                            && !(matchRacks && racks.racksMismatch(member, tp))) {
                        byLoad.remove(member);
                        current.get(member).add(tp);
                        partitionConsumer.put(tp, member);
                        byLoad.add(member);
                        if (removeAssigned) {
                            it.remove();
                        }
                        break;
                    }
                }
            }
        }

        private boolean topicMovable(String topic) {
            return topicConsumers.get(topic).size() >= 2;
        }

        private boolean memberMovable(String member) {
            List<TopicPartition> mine = current.get(member);
            if (mine.size() < maxAssignmentSize(consumerTopics.get(member))) {
                return true;
            }
            for (TopicPartition tp : mine) {
                if (topicMovable(tp.topic())) {
                    return true;
                }
            }
            return false;
        }

        private void balance(Map<TopicPartition, PreviousOwner> previous, List<TopicPartition> unassigned) {
            boolean initializing = current.get(byLoad.last()).isEmpty();
            List<TopicPartition> toAssign = unassigned;
            if (racks.rackAware()) {
                toAssign = new LinkedList<>(unassigned);
                assignToLeastLoaded(toAssign, true, true);
            }
            assignToLeastLoaded(toAssign, false, false);

            Set<TopicPartition> fixedPartitions = new HashSet<>();
            for (String topic : topicConsumers.keySet()) {
                if (!topicMovable(topic)) {
                    int n = partitionsPerTopic.get(topic);
                    for (int i = 0; i < n; i++) {
                        fixedPartitions.add(new TopicPartition(topic, i));
                    }
                }
            }
            sortedAllPartitions.removeAll(fixedPartitions);
            unassigned.removeAll(fixedPartitions);

            Map<String, List<TopicPartition>> fixedMembers = new HashMap<>();
            for (String member : consumerTopics.keySet()) {
                if (!memberMovable(member)) {
                    byLoad.remove(member);
                    fixedMembers.put(member, current.remove(member));
                }
            }

            Map<String, List<TopicPartition>> before = copy(current);
            Map<TopicPartition, String> ownersBefore = new HashMap<>(partitionConsumer);

            if (!revocationRequired) {
                reassign(unassigned, previous);
            }
            boolean moved = reassign(sortedAllPartitions, previous);

            if (!initializing && moved && balanceScore(current) >= balanceScore(before)) {
                current.clear();
                before.forEach((k, v) -> current.put(k, new ArrayList<>(v)));
                partitionConsumer.clear();
                partitionConsumer.putAll(ownersBefore);
            }
            for (Map.Entry<String, List<TopicPartition>> e : fixedMembers.entrySet()) {
                current.put(e.getKey(), e.getValue());
                byLoad.add(e.getKey());
            }
        }

        private Map<String, List<TopicPartition>> copy(Map<String, List<TopicPartition>> source) {
            Map<String, List<TopicPartition>> out = new HashMap<>();
            source.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
            return out;
        }

        /**
         * Moves partitions towards balance until no move helps, as the official assignor does, except that it stops
         * if the balancing state at the end of a pass repeats an earlier one (Brent's cycle detection): the official
         * loop would then run forever. It then finishes with {@link #settle}.
         *
         * <p>Why the check cannot change a run that terminates: a pass is a deterministic function of the state at
         * its start, and {@link #snapshot} holds all of that state that a pass reads (see {@link BalancingState}).
         * If two passes end in the same state, the passes after them repeat forever, so the official loop never
         * returns; a run that returns therefore never repeats a state, the check never fires on it, and it moves
         * exactly as the official one. (One theoretical gap, see {@link Movements#snapshot}: a {@code HashSet}
         * bucket that becomes a tree, which needs a topic of over 400 partitions, has a shape the snapshot does
         * not see; the result is still valid and balanced then.)
         *
         * @return whether anything moved
         */
        private boolean reassign(List<TopicPartition> candidates, Map<TopicPartition, PreviousOwner> previous) {
            boolean moved = false;
            boolean modified;
            BalancingState checkpoint = snapshot();
            int power = 1;
            int sinceCheckpoint = 0;
            do {
                modified = false;
                balancingPasses++;
                Iterator<TopicPartition> it = candidates.iterator();
                while (it.hasNext() && !isBalanced()) {
                    TopicPartition tp = it.next();
                    String member = partitionConsumer.get(tp);
                    PreviousOwner prev = previous.get(tp);
                    if (goesBackTo(prev, tp, current.get(member).size())) {
                        move(tp, prev.member());
                        moved = true;
                        modified = true;
                        continue;
                    }
                    for (String other : topicConsumers.get(tp.topic())) {
                        if (current.get(member).size() > current.get(other).size() + 1) {
                            moveToLeastLoaded(tp);
                            moved = true;
                            modified = true;
                            break;
                        }
                    }
                }
                if (modified) {
                    BalancingState state = snapshot();
                    if (state.equals(checkpoint)) {
                        cycleBroken = true;
                        settle(candidates, previous);
                        return true;
                    }
                    if (++sinceCheckpoint == power) {
                        checkpoint = state;
                        power *= 2;
                        sinceCheckpoint = 0;
                    }
                }
            } while (modified);
            return moved;
        }

        /**
         * Finishes a balancing that went round in a cycle, with moves that always terminate: a candidate moves from
         * its owner to its previous owner, else to the least loaded member subscribed to its topic, only when the
         * owner has at least two partitions more than the receiver. Each such move lowers the sum of the squared
         * partition counts by at least 2, so there are finitely many; the passes stop when balanced or when a pass
         * moves nothing (over all movable partitions, that too means {@link #isBalanced()}). Where a partition moved
         * along the same pair the other way earlier, that earlier move is undone instead (as in the official loop),
         * but only if the partition it brings back is on the same owner: the official loop's undo can take it from
         * a third member, the one kind of move that does not lower the sum, which is what lets that loop cycle.
         */
        private void settle(List<TopicPartition> candidates, Map<TopicPartition, PreviousOwner> previous) {
            boolean modified;
            do {
                modified = false;
                balancingPasses++;
                Iterator<TopicPartition> it = candidates.iterator();
                while (it.hasNext() && !isBalanced()) {
                    TopicPartition tp = it.next();
                    String member = partitionConsumer.get(tp);
                    int count = current.get(member).size();
                    PreviousOwner prev = previous.get(tp);
                    String to = null;
                    if (goesBackTo(prev, tp, count)) {
                        to = prev.member();
                    } else {
                        for (String other : byLoad) {
                            if (consumerTopics.get(other).contains(tp.topic())) {
                                to = count > current.get(other).size() + 1 ? other : null;
                                break;
                            }
                        }
                    }
                    if (to != null) {
                        TopicPartition actual = movements.partitionToMove(tp, member, to);
                        transfer(member.equals(partitionConsumer.get(actual)) ? actual : tp, to);
                        modified = true;
                    }
                }
            } while (modified);
        }

        /**
         * Whether {@code tp}, whose owner has {@code ownerCount} partitions, goes back to its previous owner
         * {@code prev} (null for none): only if that member has at least two partitions fewer and still subscribes
         * to the topic. One that no longer does would get a partition it did not ask for, or, if it was set aside as
         * unable to take part in the reassignment, is not in the current assignment at all: Kafka 4.1.1's assignor
         * does the former and throws a NullPointerException on the latter.
         */
        private boolean goesBackTo(PreviousOwner prev, TopicPartition tp, int ownerCount) {
            return prev != null && consumerTopics.get(prev.member()).contains(tp.topic())
                    && ownerCount > current.get(prev.member()).size() + 1;
        }

        /** What the next balancing pass depends on besides the fixed input. */
        private BalancingState snapshot() {
            return new BalancingState(new HashMap<>(partitionConsumer), movements.snapshot());
        }

        private void moveToLeastLoaded(TopicPartition tp) {
            for (String member : byLoad) {
                if (consumerTopics.get(member).contains(tp.topic())) {
                    move(tp, member);
                    return;
                }
            }
        }

        /** Moves {@code tp} (or, to undo an earlier move, another partition of its topic) to {@code to}. */
        private void move(TopicPartition tp, String to) {
            String from = partitionConsumer.get(tp);
            transfer(movements.partitionToMove(tp, from, to), to);
        }

        private void transfer(TopicPartition actual, String to) {
            String oldOwner = partitionConsumer.get(actual);
            byLoad.remove(oldOwner);
            byLoad.remove(to);
            movements.record(actual, oldOwner, to);
            current.get(oldOwner).remove(actual);
            current.get(to).add(actual);
            partitionConsumer.put(actual, to);
            byLoad.add(to);
            byLoad.add(oldOwner);
        }
    }

    // ---------------------------------------------------------------------------------------------- movements

    /**
     * The partitions moved between members during one general assignment, per topic and (from, to) pair, so that a
     * move back along a pair undoes an earlier move instead of adding one (stickiness). Partitions are keyed with
     * the official client's {@code TopicPartition} hash, so that picking "any partition moved from b to a" picks the
     * same one the official assignor picks.
     */
    private static final class Movements {
        private record Pair(String from, String to) {
            @Override
            public int hashCode() {
                return 31 * (31 + from.hashCode()) + to.hashCode();
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Pair p && from.equals(p.from) && to.equals(p.to);
            }
        }

        /**
         * The partitions moved along one pair, with the size of the {@code HashSet}'s table, which decides (with the
         * current iteration order) the order after further additions. The size is tracked as
         * {@code java.util.HashMap} grows its table: 16 buckets on the first addition, doubled when more than three
         * quarters full, or when an addition makes a bucket hold 9 entries while the table has fewer than 64.
         */
        private static final class Moved {
            final Set<KafkaHashedPartition> partitions = new HashSet<>();
            int tableSize;

            void add(KafkaHashedPartition p) {
                if (partitions.contains(p)) {
                    return;
                }
                if (tableSize == 0) {
                    tableSize = 16;
                }
                int bucket = p.bucket(tableSize);
                int inBucket = 0;
                for (KafkaHashedPartition q : partitions) {
                    if (q.bucket(tableSize) == bucket) {
                        inBucket++;
                    }
                }
                partitions.add(p);
                if (inBucket >= 8 && tableSize < 64) {
                    tableSize *= 2;
                }
                if (partitions.size() > tableSize / 4 * 3) {
                    tableSize *= 2;
                }
            }
        }

        private final Map<String, Map<Pair, Moved>> byTopic = new HashMap<>();
        private final Map<KafkaHashedPartition, Pair> moves = new HashMap<>();

        private Pair removeRecord(KafkaHashedPartition p) {
            Pair pair = moves.remove(p);
            Map<Pair, Moved> topicMoves = byTopic.get(p.topic);
            topicMoves.get(pair).partitions.remove(p);
            if (topicMoves.get(pair).partitions.isEmpty()) {
                topicMoves.remove(pair);
            }
            if (byTopic.get(p.topic).isEmpty()) {
                byTopic.remove(p.topic);
            }
            return pair;
        }

        private void addRecord(KafkaHashedPartition p, Pair pair) {
            moves.put(p, pair);
            byTopic.computeIfAbsent(p.topic, k -> new HashMap<>()).computeIfAbsent(pair, k -> new Moved()).add(p);
        }

        /** One pair's moved partitions in iteration order, and its set's table size. */
        record PairState(List<KafkaHashedPartition> order, int tableSize) {
        }

        /**
         * Every recorded move, with what decides which partition {@link #partitionToMove} picks: a {@code HashSet}
         * iterates its table bucket by bucket, each bucket in insertion order, so later picks follow from the
         * current order and the table size. Except in one case: a bucket of 9 in a table of 64 or more becomes a
         * tree, whose shape (not seen here) decides the order within it. That takes 9 partitions of one topic moved
         * along one pair whose hash codes (31 apart per partition number) share one of at least 64 buckets, i.e.
         * topics of over 400 partitions.
         */
        Map<String, Map<Pair, PairState>> snapshot() {
            Map<String, Map<Pair, PairState>> out = new HashMap<>();
            byTopic.forEach((topic, pairs) -> {
                Map<Pair, PairState> copy = new HashMap<>();
                pairs.forEach((pair, moved) -> copy.put(pair,
                        new PairState(new ArrayList<>(moved.partitions), moved.tableSize)));
                out.put(topic, copy);
            });
            return out;
        }

        void record(TopicPartition tp, String from, String to) {
            KafkaHashedPartition p = new KafkaHashedPartition(tp);
            if (moves.containsKey(p)) {
                Pair earlier = removeRecord(p);
                if (!earlier.from().equals(to)) {
                    addRecord(p, new Pair(earlier.from(), to));
                }
            } else {
                addRecord(p, new Pair(from, to));
            }
        }

        TopicPartition partitionToMove(TopicPartition tp, String from, String to) {
            Map<Pair, Moved> topicMoves = byTopic.get(tp.topic());
            if (topicMoves == null) {
                return tp;
            }
            KafkaHashedPartition p = new KafkaHashedPartition(tp);
            Pair earlier = moves.get(p);
            if (earlier != null) {
                from = earlier.from();
            }
            Moved reverse = topicMoves.get(new Pair(to, from));
            if (reverse == null) {
                return tp;
            }
            KafkaHashedPartition first = reverse.partitions.iterator().next();
            return new TopicPartition(first.topic, first.partition);
        }
    }

    /** A topic partition hashed as the official client's {@code TopicPartition} is, for identical set orders. */
    private static final class KafkaHashedPartition {
        final String topic;
        final int partition;
        private final int hash;

        KafkaHashedPartition(TopicPartition tp) {
            this.topic = tp.topic();
            this.partition = tp.partition();
            this.hash = 31 * (31 + partition) + Objects.hashCode(topic);
        }

        /** The bucket {@code java.util.HashMap} puts this key in, in a table of {@code tableSize} (a power of 2). */
        int bucket(int tableSize) {
            return (hash ^ (hash >>> 16)) & (tableSize - 1);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KafkaHashedPartition p && partition == p.partition && topic.equals(p.topic);
        }
    }
}
