package dev.samsa.errors;

/**
 * The principal is not authorized for this operation on the group. Kafka error code {@code 30}, {@link
 * ErrorCode#GROUP_AUTHORIZATION_FAILED}. Fatal.
 */
public class GroupAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public GroupAuthorizationException(String message) {
        super(ErrorCode.GROUP_AUTHORIZATION_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public GroupAuthorizationException(String message, Throwable cause) {
        super(ErrorCode.GROUP_AUTHORIZATION_FAILED, message, cause);
    }
}
