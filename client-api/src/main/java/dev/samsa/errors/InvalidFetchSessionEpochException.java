package dev.samsa.errors;

/**
 * The fetch session epoch is not the one the broker expects; the client starts a new session. Kafka error code
 * {@code 71}, {@link ErrorCode#INVALID_FETCH_SESSION_EPOCH}. Retriable.
 */
public class InvalidFetchSessionEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidFetchSessionEpochException(String message) {
        super(ErrorCode.INVALID_FETCH_SESSION_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidFetchSessionEpochException(String message, Throwable cause) {
        super(ErrorCode.INVALID_FETCH_SESSION_EPOCH, message, cause);
    }
}
