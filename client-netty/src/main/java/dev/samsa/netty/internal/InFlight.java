package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiKey;
import java.util.concurrent.CompletableFuture;

/** A request written to the connection and awaiting its response; responses arrive in this order. */
record InFlight(int correlationId, ApiKey api, short version, long deadlineNanos,
        CompletableFuture<Object> future) {
}
