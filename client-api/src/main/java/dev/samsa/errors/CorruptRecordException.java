package dev.samsa.errors;

/**
 * A record batch that fails its CRC32C check or does not decode (Kafka error code 2, {@code CORRUPT_MESSAGE}).
 * The message names the partition and offset where known. Retriable, as in Kafka: a fresh fetch of the same
 * offset may return intact bytes.
 */
public class CorruptRecordException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
