package dev.samsa.errors;

/**
 * The requested session timeout is shorter than the broker's group.min.session.timeout.ms or longer than its
 * group.max.session.timeout.ms. Kafka error code {@code 26}, {@link ErrorCode#INVALID_SESSION_TIMEOUT}. Fatal.
 */
public class InvalidSessionTimeoutException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidSessionTimeoutException(String message) {
        super(ErrorCode.INVALID_SESSION_TIMEOUT, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidSessionTimeoutException(String message, Throwable cause) {
        super(ErrorCode.INVALID_SESSION_TIMEOUT, message, cause);
    }
}
