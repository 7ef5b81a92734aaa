package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.TopicPartition;
import dev.samsa.internal.consumer.FetchSession.PartitionFetch;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link PartitionFetch}'s hand-written equals / hashCode keep a record's value semantics: the incremental fetch
 * session resends a partition exactly when one of its six fields changed.
 */
class FetchSessionPartitionFetchTest {
    private static final TopicPartition TP = new TopicPartition("orders", 2);
    private static final UUID ID = new UUID(7, 9);
    private static final PartitionFetch BASE = new PartitionFetch(TP, ID, 100L, 5, 4, 1 << 20);

    @Test
    void equalComponentsAreEqualWithEqualHashCodes() {
        PartitionFetch same = new PartitionFetch(new TopicPartition("orders", 2), new UUID(7, 9), 100L, 5, 4, 1 << 20);
        assertThat(same).isEqualTo(BASE).hasSameHashCodeAs(BASE);
        assertThat(BASE).isEqualTo(BASE).isNotEqualTo(null).isNotEqualTo("orders-2");

        PartitionFetch noId = new PartitionFetch(TP, null, 100L, 5, 4, 1 << 20);
        assertThat(new PartitionFetch(TP, null, 100L, 5, 4, 1 << 20)).isEqualTo(noId).hasSameHashCodeAs(noId);
    }

    @Test
    void everyComponentTakesPart() {
        List<PartitionFetch> changed = List.of(
                new PartitionFetch(new TopicPartition("orders", 3), ID, 100L, 5, 4, 1 << 20),
                new PartitionFetch(TP, new UUID(7, 10), 100L, 5, 4, 1 << 20),
                new PartitionFetch(TP, null, 100L, 5, 4, 1 << 20),
                new PartitionFetch(TP, ID, 101L, 5, 4, 1 << 20),
                new PartitionFetch(TP, ID, 100L, 6, 4, 1 << 20),
                new PartitionFetch(TP, ID, 100L, 5, 3, 1 << 20),
                new PartitionFetch(TP, ID, 100L, 5, 4, 1 << 19));
        for (PartitionFetch other : changed) {
            assertThat(other).isNotEqualTo(BASE);
            assertThat(BASE).isNotEqualTo(other);
        }
    }
}
