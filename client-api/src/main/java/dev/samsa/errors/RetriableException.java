package dev.samsa.errors;

/**
 * A condition that may clear if the same operation is tried again (after a metadata refresh and a backoff), such
 * as {@code NOT_LEADER_OR_FOLLOWER} or a lost connection. The client engines retry these within their timeouts
 * ({@code delivery.timeout.ms}, {@code default.api.timeout.ms}); an application sees one only once those ran out.
 */
public class RetriableException extends SamsaException {
    private static final long serialVersionUID = 1L;

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
