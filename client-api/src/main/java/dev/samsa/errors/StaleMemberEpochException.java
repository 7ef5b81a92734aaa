package dev.samsa.errors;

/**
 * The member epoch is out of date; the member retries once its next heartbeat brings the current epoch. Kafka error
 * code {@code 113}, {@link ErrorCode#STALE_MEMBER_EPOCH}. Fatal.
 */
public class StaleMemberEpochException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public StaleMemberEpochException(String message) {
        super(ErrorCode.STALE_MEMBER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public StaleMemberEpochException(String message, Throwable cause) {
        super(ErrorCode.STALE_MEMBER_EPOCH, message, cause);
    }
}
