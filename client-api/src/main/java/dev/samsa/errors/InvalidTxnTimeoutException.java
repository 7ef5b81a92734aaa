package dev.samsa.errors;

/**
 * The transaction timeout exceeds the broker's maximum (transaction.max.timeout.ms). Kafka error code {@code 50},
 * {@link ErrorCode#INVALID_TRANSACTION_TIMEOUT}. Fatal.
 */
public class InvalidTxnTimeoutException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidTxnTimeoutException(String message) {
        super(ErrorCode.INVALID_TRANSACTION_TIMEOUT, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidTxnTimeoutException(String message, Throwable cause) {
        super(ErrorCode.INVALID_TRANSACTION_TIMEOUT, message, cause);
    }
}
