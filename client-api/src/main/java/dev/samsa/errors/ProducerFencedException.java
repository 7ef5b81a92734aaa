package dev.samsa.errors;

/**
 * This producer was fenced: another one started with the same transactional.id and a newer epoch. Kafka error code
 * {@code 90}, {@link ErrorCode#PRODUCER_FENCED}. Fatal for the client; the application recovers by starting the
 * unit of work over.
 */
public class ProducerFencedException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ProducerFencedException(String message) {
        super(ErrorCode.PRODUCER_FENCED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ProducerFencedException(String message, Throwable cause) {
        super(ErrorCode.PRODUCER_FENCED, message, cause);
    }
}
