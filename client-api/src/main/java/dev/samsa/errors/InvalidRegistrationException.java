package dev.samsa.errors;

/**
 * The controller judged the broker's registration not valid. Kafka error code {@code 119}, {@link
 * ErrorCode#INVALID_REGISTRATION}. Fatal.
 */
public class InvalidRegistrationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidRegistrationException(String message) {
        super(ErrorCode.INVALID_REGISTRATION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRegistrationException(String message, Throwable cause) {
        super(ErrorCode.INVALID_REGISTRATION, message, cause);
    }
}
