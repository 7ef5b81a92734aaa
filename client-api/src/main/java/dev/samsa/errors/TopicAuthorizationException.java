package dev.samsa.errors;

/**
 * The principal is not authorized for this operation on the topic. Kafka error code {@code 29}, {@link
 * ErrorCode#TOPIC_AUTHORIZATION_FAILED}. Fatal.
 */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TopicAuthorizationException(String message) {
        super(ErrorCode.TOPIC_AUTHORIZATION_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TopicAuthorizationException(String message, Throwable cause) {
        super(ErrorCode.TOPIC_AUTHORIZATION_FAILED, message, cause);
    }
}
