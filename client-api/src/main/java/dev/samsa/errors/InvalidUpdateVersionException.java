package dev.samsa.errors;

/**
 * The version number given for the update is not acceptable. Kafka error code {@code 95}, {@link
 * ErrorCode#INVALID_UPDATE_VERSION}. Fatal.
 */
public class InvalidUpdateVersionException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidUpdateVersionException(String message) {
        super(ErrorCode.INVALID_UPDATE_VERSION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidUpdateVersionException(String message, Throwable cause) {
        super(ErrorCode.INVALID_UPDATE_VERSION, message, cause);
    }
}
