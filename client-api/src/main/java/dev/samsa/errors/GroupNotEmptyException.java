package dev.samsa.errors;

/**
 * The group still has members, so it cannot be deleted. Kafka error code {@code 68}, {@link
 * ErrorCode#NON_EMPTY_GROUP}. Fatal.
 */
public class GroupNotEmptyException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public GroupNotEmptyException(String message) {
        super(ErrorCode.NON_EMPTY_GROUP, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public GroupNotEmptyException(String message, Throwable cause) {
        super(ErrorCode.NON_EMPTY_GROUP, message, cause);
    }
}
