package dev.samsa.errors;

/**
 * The broker is not the leader of this partition (or, for a follower fetch, not one of its replicas); the client's
 * metadata is stale. Kafka error code {@code 6}, {@link ErrorCode#NOT_LEADER_OR_FOLLOWER}. Retriable once the
 * client has refreshed its metadata.
 */
public class NotLeaderOrFollowerException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NotLeaderOrFollowerException(String message) {
        super(ErrorCode.NOT_LEADER_OR_FOLLOWER, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NotLeaderOrFollowerException(String message, Throwable cause) {
        super(ErrorCode.NOT_LEADER_OR_FOLLOWER, message, cause);
    }
}
