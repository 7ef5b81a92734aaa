package dev.samsa.errors;

/**
 * The telemetry push is larger than the broker accepts. Kafka error code {@code 118}, {@link
 * ErrorCode#TELEMETRY_TOO_LARGE}. Fatal.
 */
public class TelemetryTooLargeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public TelemetryTooLargeException(String message) {
        super(ErrorCode.TELEMETRY_TOO_LARGE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public TelemetryTooLargeException(String message, Throwable cause) {
        super(ErrorCode.TELEMETRY_TOO_LARGE, message, cause);
    }
}
