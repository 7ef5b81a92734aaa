package dev.samsa.errors;

/**
 * No group with this id exists. Kafka error code {@code 69}, {@link ErrorCode#GROUP_ID_NOT_FOUND}. Fatal.
 */
public class GroupIdNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public GroupIdNotFoundException(String message) {
        super(ErrorCode.GROUP_ID_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public GroupIdNotFoundException(String message, Throwable cause) {
        super(ErrorCode.GROUP_ID_NOT_FOUND, message, cause);
    }
}
