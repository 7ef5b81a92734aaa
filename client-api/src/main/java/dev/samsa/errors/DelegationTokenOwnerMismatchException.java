package dev.samsa.errors;

/**
 * The principal is neither an owner nor a renewer of the delegation token. Kafka error code {@code 63}, {@link
 * ErrorCode#DELEGATION_TOKEN_OWNER_MISMATCH}. Fatal.
 */
public class DelegationTokenOwnerMismatchException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DelegationTokenOwnerMismatchException(String message) {
        super(ErrorCode.DELEGATION_TOKEN_OWNER_MISMATCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DelegationTokenOwnerMismatchException(String message, Throwable cause) {
        super(ErrorCode.DELEGATION_TOKEN_OWNER_MISMATCH, message, cause);
    }
}
