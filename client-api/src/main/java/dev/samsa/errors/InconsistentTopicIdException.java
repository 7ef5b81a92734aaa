package dev.samsa.errors;

/**
 * The topic id in the request does not match the one in the partition's log. Kafka error code {@code 103}, {@link
 * ErrorCode#INCONSISTENT_TOPIC_ID}. Retriable once the client has refreshed its metadata.
 */
public class InconsistentTopicIdException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InconsistentTopicIdException(String message) {
        super(ErrorCode.INCONSISTENT_TOPIC_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InconsistentTopicIdException(String message, Throwable cause) {
        super(ErrorCode.INCONSISTENT_TOPIC_ID, message, cause);
    }
}
