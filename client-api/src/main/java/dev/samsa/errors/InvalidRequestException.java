package dev.samsa.errors;

/**
 * The broker found the request malformed: a client bug, or a broker that does not understand it; the broker log
 * says more. Kafka error code {@code 42}, {@link ErrorCode#INVALID_REQUEST}. Fatal.
 */
public class InvalidRequestException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidRequestException(String message) {
        super(ErrorCode.INVALID_REQUEST, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRequestException(String message, Throwable cause) {
        super(ErrorCode.INVALID_REQUEST, message, cause);
    }
}
