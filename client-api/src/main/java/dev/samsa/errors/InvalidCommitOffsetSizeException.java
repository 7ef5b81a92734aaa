package dev.samsa.errors;

/**
 * The offset commit is too large for the broker to write. Kafka error code {@code 28}, {@link
 * ErrorCode#INVALID_COMMIT_OFFSET_SIZE}. Fatal.
 */
public class InvalidCommitOffsetSizeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidCommitOffsetSizeException(String message) {
        super(ErrorCode.INVALID_COMMIT_OFFSET_SIZE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidCommitOffsetSizeException(String message, Throwable cause) {
        super(ErrorCode.INVALID_COMMIT_OFFSET_SIZE, message, cause);
    }
}
