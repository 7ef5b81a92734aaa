package dev.samsa.errors;

/**
 * The preferred leader replica of the partition is not available. Kafka error code {@code 80}, {@link
 * ErrorCode#PREFERRED_LEADER_NOT_AVAILABLE}. Retriable once the client has refreshed its metadata.
 */
public class PreferredLeaderNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public PreferredLeaderNotAvailableException(String message) {
        super(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public PreferredLeaderNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, message, cause);
    }
}
