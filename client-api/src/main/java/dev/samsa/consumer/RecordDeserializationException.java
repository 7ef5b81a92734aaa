package dev.samsa.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.errors.SerializationException;
import java.util.Objects;

/**
 * A record's key or value could not be deserialized on {@link Consumer#poll}. The consumer's position stays at the
 * failing record, so the next poll fails the same way until the application skips it with
 * {@code seek(partition(), offset() + 1)} (or fixes the deserializer). Records before it in the same poll were
 * returned first. Not a Kafka error code.
 *
 * @since 0.1.0
 */
public class RecordDeserializationException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Which part of the record failed. */
    public enum Origin {
        /** The key. */
        KEY,
        /** The value. */
        VALUE
    }

    private final TopicPartition partition;
    private final long offset;
    private final Origin origin;

    /**
     * @param origin the key or the value
     * @param partition the record's partition
     * @param offset the record's offset
     * @param message what failed
     * @param cause the deserializer's exception
     * @throws NullPointerException if {@code origin} or {@code partition} is null
     */
    public RecordDeserializationException(Origin origin, TopicPartition partition, long offset, String message,
            Throwable cause) {
        super(message, cause);
        this.origin = Objects.requireNonNull(origin, "origin");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.offset = offset;
    }

    /** The partition of the record that failed. */
    public TopicPartition topicPartition() {
        return partition;
    }

    /** The offset of the record that failed. */
    public long offset() {
        return offset;
    }

    /** Whether the key or the value failed. */
    public Origin origin() {
        return origin;
    }
}
