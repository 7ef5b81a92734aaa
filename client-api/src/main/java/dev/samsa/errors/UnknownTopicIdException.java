package dev.samsa.errors;

/**
 * The broker does not host a topic with this topic id; the client's metadata may be stale. Kafka error code {@code
 * 100}, {@link ErrorCode#UNKNOWN_TOPIC_ID}. Retriable once the client has refreshed its metadata.
 */
public class UnknownTopicIdException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownTopicIdException(String message) {
        super(ErrorCode.UNKNOWN_TOPIC_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownTopicIdException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_TOPIC_ID, message, cause);
    }
}
