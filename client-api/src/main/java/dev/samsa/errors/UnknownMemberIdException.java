package dev.samsa.errors;

/**
 * The coordinator does not know this member id; the member must rejoin the group. Kafka error code {@code 25},
 * {@link ErrorCode#UNKNOWN_MEMBER_ID}. Fatal for the client; the application recovers by starting the unit of work
 * over.
 */
public class UnknownMemberIdException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnknownMemberIdException(String message) {
        super(ErrorCode.UNKNOWN_MEMBER_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownMemberIdException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_MEMBER_ID, message, cause);
    }
}
