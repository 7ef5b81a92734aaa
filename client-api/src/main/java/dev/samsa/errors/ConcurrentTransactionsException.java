package dev.samsa.errors;

/**
 * Another operation on the same transaction is still in progress. Kafka error code {@code 51}, {@link
 * ErrorCode#CONCURRENT_TRANSACTIONS}. Retriable.
 */
public class ConcurrentTransactionsException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ConcurrentTransactionsException(String message) {
        super(ErrorCode.CONCURRENT_TRANSACTIONS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ConcurrentTransactionsException(String message, Throwable cause) {
        super(ErrorCode.CONCURRENT_TRANSACTIONS, message, cause);
    }
}
