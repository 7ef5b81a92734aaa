package dev.samsa.internal.protocol;

/**
 * A request body; {@code R} is the response body the broker answers it with, so that
 * {@code transport.send(node, new MetadataRequest())} is typed {@code CompletableFuture<MetadataResponse>}.
 *
 * @param <R> the response type
 */
public interface ApiRequest<R extends ApiResponse> extends ApiMessage {
}
