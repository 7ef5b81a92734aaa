package dev.samsa.errors;

/**
 * The coordinator is still loading its state from its internal topic and cannot answer yet. Kafka error code {@code
 * 14}, {@link ErrorCode#COORDINATOR_LOAD_IN_PROGRESS}. Retriable.
 */
public class CoordinatorLoadInProgressException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public CoordinatorLoadInProgressException(String message) {
        super(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public CoordinatorLoadInProgressException(String message, Throwable cause) {
        super(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, message, cause);
    }
}
