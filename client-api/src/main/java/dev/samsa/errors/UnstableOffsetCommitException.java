package dev.samsa.errors;

/**
 * The group has pending transactional offset commits that must complete before offsets can be read. Kafka error
 * code {@code 88}, {@link ErrorCode#UNSTABLE_OFFSET_COMMIT}. Retriable.
 */
public class UnstableOffsetCommitException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnstableOffsetCommitException(String message) {
        super(ErrorCode.UNSTABLE_OFFSET_COMMIT, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnstableOffsetCommitException(String message, Throwable cause) {
        super(ErrorCode.UNSTABLE_OFFSET_COMMIT, message, cause);
    }
}
