package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiMessage;
import dev.samsa.internal.protocol.Records;
import dev.samsa.transport.Transport;
import java.util.concurrent.CompletableFuture;

/**
 * The future of a request sent through {@link Transport#send(dev.samsa.common.Node,
 * dev.samsa.internal.protocol.ApiRequest, short, short) Transport.send}: a future that is its own
 * {@link Transport.ResponseListener}, so a connection keeps one kind of completion for every request and a future
 * costs no adapter object. Cancelling it before the request is written keeps the request from being sent; a response
 * that arrives for a future already done (cancelled or completed by its sender) is dropped with the records buffers it
 * holds released, as the in-process transport does: no one else would release them.
 *
 * @param <R> the response type
 */
public final class ResponseFuture<R> extends CompletableFuture<R> implements Transport.ResponseListener<R> {
    @Override
    public void onComplete(R response, Throwable error) {
        if (error != null) {
            completeExceptionally(error);
        } else if (!complete(response) && response instanceof ApiMessage m) {
            Records.release(m);
        }
    }
}
