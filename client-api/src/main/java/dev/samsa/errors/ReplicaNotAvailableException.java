package dev.samsa.errors;

/**
 * The broker has no usable replica of this partition at the moment, for example while the replica is created or
 * moved. Kafka error code {@code 9}, {@link ErrorCode#REPLICA_NOT_AVAILABLE}. Retriable once the client has
 * refreshed its metadata.
 */
public class ReplicaNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ReplicaNotAvailableException(String message) {
        super(ErrorCode.REPLICA_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ReplicaNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.REPLICA_NOT_AVAILABLE, message, cause);
    }
}
