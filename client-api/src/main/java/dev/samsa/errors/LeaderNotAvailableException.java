package dev.samsa.errors;

/**
 * The partition has no leader at the moment, typically while a leader election runs. Kafka error code {@code 5},
 * {@link ErrorCode#LEADER_NOT_AVAILABLE}. Retriable once the client has refreshed its metadata.
 */
public class LeaderNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public LeaderNotAvailableException(String message) {
        super(ErrorCode.LEADER_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public LeaderNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.LEADER_NOT_AVAILABLE, message, cause);
    }
}
