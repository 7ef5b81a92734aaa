package dev.samsa.errors;

/**
 * No controller with this id is known. Kafka error code {@code 116}, {@link ErrorCode#UNKNOWN_CONTROLLER_ID}.
 * Fatal.
 */
public class UnknownControllerIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownControllerIdException(String message) {
        super(ErrorCode.UNKNOWN_CONTROLLER_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownControllerIdException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_CONTROLLER_ID, message, cause);
    }
}
