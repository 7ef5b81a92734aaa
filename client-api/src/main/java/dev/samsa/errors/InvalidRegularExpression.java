package dev.samsa.errors;

/**
 * The regular expression, for example a subscription pattern, does not compile. Kafka error code {@code 128},
 * {@link ErrorCode#INVALID_REGULAR_EXPRESSION}. Fatal.
 */
public class InvalidRegularExpression extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public InvalidRegularExpression(String message) {
        super(ErrorCode.INVALID_REGULAR_EXPRESSION, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRegularExpression(String message, Throwable cause) {
        super(ErrorCode.INVALID_REGULAR_EXPRESSION, message, cause);
    }
}
