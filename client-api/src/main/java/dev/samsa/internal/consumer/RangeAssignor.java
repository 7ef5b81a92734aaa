package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code range} assignor: topic by topic, the members subscribed to it in {@link Assignor#MEMBER_ORDER} each
 * take a contiguous range of its partitions; the first {@code partitions % members} take one extra. Topics are
 * independent, so the first members of each topic tend to get more in total. Rack-aware assignment (KIP-881) is not
 * implemented: with {@code client.rack} set, the official leader may assign differently. Stateless.
 */
final class RangeAssignor implements Assignor {
    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.RANGE;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Member> members) {
        Map<String, List<TopicPartition>> assignment = new HashMap<>();
        Map<String, List<Member>> byTopic = new TreeMap<>();
        for (Member m : members.values()) {
            assignment.put(m.memberId(), new ArrayList<>());
            for (String topic : m.subscription().topics()) {
                byTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<Member>> e : byTopic.entrySet()) {
            Integer count = partitionsPerTopic.get(e.getKey());
            if (count == null || count <= 0) {
                continue;
            }
            List<Member> consumers = e.getValue();
            consumers.sort(MEMBER_ORDER);
            int perConsumer = count / consumers.size();
            int withExtra = count % consumers.size();
            int next = 0;
            for (int i = 0; i < consumers.size(); i++) {
                int length = perConsumer + (i < withExtra ? 1 : 0);
                List<TopicPartition> list = assignment.get(consumers.get(i).memberId());
                for (int p = next; p < next + length; p++) {
                    list.add(new TopicPartition(e.getKey(), p));
                }
                next += length;
            }
        }
        return assignment;
    }
}
