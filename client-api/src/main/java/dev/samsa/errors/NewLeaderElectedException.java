package dev.samsa.errors;

/**
 * The AlterPartition request updated the partition, but a new leader was elected meanwhile. Kafka error code {@code
 * 108}, {@link ErrorCode#NEW_LEADER_ELECTED}. Fatal.
 */
public class NewLeaderElectedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NewLeaderElectedException(String message) {
        super(ErrorCode.NEW_LEADER_ELECTED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NewLeaderElectedException(String message, Throwable cause) {
        super(ErrorCode.NEW_LEADER_ELECTED, message, cause);
    }
}
