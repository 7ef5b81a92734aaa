package dev.samsa.errors;

/**
 * The replication factor must be at least 1 and at most the number of live brokers. Kafka error code {@code 38},
 * {@link ErrorCode#INVALID_REPLICATION_FACTOR}. Fatal.
 */
public class InvalidReplicationFactorException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidReplicationFactorException(String message) {
        super(ErrorCode.INVALID_REPLICATION_FACTOR, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidReplicationFactorException(String message, Throwable cause) {
        super(ErrorCode.INVALID_REPLICATION_FACTOR, message, cause);
    }
}
