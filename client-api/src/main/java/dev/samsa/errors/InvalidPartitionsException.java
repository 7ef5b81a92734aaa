package dev.samsa.errors;

/**
 * The partition count is not valid: below 1, or not above the current count when partitions are added. Kafka error
 * code {@code 37}, {@link ErrorCode#INVALID_PARTITIONS}. Fatal.
 */
public class InvalidPartitionsException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidPartitionsException(String message) {
        super(ErrorCode.INVALID_PARTITIONS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidPartitionsException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PARTITIONS, message, cause);
    }
}
