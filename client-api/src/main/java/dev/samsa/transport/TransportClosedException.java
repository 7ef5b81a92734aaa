package dev.samsa.transport;

import dev.samsa.errors.SamsaException;

/** The transport was closed before or while this request was in flight. Not retriable. */
public class TransportClosedException extends SamsaException {
    private static final long serialVersionUID = 1L;

    public TransportClosedException(String message) {
        super(message);
    }
}
