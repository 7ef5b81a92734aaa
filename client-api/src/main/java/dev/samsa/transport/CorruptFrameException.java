package dev.samsa.transport;

import dev.samsa.errors.DisconnectException;

/**
 * A broker's bytes did not decode: a size prefix above the maximum frame size, an unknown correlation id, a truncated or malformed response. The connection is closed and every request in flight on it fails with this; the next request reconnects.
 * Retriable: engines retry it after a metadata refresh and a backoff, within their own timeouts.
 */
public class CorruptFrameException extends DisconnectException {
    private static final long serialVersionUID = 1L;

    public CorruptFrameException(String message) {
        super(message);
    }

    public CorruptFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
