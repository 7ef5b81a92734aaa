package dev.samsa.errors;

/**
 * The partition has no reassignment in progress to cancel or change. Kafka error code {@code 85}, {@link
 * ErrorCode#NO_REASSIGNMENT_IN_PROGRESS}. Fatal.
 */
public class NoReassignmentInProgressException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NoReassignmentInProgressException(String message) {
        super(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NoReassignmentInProgressException(String message, Throwable cause) {
        super(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, message, cause);
    }
}
