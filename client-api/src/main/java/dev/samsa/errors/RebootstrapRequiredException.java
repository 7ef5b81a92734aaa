package dev.samsa.errors;

/**
 * The client's metadata is too stale to repair; it must start again from its bootstrap servers. Kafka error code
 * {@code 129}, {@link ErrorCode#REBOOTSTRAP_REQUIRED}. Fatal.
 */
public class RebootstrapRequiredException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public RebootstrapRequiredException(String message) {
        super(ErrorCode.REBOOTSTRAP_REQUIRED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public RebootstrapRequiredException(String message, Throwable cause) {
        super(ErrorCode.REBOOTSTRAP_REQUIRED, message, cause);
    }
}
