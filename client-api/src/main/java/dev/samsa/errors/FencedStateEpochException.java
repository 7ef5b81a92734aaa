package dev.samsa.errors;

/**
 * The share-group state epoch in the request does not match the share coordinator's. Kafka error code {@code 124},
 * {@link ErrorCode#FENCED_STATE_EPOCH}. Fatal.
 */
public class FencedStateEpochException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FencedStateEpochException(String message) {
        super(ErrorCode.FENCED_STATE_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FencedStateEpochException(String message, Throwable cause) {
        super(ErrorCode.FENCED_STATE_EPOCH, message, cause);
    }
}
