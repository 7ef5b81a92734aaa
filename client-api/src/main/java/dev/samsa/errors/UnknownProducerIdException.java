package dev.samsa.errors;

/**
 * The broker holds no state for this producer id, for example because retention removed all of its records. Kafka
 * error code {@code 59}, {@link ErrorCode#UNKNOWN_PRODUCER_ID}. Fatal.
 */
public class UnknownProducerIdException extends OutOfOrderSequenceException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownProducerIdException(String message) {
        super(ErrorCode.UNKNOWN_PRODUCER_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownProducerIdException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_PRODUCER_ID, message, cause);
    }
}
