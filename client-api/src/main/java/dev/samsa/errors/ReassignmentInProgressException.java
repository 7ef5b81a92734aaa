package dev.samsa.errors;

/**
 * The partition is being reassigned, which rules out this operation for now. Kafka error code {@code 60}, {@link
 * ErrorCode#REASSIGNMENT_IN_PROGRESS}. Fatal.
 */
public class ReassignmentInProgressException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ReassignmentInProgressException(String message) {
        super(ErrorCode.REASSIGNMENT_IN_PROGRESS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ReassignmentInProgressException(String message, Throwable cause) {
        super(ErrorCode.REASSIGNMENT_IN_PROGRESS, message, cause);
    }
}
