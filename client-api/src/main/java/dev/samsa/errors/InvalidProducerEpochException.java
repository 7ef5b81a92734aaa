package dev.samsa.errors;

/**
 * The producer sent with an epoch older than the current one for its producer id. Kafka error code {@code 47},
 * {@link ErrorCode#INVALID_PRODUCER_EPOCH}. Fatal for the client; the application recovers by starting the unit of
 * work over.
 */
public class InvalidProducerEpochException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidProducerEpochException(String message) {
        super(ErrorCode.INVALID_PRODUCER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidProducerEpochException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PRODUCER_EPOCH, message, cause);
    }
}
