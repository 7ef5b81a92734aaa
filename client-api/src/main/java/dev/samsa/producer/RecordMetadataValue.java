package dev.samsa.producer;

import dev.samsa.common.TopicPartition;
import java.util.Objects;

/** The value {@link RecordMetadata#of} makes: equal to another value with the same components. */
record RecordMetadataValue(TopicPartition topicPartition, long offset, long timestamp, int serializedKeySize,
        int serializedValueSize) implements RecordMetadata {

    RecordMetadataValue {
        Objects.requireNonNull(topicPartition, "topicPartition");
    }

    @Override
    public String toString() {
        return "RecordMetadata(" + topicPartition + "@" + offset + ", timestamp=" + timestamp + ", serializedKeySize="
                + serializedKeySize + ", serializedValueSize=" + serializedValueSize + ")";
    }
}
