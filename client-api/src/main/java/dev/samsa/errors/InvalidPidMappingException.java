package dev.samsa.errors;

/**
 * The producer id is not the one currently assigned to this transactional id. Kafka error code {@code 49}, {@link
 * ErrorCode#INVALID_PRODUCER_ID_MAPPING}. Fatal for the client; the application recovers by starting the unit of
 * work over.
 */
public class InvalidPidMappingException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidPidMappingException(String message) {
        super(ErrorCode.INVALID_PRODUCER_ID_MAPPING, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidPidMappingException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PRODUCER_ID_MAPPING, message, cause);
    }
}
