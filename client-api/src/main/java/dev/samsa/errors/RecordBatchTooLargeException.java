package dev.samsa.errors;

/**
 * A record batch is larger than the topic's log segment size (segment.bytes). Kafka error code {@code 18}, {@link
 * ErrorCode#RECORD_LIST_TOO_LARGE}. Fatal.
 */
public class RecordBatchTooLargeException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public RecordBatchTooLargeException(String message) {
        super(ErrorCode.RECORD_LIST_TOO_LARGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public RecordBatchTooLargeException(String message, Throwable cause) {
        super(ErrorCode.RECORD_LIST_TOO_LARGE, message, cause);
    }
}
