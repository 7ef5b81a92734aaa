package dev.samsa.errors;

/**
 * The broker does not support this version of the API. Kafka error code {@code 35}, {@link
 * ErrorCode#UNSUPPORTED_VERSION}. Fatal.
 */
public class UnsupportedVersionException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedVersionException(String message) {
        super(ErrorCode.UNSUPPORTED_VERSION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedVersionException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED_VERSION, message, cause);
    }
}
