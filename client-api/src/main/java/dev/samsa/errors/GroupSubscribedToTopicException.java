package dev.samsa.errors;

/**
 * The group's offsets for a topic cannot be deleted while the group is subscribed to that topic. Kafka error code
 * {@code 86}, {@link ErrorCode#GROUP_SUBSCRIBED_TO_TOPIC}. Fatal.
 */
public class GroupSubscribedToTopicException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public GroupSubscribedToTopicException(String message) {
        super(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public GroupSubscribedToTopicException(String message, Throwable cause) {
        super(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, message, cause);
    }
}
