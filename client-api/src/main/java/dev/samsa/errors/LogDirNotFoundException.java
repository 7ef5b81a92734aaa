package dev.samsa.errors;

/**
 * The named log directory is not one of the broker's configured log directories. Kafka error code {@code 57},
 * {@link ErrorCode#LOG_DIR_NOT_FOUND}. Fatal.
 */
public class LogDirNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public LogDirNotFoundException(String message) {
        super(ErrorCode.LOG_DIR_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public LogDirNotFoundException(String message, Throwable cause) {
        super(ErrorCode.LOG_DIR_NOT_FOUND, message, cause);
    }
}
