package dev.samsa.errors;

/**
 * The broker is not the active controller of the cluster. Kafka error code {@code 41}, {@link
 * ErrorCode#NOT_CONTROLLER}. Retriable.
 */
public class NotControllerException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NotControllerException(String message) {
        super(ErrorCode.NOT_CONTROLLER, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NotControllerException(String message, Throwable cause) {
        super(ErrorCode.NOT_CONTROLLER, message, cause);
    }
}
