package dev.samsa.errors;

/**
 * The requested snapshot does not exist. Kafka error code {@code 98}, {@link ErrorCode#SNAPSHOT_NOT_FOUND}. Fatal.
 */
public class SnapshotNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public SnapshotNotFoundException(String message) {
        super(ErrorCode.SNAPSHOT_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public SnapshotNotFoundException(String message, Throwable cause) {
        super(ErrorCode.SNAPSHOT_NOT_FOUND, message, cause);
    }
}
