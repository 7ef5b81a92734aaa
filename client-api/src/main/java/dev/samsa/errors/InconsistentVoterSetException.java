package dev.samsa.errors;

/**
 * The sender or receiver of a KRaft voter request is not one of the expected voters. Kafka error code {@code 94},
 * {@link ErrorCode#INCONSISTENT_VOTER_SET}. Fatal.
 */
public class InconsistentVoterSetException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InconsistentVoterSetException(String message) {
        super(ErrorCode.INCONSISTENT_VOTER_SET, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InconsistentVoterSetException(String message, Throwable cause) {
        super(ErrorCode.INCONSISTENT_VOTER_SET, message, cause);
    }
}
