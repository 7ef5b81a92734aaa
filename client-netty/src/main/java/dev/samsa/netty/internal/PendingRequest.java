package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiRequest;
import java.util.concurrent.CompletableFuture;

/** A request accepted by the transport and not written yet, with the version range its sender allows. */
record PendingRequest(ApiRequest<?> request, short minVersion, short maxVersion, CompletableFuture<Object> future) {
}
