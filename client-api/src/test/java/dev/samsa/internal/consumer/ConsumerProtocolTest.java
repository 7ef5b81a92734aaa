package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.TopicPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerProtocolTest {
    @Test
    void anAssignmentGroupsPartitionsByTopicInFirstAppearanceOrderKeepingTheirOrder() {
        List<TopicPartition> partitions = List.of(new TopicPartition("b", 2), new TopicPartition("a", 1),
                new TopicPartition("b", 0), new TopicPartition("a", 0));
        byte[] bytes = ConsumerProtocol.serializeAssignment(partitions, null);
        assertThat(ConsumerProtocol.deserializeAssignment(bytes)).containsExactly(new TopicPartition("b", 2),
                new TopicPartition("b", 0), new TopicPartition("a", 1), new TopicPartition("a", 0));
        assertThat(ConsumerProtocol.deserializeAssignment(ConsumerProtocol.serializeAssignment(List.of(), null)))
                .isEmpty();
    }

    @Test
    void aSubscriptionCarriesItsOwnedPartitionsSortedByTopicThenPartition() {
        ConsumerProtocol.Subscription s = new ConsumerProtocol.Subscription(List.of("b", "a"), null,
                List.of(new TopicPartition("b", 1), new TopicPartition("a", 2), new TopicPartition("b", 0),
                        new TopicPartition("a", 0)), 7, "rack-1");
        ConsumerProtocol.Subscription back = ConsumerProtocol.deserializeSubscription(
                ConsumerProtocol.serializeSubscription(s));
        assertThat(back.topics()).containsExactly("a", "b");
        assertThat(back.ownedPartitions()).containsExactly(new TopicPartition("a", 0), new TopicPartition("a", 2),
                new TopicPartition("b", 0), new TopicPartition("b", 1));
        assertThat(back.generationId()).isEqualTo(7);
        assertThat(back.rackId()).isEqualTo("rack-1");
    }
}
