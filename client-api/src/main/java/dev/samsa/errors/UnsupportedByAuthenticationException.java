package dev.samsa.errors;

/**
 * Delegation token requests are refused on plaintext and one-way TLS connections, and on connections that a
 * delegation token authenticated. Kafka error code {@code 64}, {@link
 * ErrorCode#DELEGATION_TOKEN_REQUEST_NOT_ALLOWED}. Fatal.
 */
public class UnsupportedByAuthenticationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedByAuthenticationException(String message) {
        super(ErrorCode.DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedByAuthenticationException(String message, Throwable cause) {
        super(ErrorCode.DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, message, cause);
    }
}
