package dev.samsa.errors;

/**
 * A configuration in the request is not valid. Kafka error code {@code 40}, {@link ErrorCode#INVALID_CONFIG}.
 * Fatal.
 */
public class InvalidConfigurationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidConfigurationException(String message) {
        super(ErrorCode.INVALID_CONFIG, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidConfigurationException(String message, Throwable cause) {
        super(ErrorCode.INVALID_CONFIG, message, cause);
    }

    /**
     * For subclasses that stand for a more specific error code.
     *
     * @param errorCode the Kafka error code, or {@code null} for a client-side condition with none
     * @param message what failed, naming the entity concerned
     */
    protected InvalidConfigurationException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * For subclasses that stand for a more specific error code.
     *
     * @param errorCode the Kafka error code, or {@code null} for a client-side condition with none
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected InvalidConfigurationException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
