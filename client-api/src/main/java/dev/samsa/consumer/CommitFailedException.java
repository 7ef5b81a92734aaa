package dev.samsa.consumer;

import dev.samsa.errors.SamsaException;

/**
 * An offset commit was rejected because the consumer is no longer a member of the group generation it committed
 * under: the group rebalanced (typically because the consumer did not poll within {@code max.poll.interval.ms}, or
 * its session timed out) and its partitions may now belong to another member. The records since the last successful
 * commit may be processed again by that member. Fatal for the commit; the consumer rejoins on its next poll. Not a
 * Kafka error code (it stands for {@code UNKNOWN_MEMBER_ID}, {@code ILLEGAL_GENERATION} or
 * {@code FENCED_INSTANCE_ID} on OffsetCommit).
 *
 * @since 0.1.0
 */
public class CommitFailedException extends SamsaException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the group
     */
    public CommitFailedException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the group
     * @param cause the broker's error
     */
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
