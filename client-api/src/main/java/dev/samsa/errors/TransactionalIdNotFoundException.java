package dev.samsa.errors;

/**
 * No transaction state exists for this transactional id. Kafka error code {@code 105}, {@link
 * ErrorCode#TRANSACTIONAL_ID_NOT_FOUND}. Fatal.
 */
public class TransactionalIdNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TransactionalIdNotFoundException(String message) {
        super(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TransactionalIdNotFoundException(String message, Throwable cause) {
        super(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, message, cause);
    }
}
