package dev.samsa.errors;

/**
 * The request breaks a policy configured on the broker, such as a topic creation policy. Kafka error code {@code
 * 44}, {@link ErrorCode#POLICY_VIOLATION}. Fatal.
 */
public class PolicyViolationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public PolicyViolationException(String message) {
        super(ErrorCode.POLICY_VIOLATION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public PolicyViolationException(String message, Throwable cause) {
        super(ErrorCode.POLICY_VIOLATION, message, cause);
    }
}
