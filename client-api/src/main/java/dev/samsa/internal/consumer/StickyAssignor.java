package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.util.List;
import java.util.Map;

/** Placeholder until the sticky algorithm lands. */
final class StickyAssignor implements Assignor {
    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.STICKY;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Member> members) {
        return new RoundRobinAssignor().assign(partitionsPerTopic, members);
    }
}
