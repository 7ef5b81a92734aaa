package dev.samsa.errors;

/**
 * The leader epoch in the request is newer than the broker's; the broker has not caught up yet. Kafka error code
 * {@code 75}, {@link ErrorCode#UNKNOWN_LEADER_EPOCH}. Retriable.
 */
public class UnknownLeaderEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownLeaderEpochException(String message) {
        super(ErrorCode.UNKNOWN_LEADER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownLeaderEpochException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_LEADER_EPOCH, message, cause);
    }
}
