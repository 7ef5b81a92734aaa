package dev.samsa.netty.internal;

import dev.samsa.transport.Transport;
import java.util.concurrent.CompletableFuture;

/**
 * The future of a request sent through {@link Transport#send(dev.samsa.common.Node,
 * dev.samsa.internal.protocol.ApiRequest, short, short) Transport.send}: a future that is its own
 * {@link Transport.ResponseListener}, so a connection keeps one kind of completion for every request and a future
 * costs no adapter object. Cancelling it before the request is written keeps the request from being sent.
 *
 * @param <R> the response type
 */
public final class ResponseFuture<R> extends CompletableFuture<R> implements Transport.ResponseListener<R> {
    @Override
    public void onComplete(R response, Throwable error) {
        if (error != null) {
            completeExceptionally(error);
        } else {
            complete(response);
        }
    }
}
