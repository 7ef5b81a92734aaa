package dev.samsa.errors;

/**
 * The telemetry push named an unknown or outdated client telemetry subscription id. Kafka error code {@code 117},
 * {@link ErrorCode#UNKNOWN_SUBSCRIPTION_ID}. Fatal.
 */
public class UnknownSubscriptionIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownSubscriptionIdException(String message) {
        super(ErrorCode.UNKNOWN_SUBSCRIPTION_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownSubscriptionIdException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_SUBSCRIPTION_ID, message, cause);
    }
}
