package dev.samsa.errors;

/**
 * The replica assignment is not valid, for example it names an unknown broker or repeats one. Kafka error code
 * {@code 39}, {@link ErrorCode#INVALID_REPLICA_ASSIGNMENT}. Fatal.
 */
public class InvalidReplicaAssignmentException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidReplicaAssignmentException(String message) {
        super(ErrorCode.INVALID_REPLICA_ASSIGNMENT, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidReplicaAssignmentException(String message, Throwable cause) {
        super(ErrorCode.INVALID_REPLICA_ASSIGNMENT, message, cause);
    }
}
