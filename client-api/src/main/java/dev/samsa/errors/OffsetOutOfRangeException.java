package dev.samsa.errors;

/**
 * The requested offset lies outside the partition's log: before its log start offset or past its end. Kafka error
 * code {@code 1}, {@link ErrorCode#OFFSET_OUT_OF_RANGE}. Fatal.
 */
public class OffsetOutOfRangeException extends InvalidOffsetException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public OffsetOutOfRangeException(String message) {
        super(ErrorCode.OFFSET_OUT_OF_RANGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public OffsetOutOfRangeException(String message, Throwable cause) {
        super(ErrorCode.OFFSET_OUT_OF_RANGE, message, cause);
    }
}
