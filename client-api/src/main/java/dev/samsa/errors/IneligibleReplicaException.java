package dev.samsa.errors;

/**
 * The proposed in-sync replica set contains a replica that may not join it. Kafka error code {@code 107}, {@link
 * ErrorCode#INELIGIBLE_REPLICA}. Fatal.
 */
public class IneligibleReplicaException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public IneligibleReplicaException(String message) {
        super(ErrorCode.INELIGIBLE_REPLICA, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public IneligibleReplicaException(String message, Throwable cause) {
        super(ErrorCode.INELIGIBLE_REPLICA, message, cause);
    }
}
