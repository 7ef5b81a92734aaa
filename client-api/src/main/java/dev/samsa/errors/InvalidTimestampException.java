package dev.samsa.errors;

/**
 * A record's timestamp lies outside the range the topic accepts (see message.timestamp.before.max.ms and
 * message.timestamp.after.max.ms). Kafka error code {@code 32}, {@link ErrorCode#INVALID_TIMESTAMP}. Fatal.
 */
public class InvalidTimestampException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidTimestampException(String message) {
        super(ErrorCode.INVALID_TIMESTAMP, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidTimestampException(String message, Throwable cause) {
        super(ErrorCode.INVALID_TIMESTAMP, message, cause);
    }
}
