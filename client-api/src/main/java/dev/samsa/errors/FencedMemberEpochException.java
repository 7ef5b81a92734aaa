package dev.samsa.errors;

/**
 * The group coordinator fenced this member's epoch; the member must give up all its partitions and rejoin. Kafka
 * error code {@code 110}, {@link ErrorCode#FENCED_MEMBER_EPOCH}. Fatal.
 */
public class FencedMemberEpochException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FencedMemberEpochException(String message) {
        super(ErrorCode.FENCED_MEMBER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FencedMemberEpochException(String message, Throwable cause) {
        super(ErrorCode.FENCED_MEMBER_EPOCH, message, cause);
    }
}
