package dev.samsa.errors;

/**
 * The broker received a sequence number it has already written for this producer. Kafka error code {@code 46},
 * {@link ErrorCode#DUPLICATE_SEQUENCE_NUMBER}. Fatal.
 */
public class DuplicateSequenceException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DuplicateSequenceException(String message) {
        super(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DuplicateSequenceException(String message, Throwable cause) {
        super(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, message, cause);
    }
}
