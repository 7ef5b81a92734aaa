package dev.samsa.errors;

/**
 * The request exceeds the principal's throttling quota, such as the controller mutation rate. Kafka error code
 * {@code 89}, {@link ErrorCode#THROTTLING_QUOTA_EXCEEDED}. Retriable.
 */
public class ThrottlingQuotaExceededException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ThrottlingQuotaExceededException(String message) {
        super(ErrorCode.THROTTLING_QUOTA_EXCEEDED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ThrottlingQuotaExceededException(String message, Throwable cause) {
        super(ErrorCode.THROTTLING_QUOTA_EXCEEDED, message, cause);
    }
}
