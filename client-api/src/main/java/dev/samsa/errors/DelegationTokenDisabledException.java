package dev.samsa.errors;

/**
 * Delegation tokens are not enabled on the broker. Kafka error code {@code 61}, {@link
 * ErrorCode#DELEGATION_TOKEN_AUTH_DISABLED}. Fatal.
 */
public class DelegationTokenDisabledException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DelegationTokenDisabledException(String message) {
        super(ErrorCode.DELEGATION_TOKEN_AUTH_DISABLED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DelegationTokenDisabledException(String message, Throwable cause) {
        super(ErrorCode.DELEGATION_TOKEN_AUTH_DISABLED, message, cause);
    }
}
