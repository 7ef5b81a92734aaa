package dev.samsa.errors;

/**
 * The principal is not authorized for the operation (an ACL denies it). Fatal. The message names the resource
 * (topic, group, transactional id, cluster) that was refused. It sits below {@link InvalidConfigurationException}
 * as in the official client.
 */
public abstract class AuthorizationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     */
    protected AuthorizationException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected AuthorizationException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
