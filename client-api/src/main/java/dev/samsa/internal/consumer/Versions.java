package dev.samsa.internal.consumer;

import dev.samsa.common.Node;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.transport.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Sends requests whose shape depends on the version (OffsetFetch's groups array from v8, FindCoordinator's key list
 * from v4, LeaveGroup's member list from v3, static membership fields): the version is chosen first from the
 * broker's ApiVersions, the request is built for it, and sent pinned to it. Stateless.
 */
final class Versions {
    private Versions() {
    }

    /**
     * Builds {@code request} for the highest version of {@code api} in {@code [min, max]} (capped at the latest
     * stable one) that {@code node} supports, and sends it at that version.
     *
     * @return the response, or a future failed with {@link UnsupportedVersionException} naming the API and the
     *     ranges if they do not meet, or with the transport's failure
     */
    static <R extends ApiResponse> CompletableFuture<R> send(Transport transport, Node node, ApiKey api, int min,
            int max, IntFunction<? extends ApiRequest<R>> request) {
        short hi = (short) Math.min(max, api.latestStableVersion());
        return transport.apiVersions(node).thenCompose(ranges -> {
            short version = ranges.highestCommon(api, (short) min, hi);
            if (version < 0) {
                return CompletableFuture.failedFuture(new UnsupportedVersionException(api.title() + ": broker "
                        + node + " supports versions " + ranges.min(api) + "-" + ranges.max(api)
                        + ", this client needs " + min + "-" + hi));
            }
            ApiRequest<R> built;
            try {
                built = request.apply(version);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return transport.send(node, built, version, version);
        });
    }
}
