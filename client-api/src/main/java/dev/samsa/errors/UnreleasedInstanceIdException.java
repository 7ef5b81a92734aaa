package dev.samsa.errors;

/**
 * Another member of the group still holds this instance id and must leave first. Kafka error code {@code 111},
 * {@link ErrorCode#UNRELEASED_INSTANCE_ID}. Fatal.
 */
public class UnreleasedInstanceIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnreleasedInstanceIdException(String message) {
        super(ErrorCode.UNRELEASED_INSTANCE_ID, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnreleasedInstanceIdException(String message, Throwable cause) {
        super(ErrorCode.UNRELEASED_INSTANCE_ID, message, cause);
    }
}
