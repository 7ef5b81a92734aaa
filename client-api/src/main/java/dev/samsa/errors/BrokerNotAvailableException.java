package dev.samsa.errors;

/**
 * The broker named in the request is not alive in the cluster. Kafka error code {@code 8}, {@link
 * ErrorCode#BROKER_NOT_AVAILABLE}. Fatal.
 */
public class BrokerNotAvailableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public BrokerNotAvailableException(String message) {
        super(ErrorCode.BROKER_NOT_AVAILABLE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public BrokerNotAvailableException(String message, Throwable cause) {
        super(ErrorCode.BROKER_NOT_AVAILABLE, message, cause);
    }
}
