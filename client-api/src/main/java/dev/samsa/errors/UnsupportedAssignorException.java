package dev.samsa.errors;

/**
 * The group does not support this assignor, or none of its versions. Kafka error code {@code 112}, {@link
 * ErrorCode#UNSUPPORTED_ASSIGNOR}. Fatal.
 */
public class UnsupportedAssignorException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedAssignorException(String message) {
        super(ErrorCode.UNSUPPORTED_ASSIGNOR, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedAssignorException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED_ASSIGNOR, message, cause);
    }
}
