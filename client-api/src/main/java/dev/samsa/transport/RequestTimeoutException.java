package dev.samsa.transport;

import dev.samsa.errors.TimeoutException;

/**
 * No response came within {@code request.timeout.ms}; the transport closed the connection, as the official client does, since its later responses can no longer be trusted to arrive in time.
 * Retriable: engines retry it after a metadata refresh and a backoff, within their own timeouts.
 */
public class RequestTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message) {
        super(message);
    }

    public RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
