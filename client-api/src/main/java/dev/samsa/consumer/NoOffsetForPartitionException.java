package dev.samsa.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.errors.InvalidOffsetException;
import java.util.Set;

/**
 * A partition has no committed offset and {@code auto.offset.reset} is {@code none}: the consumer does not know where
 * to start. Seek the partitions named here ({@link Consumer#seek}, {@link Consumer#seekToBeginning}, ...) before
 * polling again. Fatal for the call; not a Kafka error code.
 *
 * @since 0.1.0
 */
public class NoOffsetForPartitionException extends InvalidOffsetException {
    private static final long serialVersionUID = 1L;

    private final Set<TopicPartition> partitions;

    /**
     * @param partitions the partitions without a position
     */
    public NoOffsetForPartitionException(Set<TopicPartition> partitions) {
        super(null, "No committed offset and auto.offset.reset=none for partition(s) " + partitions);
        this.partitions = Set.copyOf(partitions);
    }

    /** The partitions without a committed offset. */
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
