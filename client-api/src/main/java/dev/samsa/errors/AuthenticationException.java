package dev.samsa.errors;

/**
 * The connection could not be authenticated: SASL or TLS failed, or the client's own login step (reading
 * credentials, obtaining a token) did. Fatal: retrying with the same credentials fails again. It sits below
 * {@link InvalidConfigurationException} as in the official client. Subclasses name the step that failed:
 * {@link SaslAuthenticationException}, {@link UnsupportedSaslMechanismException}, {@link IllegalSaslStateException},
 * {@link SslAuthenticationException}.
 */
public class AuthenticationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * An authentication failure detected by the client, with no Kafka error code ({@link #errorCode()} is
     * {@code null}).
     *
     * @param message what failed, naming the mechanism or principal where known (never a secret)
     */
    public AuthenticationException(String message) {
        super(null, message);
    }

    /**
     * An authentication failure detected by the client, with no Kafka error code ({@link #errorCode()} is
     * {@code null}).
     *
     * @param message what failed, naming the mechanism or principal where known (never a secret)
     * @param cause the underlying failure, or {@code null}
     */
    public AuthenticationException(String message, Throwable cause) {
        super(null, message, cause);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for, or {@code null} for none
     * @param message what failed, naming the mechanism or principal where known (never a secret)
     */
    protected AuthenticationException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for, or {@code null} for none
     * @param message what failed, naming the mechanism or principal where known (never a secret)
     * @param cause the underlying failure, or {@code null}
     */
    protected AuthenticationException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
