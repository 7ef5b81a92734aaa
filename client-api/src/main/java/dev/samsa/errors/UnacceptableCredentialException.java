package dev.samsa.errors;

/**
 * The requested credential does not meet the broker's criteria, for example too few SCRAM iterations. Kafka error
 * code {@code 93}, {@link ErrorCode#UNACCEPTABLE_CREDENTIAL}. Fatal.
 */
public class UnacceptableCredentialException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnacceptableCredentialException(String message) {
        super(ErrorCode.UNACCEPTABLE_CREDENTIAL, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnacceptableCredentialException(String message, Throwable cause) {
        super(ErrorCode.UNACCEPTABLE_CREDENTIAL, message, cause);
    }
}
