package dev.samsa.errors;

/**
 * The broker does not host this topic or partition: it may not exist (yet), or the client's metadata is stale.
 * Kafka error code {@code 3}, {@link ErrorCode#UNKNOWN_TOPIC_OR_PARTITION}. Retriable once the client has refreshed
 * its metadata.
 */
public class UnknownTopicOrPartitionException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownTopicOrPartitionException(String message) {
        super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownTopicOrPartitionException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message, cause);
    }
}
