package dev.samsa.errors;

/**
 * The voter already belongs to the voter set. Kafka error code {@code 126}, {@link ErrorCode#DUPLICATE_VOTER}.
 * Fatal.
 */
public class DuplicateVoterException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DuplicateVoterException(String message) {
        super(ErrorCode.DUPLICATE_VOTER, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DuplicateVoterException(String message, Throwable cause) {
        super(ErrorCode.DUPLICATE_VOTER, message, cause);
    }
}
