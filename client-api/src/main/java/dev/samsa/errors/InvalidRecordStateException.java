package dev.samsa.errors;

/**
 * The record is in a state in which this delivery acknowledgement cannot be applied. Kafka error code {@code 121},
 * {@link ErrorCode#INVALID_RECORD_STATE}. Fatal.
 */
public class InvalidRecordStateException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidRecordStateException(String message) {
        super(ErrorCode.INVALID_RECORD_STATE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRecordStateException(String message, Throwable cause) {
        super(ErrorCode.INVALID_RECORD_STATE, message, cause);
    }
}
