package dev.samsa.errors;

/**
 * The principal is not authorized for this delegation token operation. Kafka error code {@code 65}, {@link
 * ErrorCode#DELEGATION_TOKEN_AUTHORIZATION_FAILED}. Fatal.
 */
public class DelegationTokenAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DelegationTokenAuthorizationException(String message) {
        super(ErrorCode.DELEGATION_TOKEN_AUTHORIZATION_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DelegationTokenAuthorizationException(String message, Throwable cause) {
        super(ErrorCode.DELEGATION_TOKEN_AUTHORIZATION_FAILED, message, cause);
    }
}
