package dev.samsa.errors;

/**
 * A condition that may clear if the same operation is tried again (after a metadata refresh and a backoff), such
 * as {@code NOT_LEADER_OR_FOLLOWER} or a lost connection. The client engines retry these within their timeouts
 * ({@code delivery.timeout.ms}, {@code default.api.timeout.ms}); an application sees one only once those ran out.
 *
 * <p>Which codes are retriable follows the official client exactly ({@link ErrorCode#isRetriable()}). The public
 * constructors serve client-side conditions with no broker error code; an exception built with them has a
 * {@code null} {@link #errorCode()}.
 */
public class RetriableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * A client-side retriable condition with no Kafka error code ({@link #errorCode()} is {@code null}).
     *
     * @param message what went wrong, naming the entity concerned
     */
    public RetriableException(String message) {
        super(null, message);
    }

    /**
     * A client-side retriable condition with no Kafka error code ({@link #errorCode()} is {@code null}).
     *
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public RetriableException(String message, Throwable cause) {
        super(null, message, cause);
    }

    /**
     * @param errorCode the Kafka error code, or {@code null} for none
     * @param message what went wrong, naming the entity concerned
     */
    protected RetriableException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code, or {@code null} for none
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected RetriableException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
