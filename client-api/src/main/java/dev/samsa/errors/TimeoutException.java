package dev.samsa.errors;

/**
 * An operation did not complete in time: a broker answered {@code REQUEST_TIMED_OUT} (Kafka error code {@code 7},
 * {@link ErrorCode#REQUEST_TIMED_OUT}), or the client gave up waiting (for metadata, for buffer space, for a
 * response within {@code request.timeout.ms}, for the whole {@code delivery.timeout.ms} or
 * {@code default.api.timeout.ms}). Retriable, as in Kafka; {@link #errorCode()} is {@code REQUEST_TIMED_OUT} in
 * both cases. The message names the operation, what it waited for and the timeout in ms.
 */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what timed out, naming the operation, the entity and the timeout in ms
     */
    public TimeoutException(String message) {
        super(ErrorCode.REQUEST_TIMED_OUT, message);
    }

    /**
     * @param message what timed out, naming the operation, the entity and the timeout in ms
     * @param cause the underlying failure, or {@code null}
     */
    public TimeoutException(String message, Throwable cause) {
        super(ErrorCode.REQUEST_TIMED_OUT, message, cause);
    }
}
