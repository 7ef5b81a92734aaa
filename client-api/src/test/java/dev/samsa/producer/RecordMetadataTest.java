package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecordMetadataTest {
    private static final TopicPartition TP = new TopicPartition("orders", 3);

    @Test
    void valuesCompareByValueAndReadAsTheirFields() {
        RecordMetadata md = RecordMetadata.of(TP, 17, 1_700_000_000_000L, -1, 100);
        assertThat(md).isEqualTo(RecordMetadata.of(new TopicPartition("orders", 3), 17, 1_700_000_000_000L, -1, 100))
                .hasSameHashCodeAs(RecordMetadata.of(TP, 17, 1_700_000_000_000L, -1, 100))
                .isNotEqualTo(RecordMetadata.of(TP, 18, 1_700_000_000_000L, -1, 100))
                .isNotEqualTo(RecordMetadata.of(TP, 17, 1_700_000_000_001L, -1, 100))
                .isNotEqualTo(RecordMetadata.of(TP, 17, 1_700_000_000_000L, 0, 100));
        assertThat(md.topic()).isEqualTo("orders");
        assertThat(md.partition()).isEqualTo(3);
        assertThat(md.hasOffset()).isTrue();
        assertThat(md.toString()).isEqualTo(
                "RecordMetadata(orders-3@17, timestamp=1700000000000, serializedKeySize=-1, serializedValueSize=100)");
    }

    @Test
    void anUnknownOffsetIsNotReportedAndATopicPartitionIsRequired() {
        assertThat(RecordMetadata.of(TP, RecordMetadata.UNKNOWN_OFFSET, 5, 1, 1).hasOffset()).isFalse();
        assertThatThrownBy(() -> RecordMetadata.of(null, 0, 0, 0, 0)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("topicPartition");
    }
}
