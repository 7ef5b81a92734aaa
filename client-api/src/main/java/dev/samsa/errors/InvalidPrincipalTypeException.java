package dev.samsa.errors;

/**
 * The broker does not support the principal type given (only User is). Kafka error code {@code 67}, {@link
 * ErrorCode#INVALID_PRINCIPAL_TYPE}. Fatal.
 */
public class InvalidPrincipalTypeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidPrincipalTypeException(String message) {
        super(ErrorCode.INVALID_PRINCIPAL_TYPE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidPrincipalTypeException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PRINCIPAL_TYPE, message, cause);
    }
}
