package dev.samsa.errors;

/**
 * The partition already has the leader the election would pick; no election took place. Kafka error code {@code
 * 84}, {@link ErrorCode#ELECTION_NOT_NEEDED}. Retriable once the client has refreshed its metadata.
 */
public class ElectionNotNeededException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ElectionNotNeededException(String message) {
        super(ErrorCode.ELECTION_NOT_NEEDED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ElectionNotNeededException(String message, Throwable cause) {
        super(ErrorCode.ELECTION_NOT_NEEDED, message, cause);
    }
}
