package dev.samsa.errors;

/**
 * The broker epoch in the request is out of date. Kafka error code {@code 77}, {@link
 * ErrorCode#STALE_BROKER_EPOCH}. Fatal.
 */
public class StaleBrokerEpochException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public StaleBrokerEpochException(String message) {
        super(ErrorCode.STALE_BROKER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public StaleBrokerEpochException(String message, Throwable cause) {
        super(ErrorCode.STALE_BROKER_EPOCH, message, cause);
    }
}
