package dev.samsa.errors;

/**
 * The produce request carried an acks value the broker does not accept (allowed: -1, 0, 1). Kafka error code {@code
 * 21}, {@link ErrorCode#INVALID_REQUIRED_ACKS}. Fatal.
 */
public class InvalidRequiredAcksException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidRequiredAcksException(String message) {
        super(ErrorCode.INVALID_REQUIRED_ACKS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRequiredAcksException(String message, Throwable cause) {
        super(ErrorCode.INVALID_REQUIRED_ACKS, message, cause);
    }
}
