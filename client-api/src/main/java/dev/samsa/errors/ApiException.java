package dev.samsa.errors;

/**
 * A failure that has a Kafka error code: a broker answered with it, or the client detected a condition Kafka
 * names with one (a request timing out, a batch too large to send). {@link ErrorCode#exception(String)} builds the
 * right subclass for each code; {@link ErrorCode#forException(Throwable)} goes the other way.
 *
 * <p>Retriable conditions extend {@link RetriableException}; every other subclass is fatal for the operation that
 * saw it. The hierarchy follows the official client's {@code org.apache.kafka.common.errors} so that a
 * {@code catch} written against Kafka's types has a counterpart here.
 */
public class ApiException extends SamsaException {
    private static final long serialVersionUID = 1L;

    /** The code, or {@code null} for a client-side condition with none. */
    private final ErrorCode errorCode;

    /**
     * @param errorCode the Kafka error code this failure stands for, or {@code null} for a condition raised by the
     *     client that has none
     * @param message what went wrong, naming the entity concerned
     */
    protected ApiException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /**
     * @param errorCode the Kafka error code this failure stands for, or {@code null} for a condition raised by the
     *     client that has none
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected ApiException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /**
     * The Kafka error code this exception stands for.
     *
     * @return the code; {@code null} only for conditions the client raises itself that have no Kafka error code,
     *     such as {@link DisconnectException}, {@link SslAuthenticationException} or a {@link RetriableException}
     *     built without a code
     */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
