package dev.samsa.errors;

/**
 * The group already has its maximum number of members (group.max.size). Kafka error code {@code 81}, {@link
 * ErrorCode#GROUP_MAX_SIZE_REACHED}. Fatal.
 */
public class GroupMaxSizeReachedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public GroupMaxSizeReachedException(String message) {
        super(ErrorCode.GROUP_MAX_SIZE_REACHED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public GroupMaxSizeReachedException(String message, Throwable cause) {
        super(ErrorCode.GROUP_MAX_SIZE_REACHED, message, cause);
    }
}
