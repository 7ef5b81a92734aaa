package dev.samsa.errors;

/**
 * Another member joined with the same group.instance.id, fencing this static member. Kafka error code {@code 82},
 * {@link ErrorCode#FENCED_INSTANCE_ID}. Fatal for the client; the application recovers by starting the unit of work
 * over.
 */
public class FencedInstanceIdException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FencedInstanceIdException(String message) {
        super(ErrorCode.FENCED_INSTANCE_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FencedInstanceIdException(String message, Throwable cause) {
        super(ErrorCode.FENCED_INSTANCE_ID, message, cause);
    }
}
