package dev.samsa.transport;

import dev.samsa.errors.DisconnectException;

/**
 * Nothing accepted a connection at the node's address, or the connection was set up but its handshake (ApiVersions) failed. The message names the node and its address.
 * Retriable: engines retry it after a metadata refresh and a backoff, within their own timeouts.
 */
public class ConnectionRefusedException extends DisconnectException {
    private static final long serialVersionUID = 1L;

    public ConnectionRefusedException(String message) {
        super(message);
    }

    public ConnectionRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
