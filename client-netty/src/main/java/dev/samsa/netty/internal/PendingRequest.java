package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.transport.Transport;

/** A request accepted by the transport and not written yet, with the version range its sender allows. */
record PendingRequest(ApiRequest<?> request, short minVersion, short maxVersion,
        Transport.ResponseListener<Object> listener) {
}
