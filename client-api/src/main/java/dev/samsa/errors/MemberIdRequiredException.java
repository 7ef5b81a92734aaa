package dev.samsa.errors;

/**
 * The member must join again with the member id the coordinator just assigned to it. Kafka error code {@code 79},
 * {@link ErrorCode#MEMBER_ID_REQUIRED}. Fatal.
 */
public class MemberIdRequiredException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public MemberIdRequiredException(String message) {
        super(ErrorCode.MEMBER_ID_REQUIRED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public MemberIdRequiredException(String message, Throwable cause) {
        super(ErrorCode.MEMBER_ID_REQUIRED, message, cause);
    }
}
