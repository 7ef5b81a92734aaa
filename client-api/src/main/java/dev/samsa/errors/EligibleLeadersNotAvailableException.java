package dev.samsa.errors;

/**
 * No replica eligible to lead the partition is available. Kafka error code {@code 83}, {@link
 * ErrorCode#ELIGIBLE_LEADERS_NOT_AVAILABLE}. Retriable once the client has refreshed its metadata.
 */
public class EligibleLeadersNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public EligibleLeadersNotAvailableException(String message) {
        super(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public EligibleLeadersNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE, message, cause);
    }
}
