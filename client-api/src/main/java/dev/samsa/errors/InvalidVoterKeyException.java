package dev.samsa.errors;

/**
 * The voter key does not match the key of the replica that received it. Kafka error code {@code 125}, {@link
 * ErrorCode#INVALID_VOTER_KEY}. Fatal.
 */
public class InvalidVoterKeyException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidVoterKeyException(String message) {
        super(ErrorCode.INVALID_VOTER_KEY, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidVoterKeyException(String message, Throwable cause) {
        super(ErrorCode.INVALID_VOTER_KEY, message, cause);
    }
}
