package dev.samsa.errors;

/**
 * Topic deletion is disabled on the broker (delete.topic.enable=false). Kafka error code {@code 73}, {@link
 * ErrorCode#TOPIC_DELETION_DISABLED}. Fatal.
 */
public class TopicDeletionDisabledException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TopicDeletionDisabledException(String message) {
        super(ErrorCode.TOPIC_DELETION_DISABLED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TopicDeletionDisabledException(String message, Throwable cause) {
        super(ErrorCode.TOPIC_DELETION_DISABLED, message, cause);
    }
}
