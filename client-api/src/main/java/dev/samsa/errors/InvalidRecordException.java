package dev.samsa.errors;

/**
 * The broker's record validation rejected a record, for example one without a key on a compacted topic. Kafka error
 * code {@code 87}, {@link ErrorCode#INVALID_RECORD}. Fatal.
 */
public class InvalidRecordException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidRecordException(String message) {
        super(ErrorCode.INVALID_RECORD, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRecordException(String message, Throwable cause) {
        super(ErrorCode.INVALID_RECORD, message, cause);
    }
}
