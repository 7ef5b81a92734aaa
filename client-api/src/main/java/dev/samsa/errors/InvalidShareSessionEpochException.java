package dev.samsa.errors;

/**
 * The share session epoch is not the one the broker expects. Kafka error code {@code 123}, {@link
 * ErrorCode#INVALID_SHARE_SESSION_EPOCH}. Retriable.
 */
public class InvalidShareSessionEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidShareSessionEpochException(String message) {
        super(ErrorCode.INVALID_SHARE_SESSION_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidShareSessionEpochException(String message, Throwable cause) {
        super(ErrorCode.INVALID_SHARE_SESSION_EPOCH, message, cause);
    }
}
