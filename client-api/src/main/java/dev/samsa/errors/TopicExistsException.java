package dev.samsa.errors;

/**
 * The topic cannot be created: one of that name exists already. Kafka error code {@code 36}, {@link
 * ErrorCode#TOPIC_ALREADY_EXISTS}. Fatal.
 */
public class TopicExistsException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TopicExistsException(String message) {
        super(ErrorCode.TOPIC_ALREADY_EXISTS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TopicExistsException(String message, Throwable cause) {
        super(ErrorCode.TOPIC_ALREADY_EXISTS, message, cause);
    }
}
