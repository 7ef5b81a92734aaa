package dev.samsa.errors;

/**
 * The principal is not authorized for this transactional id. Kafka error code {@code 53}, {@link
 * ErrorCode#TRANSACTIONAL_ID_AUTHORIZATION_FAILED}. Fatal.
 */
public class TransactionalIdAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TransactionalIdAuthorizationException(String message) {
        super(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TransactionalIdAuthorizationException(String message, Throwable cause) {
        super(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, message, cause);
    }
}
