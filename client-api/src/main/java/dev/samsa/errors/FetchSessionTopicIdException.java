package dev.samsa.errors;

/**
 * The fetch session used topic ids inconsistently, with some requests naming topics by id and others by name. Kafka
 * error code {@code 106}, {@link ErrorCode#FETCH_SESSION_TOPIC_ID_ERROR}. Retriable.
 */
public class FetchSessionTopicIdException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FetchSessionTopicIdException(String message) {
        super(ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FetchSessionTopicIdException(String message, Throwable cause) {
        super(ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR, message, cause);
    }
}
