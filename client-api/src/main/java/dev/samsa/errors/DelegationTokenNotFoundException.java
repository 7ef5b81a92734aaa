package dev.samsa.errors;

/**
 * The broker has no such delegation token. Kafka error code {@code 62}, {@link
 * ErrorCode#DELEGATION_TOKEN_NOT_FOUND}. Fatal.
 */
public class DelegationTokenNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DelegationTokenNotFoundException(String message) {
        super(ErrorCode.DELEGATION_TOKEN_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DelegationTokenNotFoundException(String message, Throwable cause) {
        super(ErrorCode.DELEGATION_TOKEN_NOT_FOUND, message, cause);
    }
}
