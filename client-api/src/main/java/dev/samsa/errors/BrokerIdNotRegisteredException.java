package dev.samsa.errors;

/**
 * No broker is registered with this broker id. Kafka error code {@code 102}, {@link
 * ErrorCode#BROKER_ID_NOT_REGISTERED}. Fatal.
 */
public class BrokerIdNotRegisteredException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public BrokerIdNotRegisteredException(String message) {
        super(ErrorCode.BROKER_ID_NOT_REGISTERED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public BrokerIdNotRegisteredException(String message, Throwable cause) {
        super(ErrorCode.BROKER_ID_NOT_REGISTERED, message, cause);
    }
}
