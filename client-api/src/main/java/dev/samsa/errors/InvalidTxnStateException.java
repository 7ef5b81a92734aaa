package dev.samsa.errors;

/**
 * The transactional operation is not valid in the transaction's current state. Kafka error code {@code 48}, {@link
 * ErrorCode#INVALID_TXN_STATE}. Fatal.
 */
public class InvalidTxnStateException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidTxnStateException(String message) {
        super(ErrorCode.INVALID_TXN_STATE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidTxnStateException(String message, Throwable cause) {
        super(ErrorCode.INVALID_TXN_STATE, message, cause);
    }
}
