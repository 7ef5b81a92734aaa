package dev.samsa.errors;

/**
 * The topic name is not valid (empty, too long, illegal characters) or names an internal topic that may not be used
 * this way. Kafka error code {@code 17}, {@link ErrorCode#INVALID_TOPIC_EXCEPTION}. Fatal.
 */
public class InvalidTopicException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidTopicException(String message) {
        super(ErrorCode.INVALID_TOPIC_EXCEPTION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidTopicException(String message, Throwable cause) {
        super(ErrorCode.INVALID_TOPIC_EXCEPTION, message, cause);
    }
}
