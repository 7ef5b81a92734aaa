package dev.samsa.errors;

/**
 * A fatal condition the client cannot recover from by itself but the application can, by starting over the
 * affected unit of work: a consumer rejoins its group (for example {@code UNKNOWN_MEMBER_ID}), a transactional
 * producer aborts or is re-created (for example {@code PRODUCER_FENCED}). See KIP-691.
 */
public abstract class ApplicationRecoverableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     */
    protected ApplicationRecoverableException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /**
     * @param errorCode the Kafka error code this failure stands for
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected ApplicationRecoverableException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
