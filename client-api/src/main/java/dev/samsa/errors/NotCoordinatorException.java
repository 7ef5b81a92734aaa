package dev.samsa.errors;

/**
 * The broker is not the coordinator for this group or transactional id; the client must look the coordinator up
 * again. Kafka error code {@code 16}, {@link ErrorCode#NOT_COORDINATOR}. Retriable once the client has looked up
 * the coordinator again.
 */
public class NotCoordinatorException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NotCoordinatorException(String message) {
        super(ErrorCode.NOT_COORDINATOR, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NotCoordinatorException(String message, Throwable cause) {
        super(ErrorCode.NOT_COORDINATOR, message, cause);
    }
}
