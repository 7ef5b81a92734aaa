package dev.samsa.errors;

/**
 * The partition's leader has no listener matching the one the metadata request arrived on. Kafka error code {@code
 * 72}, {@link ErrorCode#LISTENER_NOT_FOUND}. Retriable once the client has refreshed its metadata.
 */
public class ListenerNotFoundException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ListenerNotFoundException(String message) {
        super(ErrorCode.LISTENER_NOT_FOUND, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ListenerNotFoundException(String message, Throwable cause) {
        super(ErrorCode.LISTENER_NOT_FOUND, message, cause);
    }
}
