package dev.samsa.errors;

/**
 * The fetch asked for a number of bytes the broker does not accept. Kafka error code {@code 4}, {@link
 * ErrorCode#INVALID_FETCH_SIZE}. Fatal.
 */
public class InvalidFetchSizeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidFetchSizeException(String message) {
        super(ErrorCode.INVALID_FETCH_SIZE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidFetchSizeException(String message, Throwable cause) {
        super(ErrorCode.INVALID_FETCH_SIZE, message, cause);
    }
}
