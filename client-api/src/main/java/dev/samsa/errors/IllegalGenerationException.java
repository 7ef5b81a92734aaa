package dev.samsa.errors;

/**
 * The group generation id in the request is not the current one; the member must rejoin the group. Kafka error code
 * {@code 22}, {@link ErrorCode#ILLEGAL_GENERATION}. Fatal for the client; the application recovers by starting the
 * unit of work over.
 */
public class IllegalGenerationException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public IllegalGenerationException(String message) {
        super(ErrorCode.ILLEGAL_GENERATION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public IllegalGenerationException(String message, Throwable cause) {
        super(ErrorCode.ILLEGAL_GENERATION, message, cause);
    }
}
