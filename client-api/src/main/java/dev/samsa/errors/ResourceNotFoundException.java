package dev.samsa.errors;

/**
 * A resource named in the request does not exist. Kafka error code {@code 91}, {@link
 * ErrorCode#RESOURCE_NOT_FOUND}. Fatal.
 */
public class ResourceNotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ResourceNotFoundException(String message) {
        super(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ResourceNotFoundException(String message, Throwable cause) {
        super(ErrorCode.RESOURCE_NOT_FOUND, message, cause);
    }
}
