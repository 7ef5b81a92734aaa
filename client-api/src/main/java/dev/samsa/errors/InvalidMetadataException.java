package dev.samsa.errors;

/**
 * A retriable condition showing that the client's cluster metadata is stale (for example a partition's leader moved
 * or a topic is not yet known): the client refreshes its metadata before it retries.
 */
public abstract class InvalidMetadataException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     */
    protected InvalidMetadataException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected InvalidMetadataException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
