package dev.samsa.errors;

/**
 * The broker has security features disabled, so the security operation cannot run. Kafka error code {@code 54},
 * {@link ErrorCode#SECURITY_DISABLED}. Fatal.
 */
public class SecurityDisabledException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public SecurityDisabledException(String message) {
        super(ErrorCode.SECURITY_DISABLED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public SecurityDisabledException(String message, Throwable cause) {
        super(ErrorCode.SECURITY_DISABLED, message, cause);
    }
}
