package dev.samsa.errors;

/**
 * The broker already holds its maximum number of share sessions. Kafka error code {@code 133}, {@link
 * ErrorCode#SHARE_SESSION_LIMIT_REACHED}. Retriable.
 */
public class ShareSessionLimitReachedException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ShareSessionLimitReachedException(String message) {
        super(ErrorCode.SHARE_SESSION_LIMIT_REACHED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ShareSessionLimitReachedException(String message, Throwable cause) {
        super(ErrorCode.SHARE_SESSION_LIMIT_REACHED, message, cause);
    }
}
