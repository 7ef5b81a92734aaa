package dev.samsa.errors;

/**
 * The delegation token is past its expiry time. Kafka error code {@code 66}, {@link
 * ErrorCode#DELEGATION_TOKEN_EXPIRED}. Fatal.
 */
public class DelegationTokenExpiredException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DelegationTokenExpiredException(String message) {
        super(ErrorCode.DELEGATION_TOKEN_EXPIRED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DelegationTokenExpiredException(String message, Throwable cause) {
        super(ErrorCode.DELEGATION_TOKEN_EXPIRED, message, cause);
    }
}
