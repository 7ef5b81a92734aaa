package dev.samsa.errors;

/**
 * SASL authentication failed, for example because of wrong credentials. Kafka error code {@code 58}, {@link
 * ErrorCode#SASL_AUTHENTICATION_FAILED}. Fatal.
 */
public class SaslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public SaslAuthenticationException(String message) {
        super(ErrorCode.SASL_AUTHENTICATION_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public SaslAuthenticationException(String message, Throwable cause) {
        super(ErrorCode.SASL_AUTHENTICATION_FAILED, message, cause);
    }
}
