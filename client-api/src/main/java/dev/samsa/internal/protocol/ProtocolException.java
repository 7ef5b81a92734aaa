package dev.samsa.internal.protocol;

/**
 * Bytes that do not decode as the Kafka message they claim to be: a truncated field, a length past the end of the
 * frame, an unknown API key or version. Whoever reads a frame and sees this closes that connection; the process
 * lives on.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
