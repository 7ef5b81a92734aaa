package dev.samsa.errors;

/**
 * The write was refused because the partition has fewer in-sync replicas than min.insync.replicas requires. Kafka
 * error code {@code 19}, {@link ErrorCode#NOT_ENOUGH_REPLICAS}. Retriable.
 */
public class NotEnoughReplicasException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NotEnoughReplicasException(String message) {
        super(ErrorCode.NOT_ENOUGH_REPLICAS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NotEnoughReplicasException(String message, Throwable cause) {
        super(ErrorCode.NOT_ENOUGH_REPLICAS, message, cause);
    }
}
