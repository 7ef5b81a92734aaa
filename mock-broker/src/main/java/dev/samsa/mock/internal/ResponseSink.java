package dev.samsa.mock.internal;

import dev.samsa.internal.protocol.ApiResponse;

/**
 * Where the response to one request goes: a slot of the in-process transport's per-lane queue, or of a TCP
 * connection's. Called outside the cluster lock, at most once, from any thread.
 */
public interface ResponseSink {
    /**
     * Delivers the response. The sink owns it from here: records buffers it carries are released once delivered
     * or discarded.
     */
    void complete(ApiResponse response);

    /** Fails the request as a lost connection would (in-process: the future; TCP: the connection closes). */
    void disconnect(String reason);

    /**
     * The response is lost (a fault). Over TCP nothing is written and the connection's later responses wait behind
     * it, as on a real connection until the client times out; in process, where there is no connection for the
     * client to close, the request's future simply never completes and later responses are not held back.
     */
    default void drop() {
    }

    /** Whether a response can still reach the client (false once its connection or transport closed). */
    boolean isOpen();

    /** The request header's correlation id (TCP); -1 in process, where requests carry no header. */
    default int correlationId() {
        return -1;
    }
}
