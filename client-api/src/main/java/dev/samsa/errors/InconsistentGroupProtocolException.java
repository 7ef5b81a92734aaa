package dev.samsa.errors;

/**
 * The member's protocol type or protocol list does not fit the group's, or the list is empty. Kafka error code
 * {@code 23}, {@link ErrorCode#INCONSISTENT_GROUP_PROTOCOL}. Fatal.
 */
public class InconsistentGroupProtocolException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InconsistentGroupProtocolException(String message) {
        super(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InconsistentGroupProtocolException(String message, Throwable cause) {
        super(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, message, cause);
    }
}
