package dev.samsa.errors;

/**
 * The broker has no share session with this id. Kafka error code {@code 122}, {@link
 * ErrorCode#SHARE_SESSION_NOT_FOUND}. Retriable.
 */
public class ShareSessionNotFoundException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ShareSessionNotFoundException(String message) {
        super(ErrorCode.SHARE_SESSION_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ShareSessionNotFoundException(String message, Throwable cause) {
        super(ErrorCode.SHARE_SESSION_NOT_FOUND, message, cause);
    }
}
