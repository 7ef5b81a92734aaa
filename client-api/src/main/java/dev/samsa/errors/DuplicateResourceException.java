package dev.samsa.errors;

/**
 * The request names the same resource more than once. Kafka error code {@code 92}, {@link
 * ErrorCode#DUPLICATE_RESOURCE}. Fatal.
 */
public class DuplicateResourceException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public DuplicateResourceException(String message) {
        super(ErrorCode.DUPLICATE_RESOURCE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public DuplicateResourceException(String message, Throwable cause) {
        super(ErrorCode.DUPLICATE_RESOURCE, message, cause);
    }
}
