package dev.samsa.errors;

/**
 * A record batch that fails its CRC32C check or does not decode (Kafka error code {@code 2},
 * {@link ErrorCode#CORRUPT_MESSAGE}), detected by the broker on produce or by the client on fetch. The message
 * names the partition and offset where known. Retriable, as in Kafka: a fresh fetch of the same offset may return
 * intact bytes.
 */
public class CorruptRecordException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is corrupt, naming the partition and offset where known
     */
    public CorruptRecordException(String message) {
        super(ErrorCode.CORRUPT_MESSAGE, message);
    }

    /**
     * @param message what is corrupt, naming the partition and offset where known
     * @param cause the underlying failure, or {@code null}
     */
    public CorruptRecordException(String message, Throwable cause) {
        super(ErrorCode.CORRUPT_MESSAGE, message, cause);
    }
}
