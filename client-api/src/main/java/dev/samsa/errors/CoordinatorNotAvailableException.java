package dev.samsa.errors;

/**
 * The coordinator is not available, for example because its internal topic is not ready. Kafka error code {@code
 * 15}, {@link ErrorCode#COORDINATOR_NOT_AVAILABLE}. Retriable once the client has looked up the coordinator again.
 */
public class CoordinatorNotAvailableException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public CoordinatorNotAvailableException(String message) {
        super(ErrorCode.COORDINATOR_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public CoordinatorNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.COORDINATOR_NOT_AVAILABLE, message, cause);
    }
}
