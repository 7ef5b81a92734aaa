package dev.samsa.errors;

/**
 * The transaction coordinator that sent a transaction marker is no longer the current coordinator for the producer.
 * Kafka error code {@code 52}, {@link ErrorCode#TRANSACTION_COORDINATOR_FENCED}. Fatal.
 */
public class TransactionCoordinatorFencedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TransactionCoordinatorFencedException(String message) {
        super(ErrorCode.TRANSACTION_COORDINATOR_FENCED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TransactionCoordinatorFencedException(String message, Throwable cause) {
        super(ErrorCode.TRANSACTION_COORDINATOR_FENCED, message, cause);
    }
}
