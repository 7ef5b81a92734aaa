package dev.samsa.errors;

/**
 * The broker does not enable the SASL mechanism the client asked for. Kafka error code {@code 33}, {@link
 * ErrorCode#UNSUPPORTED_SASL_MECHANISM}. Fatal.
 */
public class UnsupportedSaslMechanismException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedSaslMechanismException(String message) {
        super(ErrorCode.UNSUPPORTED_SASL_MECHANISM, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedSaslMechanismException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED_SASL_MECHANISM, message, cause);
    }
}
