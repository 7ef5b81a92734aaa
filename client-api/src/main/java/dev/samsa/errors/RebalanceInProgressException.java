package dev.samsa.errors;

/**
 * The group is rebalancing; the member must rejoin. Kafka error code {@code 27}, {@link
 * ErrorCode#REBALANCE_IN_PROGRESS}. Fatal.
 */
public class RebalanceInProgressException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public RebalanceInProgressException(String message) {
        super(ErrorCode.REBALANCE_IN_PROGRESS, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public RebalanceInProgressException(String message, Throwable cause) {
        super(ErrorCode.REBALANCE_IN_PROGRESS, message, cause);
    }
}
