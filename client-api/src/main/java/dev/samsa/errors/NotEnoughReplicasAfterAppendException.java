package dev.samsa.errors;

/**
 * The records were appended, but fewer in-sync replicas than min.insync.replicas acknowledged them. Kafka error
 * code {@code 20}, {@link ErrorCode#NOT_ENOUGH_REPLICAS_AFTER_APPEND}. Retriable.
 */
public class NotEnoughReplicasAfterAppendException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NotEnoughReplicasAfterAppendException(String message) {
        super(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NotEnoughReplicasAfterAppendException(String message, Throwable cause) {
        super(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, message, cause);
    }
}
