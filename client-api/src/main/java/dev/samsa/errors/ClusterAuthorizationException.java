package dev.samsa.errors;

/**
 * The principal is not authorized for this cluster-level operation. Kafka error code {@code 31}, {@link
 * ErrorCode#CLUSTER_AUTHORIZATION_FAILED}. Fatal.
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ClusterAuthorizationException(String message) {
        super(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ClusterAuthorizationException(String message, Throwable cause) {
        super(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, message, cause);
    }
}
