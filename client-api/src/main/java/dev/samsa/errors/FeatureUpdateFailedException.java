package dev.samsa.errors;

/**
 * The finalized features could not be updated because of an unexpected broker failure. Kafka error code {@code 96},
 * {@link ErrorCode#FEATURE_UPDATE_FAILED}. Fatal.
 */
public class FeatureUpdateFailedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public FeatureUpdateFailedException(String message) {
        super(ErrorCode.FEATURE_UPDATE_FAILED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public FeatureUpdateFailedException(String message, Throwable cause) {
        super(ErrorCode.FEATURE_UPDATE_FAILED, message, cause);
    }
}
