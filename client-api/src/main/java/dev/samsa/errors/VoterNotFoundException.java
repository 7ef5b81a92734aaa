package dev.samsa.errors;

/**
 * The voter does not belong to the voter set. Kafka error code {@code 127}, {@link ErrorCode#VOTER_NOT_FOUND}.
 * Fatal.
 */
public class VoterNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public VoterNotFoundException(String message) {
        super(ErrorCode.VOTER_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public VoterNotFoundException(String message, Throwable cause) {
        super(ErrorCode.VOTER_NOT_FOUND, message, cause);
    }
}
