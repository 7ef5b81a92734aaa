package dev.samsa.errors;

/**
 * The TLS handshake failed (for example the broker's certificate is not trusted or its host name does not match).
 * Detected by the client, so it has no Kafka error code ({@link #errorCode()} is {@code null}). Fatal.
 */
public class SslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the broker address
     */
    public SslAuthenticationException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the broker address
     * @param cause the TLS engine's failure, typically a {@code javax.net.ssl.SSLException}
     */
    public SslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
