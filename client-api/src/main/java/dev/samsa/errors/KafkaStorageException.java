package dev.samsa.errors;

/**
 * The broker hit a disk error while accessing the partition's log. Kafka error code {@code 56}, {@link
 * ErrorCode#KAFKA_STORAGE_ERROR}. Retriable once the client has refreshed its metadata.
 */
public class KafkaStorageException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public KafkaStorageException(String message) {
        super(ErrorCode.KAFKA_STORAGE_ERROR, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public KafkaStorageException(String message, Throwable cause) {
        super(ErrorCode.KAFKA_STORAGE_ERROR, message, cause);
    }
}
