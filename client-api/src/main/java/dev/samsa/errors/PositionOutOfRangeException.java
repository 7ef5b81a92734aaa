package dev.samsa.errors;

/**
 * The requested position is negative or not inside the snapshot. Kafka error code {@code 99}, {@link
 * ErrorCode#POSITION_OUT_OF_RANGE}. Fatal.
 */
public class PositionOutOfRangeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public PositionOutOfRangeException(String message) {
        super(ErrorCode.POSITION_OUT_OF_RANGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public PositionOutOfRangeException(String message, Throwable cause) {
        super(ErrorCode.POSITION_OUT_OF_RANGE, message, cause);
    }
}
