package dev.samsa.errors;

/**
 * The broker skipped this operation, typically because another operation in the same batched request failed. Kafka
 * error code {@code 55}, {@link ErrorCode#OPERATION_NOT_ATTEMPTED}. Fatal.
 */
public class OperationNotAttemptedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public OperationNotAttemptedException(String message) {
        super(ErrorCode.OPERATION_NOT_ATTEMPTED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public OperationNotAttemptedException(String message, Throwable cause) {
        super(ErrorCode.OPERATION_NOT_ATTEMPTED, message, cause);
    }
}
