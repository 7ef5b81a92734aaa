package dev.samsa.errors;

/**
 * The metadata string of an offset commit is longer than the broker allows (offset.metadata.max.bytes). Kafka error
 * code {@code 12}, {@link ErrorCode#OFFSET_METADATA_TOO_LARGE}. Fatal.
 */
public class OffsetMetadataTooLarge extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public OffsetMetadataTooLarge(String message) {
        super(ErrorCode.OFFSET_METADATA_TOO_LARGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public OffsetMetadataTooLarge(String message, Throwable cause) {
        super(ErrorCode.OFFSET_METADATA_TOO_LARGE, message, cause);
    }
}
