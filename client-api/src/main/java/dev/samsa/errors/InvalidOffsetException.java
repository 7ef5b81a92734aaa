package dev.samsa.errors;

/**
 * An offset the client asked for is not valid for the partition. Fatal for the request; a consumer resolves it
 * through its {@code auto.offset.reset} policy.
 */
public abstract class InvalidOffsetException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     */
    protected InvalidOffsetException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected InvalidOffsetException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
