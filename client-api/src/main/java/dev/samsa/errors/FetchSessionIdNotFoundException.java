package dev.samsa.errors;

/**
 * The broker has no fetch session with this id; the client starts a new session. Kafka error code {@code 70},
 * {@link ErrorCode#FETCH_SESSION_ID_NOT_FOUND}. Retriable.
 */
public class FetchSessionIdNotFoundException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FetchSessionIdNotFoundException(String message) {
        super(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FetchSessionIdNotFoundException(String message, Throwable cause) {
        super(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, message, cause);
    }
}
