package dev.samsa.errors;

/**
 * The broker received a sequence number that is not the next one it expects from this producer. Kafka error code
 * {@code 45}, {@link ErrorCode#OUT_OF_ORDER_SEQUENCE_NUMBER}. Fatal.
 */
public class OutOfOrderSequenceException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public OutOfOrderSequenceException(String message) {
        super(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public OutOfOrderSequenceException(String message, Throwable cause) {
        super(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message, cause);
    }

    /**
     * For subclasses that stand for a more specific error code.
     *
     * @param errorCode the Kafka error code, or {@code null} for a client-side condition with none
     * @param message what failed, naming the entity concerned
     */
    protected OutOfOrderSequenceException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * For subclasses that stand for a more specific error code.
     *
     * @param errorCode the Kafka error code, or {@code null} for a client-side condition with none
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected OutOfOrderSequenceException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
