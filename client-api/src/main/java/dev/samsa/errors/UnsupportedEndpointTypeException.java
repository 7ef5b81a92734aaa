package dev.samsa.errors;

/**
 * The node does not support the endpoint type named in the request yet. Kafka error code {@code 115}, {@link
 * ErrorCode#UNSUPPORTED_ENDPOINT_TYPE}. Fatal.
 */
public class UnsupportedEndpointTypeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedEndpointTypeException(String message) {
        super(ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedEndpointTypeException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, message, cause);
    }
}
