package dev.samsa.errors;

/**
 * The broker failed in a way it did not classify (Kafka error code {@code -1},
 * {@link ErrorCode#UNKNOWN_SERVER_ERROR}), or it answered with an error code this client does not know (a newer
 * broker). In the second case {@link #rawErrorCode()} keeps the code as received and the message names it. Fatal,
 * as in Kafka.
 */
public class UnknownServerException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** The error code as received. */
    private final short rawErrorCode;

    /**
     * @param message what failed, naming the request and entity concerned
     */
    public UnknownServerException(String message) {
        this(message, ErrorCode.UNKNOWN_SERVER_ERROR.code());
    }

    /**
     * @param message what failed, naming the request and entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownServerException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_SERVER_ERROR, message, cause);
        this.rawErrorCode = ErrorCode.UNKNOWN_SERVER_ERROR.code();
    }

    /**
     * For an error code this client does not know; see {@link ErrorCode#exceptionFor(short, String)}.
     *
     * @param message what failed, naming the request, the entity and the raw code
     * @param rawErrorCode the error code exactly as the broker sent it
     */
    public UnknownServerException(String message, short rawErrorCode) {
        super(ErrorCode.UNKNOWN_SERVER_ERROR, message);
        this.rawErrorCode = rawErrorCode;
    }

    /**
     * The error code as it came off the wire.
     *
     * @return {@code -1} for a plain {@code UNKNOWN_SERVER_ERROR}, otherwise the unrecognised code the broker sent
     */
    public short rawErrorCode() {
        return rawErrorCode;
    }
}
