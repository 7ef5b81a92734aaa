package dev.samsa.errors;

/**
 * The request comes from a node of another cluster: its cluster id differs from the broker's. Kafka error code
 * {@code 104}, {@link ErrorCode#INCONSISTENT_CLUSTER_ID}. Fatal.
 */
public class InconsistentClusterIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InconsistentClusterIdException(String message) {
        super(ErrorCode.INCONSISTENT_CLUSTER_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InconsistentClusterIdException(String message, Throwable cause) {
        super(ErrorCode.INCONSISTENT_CLUSTER_ID, message, cause);
    }
}
