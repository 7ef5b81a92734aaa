package dev.samsa.errors;

/**
 * The requested offset is no longer in local storage: it has moved to tiered storage. Kafka error code {@code 109},
 * {@link ErrorCode#OFFSET_MOVED_TO_TIERED_STORAGE}. Fatal.
 */
public class OffsetMovedToTieredStorageException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public OffsetMovedToTieredStorageException(String message) {
        super(ErrorCode.OFFSET_MOVED_TO_TIERED_STORAGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public OffsetMovedToTieredStorageException(String message, Throwable cause) {
        super(ErrorCode.OFFSET_MOVED_TO_TIERED_STORAGE, message, cause);
    }
}
