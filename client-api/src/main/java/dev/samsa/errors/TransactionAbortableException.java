package dev.samsa.errors;

/**
 * The transaction hit an error on the broker; aborting it lets the producer go on with the same transactional id.
 * Kafka error code {@code 120}, {@link ErrorCode#TRANSACTION_ABORTABLE}. Fatal.
 */
public class TransactionAbortableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TransactionAbortableException(String message) {
        super(ErrorCode.TRANSACTION_ABORTABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TransactionAbortableException(String message, Throwable cause) {
        super(ErrorCode.TRANSACTION_ABORTABLE, message, cause);
    }
}
