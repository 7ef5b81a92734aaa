package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code roundrobin} assignor: all partitions of all subscribed topics, sorted by topic and partition, dealt in
 * turn to the members in {@link Assignor#MEMBER_ORDER}, skipping members not subscribed to a partition's topic.
 * Balanced within one when all members subscribe to the same topics. Not rack-aware: the official round-robin
 * assignor ignores {@code client.rack} and replica racks (KIP-881 covers range and the sticky assignors). Stateless.
 */
final class RoundRobinAssignor implements Assignor {
    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.ROUND_ROBIN;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<TopicPartition, Set<String>> partitionRacks, Map<String, Member> members) {
        Map<String, List<TopicPartition>> assignment = new HashMap<>();
        List<Member> order = new ArrayList<>(members.values());
        order.sort(MEMBER_ORDER);
        TreeSet<String> topics = new TreeSet<>();
        for (Member m : order) {
            assignment.put(m.memberId(), new ArrayList<>());
            topics.addAll(m.subscription().topics());
        }
        int cursor = 0;
        for (String topic : topics) {
            Integer count = partitionsPerTopic.get(topic);
            if (count == null) {
                continue;
            }
            for (int p = 0; p < count; p++) {
                // Some member subscribes to every topic in the set, so this terminates.
                while (!order.get(cursor).subscription().topics().contains(topic)) {
                    cursor = (cursor + 1) % order.size();
                }
                assignment.get(order.get(cursor).memberId()).add(new TopicPartition(topic, p));
                cursor = (cursor + 1) % order.size();
            }
        }
        return assignment;
    }
}
