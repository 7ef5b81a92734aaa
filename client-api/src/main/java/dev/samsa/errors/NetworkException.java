package dev.samsa.errors;

/**
 * The connection closed before the response arrived. Kafka error code {@code 13}, {@link
 * ErrorCode#NETWORK_EXCEPTION}. Retriable once the client has refreshed its metadata.
 */
public class NetworkException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public NetworkException(String message) {
        super(ErrorCode.NETWORK_EXCEPTION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public NetworkException(String message, Throwable cause) {
        super(ErrorCode.NETWORK_EXCEPTION, message, cause);
    }
}
