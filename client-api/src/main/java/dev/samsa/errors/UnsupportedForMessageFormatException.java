package dev.samsa.errors;

/**
 * The request needs a newer record format than the broker uses for this topic. Kafka error code {@code 43}, {@link
 * ErrorCode#UNSUPPORTED_FOR_MESSAGE_FORMAT}. Fatal.
 */
public class UnsupportedForMessageFormatException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedForMessageFormatException(String message) {
        super(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedForMessageFormatException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message, cause);
    }
}
