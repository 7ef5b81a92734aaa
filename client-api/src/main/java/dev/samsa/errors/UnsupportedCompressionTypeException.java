package dev.samsa.errors;

/**
 * The partition uses a compression type that the request's version cannot carry, such as zstd on an old fetch
 * version. Kafka error code {@code 76}, {@link ErrorCode#UNSUPPORTED_COMPRESSION_TYPE}. Fatal.
 */
public class UnsupportedCompressionTypeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public UnsupportedCompressionTypeException(String message) {
        super(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnsupportedCompressionTypeException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, message, cause);
    }
}
