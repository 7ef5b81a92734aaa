package dev.samsa.errors;

/**
 * The request is not valid at this step of the SASL exchange. Kafka error code {@code 34}, {@link
 * ErrorCode#ILLEGAL_SASL_STATE}. Fatal.
 */
public class IllegalSaslStateException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public IllegalSaslStateException(String message) {
        super(ErrorCode.ILLEGAL_SASL_STATE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public IllegalSaslStateException(String message, Throwable cause) {
        super(ErrorCode.ILLEGAL_SASL_STATE, message, cause);
    }
}
