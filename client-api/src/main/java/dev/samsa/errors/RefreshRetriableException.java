package dev.samsa.errors;

/**
 * A retriable condition that calls for fresh information before the retry: the client looks up the coordinator
 * or refreshes its metadata, then tries again (for example {@code NOT_COORDINATOR}, {@code COORDINATOR_NOT_AVAILABLE}).
 */
public abstract class RefreshRetriableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     */
    protected RefreshRetriableException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected RefreshRetriableException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
