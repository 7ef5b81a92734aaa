package dev.samsa.errors;

/**
 * A record batch is larger than the broker accepts (message.max.bytes, or the topic's max.message.bytes). Kafka
 * error code {@code 10}, {@link ErrorCode#MESSAGE_TOO_LARGE}. Fatal.
 */
public class RecordTooLargeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public RecordTooLargeException(String message) {
        super(ErrorCode.MESSAGE_TOO_LARGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public RecordTooLargeException(String message, Throwable cause) {
        super(ErrorCode.MESSAGE_TOO_LARGE, message, cause);
    }
}
