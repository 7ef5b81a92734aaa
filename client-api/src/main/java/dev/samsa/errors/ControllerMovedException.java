package dev.samsa.errors;

/**
 * The request carried an old controller epoch: the controller has moved to another node. Kafka error code {@code
 * 11}, {@link ErrorCode#STALE_CONTROLLER_EPOCH}. Fatal.
 */
public class ControllerMovedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public ControllerMovedException(String message) {
        super(ErrorCode.STALE_CONTROLLER_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public ControllerMovedException(String message, Throwable cause) {
        super(ErrorCode.STALE_CONTROLLER_EPOCH, message, cause);
    }
}
