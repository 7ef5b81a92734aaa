package dev.samsa.errors;

/**
 * After a leader election the new leader's high watermark has not caught up, so it cannot yet answer offset lookups
 * safely. Kafka error code {@code 78}, {@link ErrorCode#OFFSET_NOT_AVAILABLE}. Retriable.
 */
public class OffsetNotAvailableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public OffsetNotAvailableException(String message) {
        super(ErrorCode.OFFSET_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public OffsetNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.OFFSET_NOT_AVAILABLE, message, cause);
    }
}
