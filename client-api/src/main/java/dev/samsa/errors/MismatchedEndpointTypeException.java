package dev.samsa.errors;

/**
 * The request went to an endpoint of the wrong type, a broker instead of a controller or the reverse. Kafka error
 * code {@code 114}, {@link ErrorCode#MISMATCHED_ENDPOINT_TYPE}. Fatal.
 */
public class MismatchedEndpointTypeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public MismatchedEndpointTypeException(String message) {
        super(ErrorCode.MISMATCHED_ENDPOINT_TYPE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public MismatchedEndpointTypeException(String message, Throwable cause) {
        super(ErrorCode.MISMATCHED_ENDPOINT_TYPE, message, cause);
    }
}
