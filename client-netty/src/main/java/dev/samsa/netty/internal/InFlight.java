package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.transport.Transport;

/** A request written to the connection and awaiting its response; responses arrive in this order. */
record InFlight(int correlationId, ApiKey api, short version, long deadlineNanos,
        Transport.ResponseListener<Object> listener) {
}
