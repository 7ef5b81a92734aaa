package dev.samsa.errors;

/**
 * The leader epoch in the request is older than the broker's; the client's metadata is stale. Kafka error code
 * {@code 74}, {@link ErrorCode#FENCED_LEADER_EPOCH}. Retriable once the client has refreshed its metadata.
 */
public class FencedLeaderEpochException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FencedLeaderEpochException(String message) {
        super(ErrorCode.FENCED_LEADER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FencedLeaderEpochException(String message, Throwable cause) {
        super(ErrorCode.FENCED_LEADER_EPOCH, message, cause);
    }
}
