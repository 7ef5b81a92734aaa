package dev.samsa.errors;

/**
 * The group id is not valid, for example empty. Kafka error code {@code 24}, {@link ErrorCode#INVALID_GROUP_ID}.
 * Fatal.
 */
public class InvalidGroupIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidGroupIdException(String message) {
        super(ErrorCode.INVALID_GROUP_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidGroupIdException(String message, Throwable cause) {
        super(ErrorCode.INVALID_GROUP_ID, message, cause);
    }
}
