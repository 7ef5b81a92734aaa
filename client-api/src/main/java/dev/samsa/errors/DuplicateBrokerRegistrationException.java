package dev.samsa.errors;

/**
 * Another broker is already registered with this broker id. Kafka error code {@code 101}, {@link
 * ErrorCode#DUPLICATE_BROKER_REGISTRATION}. Fatal.
 */
public class DuplicateBrokerRegistrationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DuplicateBrokerRegistrationException(String message) {
        super(ErrorCode.DUPLICATE_BROKER_REGISTRATION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DuplicateBrokerRegistrationException(String message, Throwable cause) {
        super(ErrorCode.DUPLICATE_BROKER_REGISTRATION, message, cause);
    }
}
