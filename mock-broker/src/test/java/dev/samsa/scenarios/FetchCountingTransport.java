package dev.samsa.scenarios;

import dev.samsa.common.Node;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.time.Time;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport that counts, per broker id, the Fetch requests a client sends and the record bytes and
 * {@code preferred_read_replica} answers in the responses, before the client sees them; everything else passes
 * through. Shows which broker a consumer reads from, on any backend. Thread-safe.
 */
final class FetchCountingTransport implements Transport {
    private final Transport delegate;
    private final Map<Integer, AtomicLong> fetches;
    private final Map<Integer, AtomicLong> recordBytes;
    private final Map<Integer, AtomicLong> redirects;

    FetchCountingTransport(Transport delegate) {
        this(delegate, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    private FetchCountingTransport(Transport delegate, Map<Integer, AtomicLong> fetches,
            Map<Integer, AtomicLong> recordBytes, Map<Integer, AtomicLong> redirects) {
        this.delegate = delegate;
        this.fetches = fetches;
        this.recordBytes = recordBytes;
        this.redirects = redirects;
    }

    /** Fetch requests sent to {@code brokerId}. */
    long fetches(int brokerId) {
        return get(fetches, brokerId);
    }

    /** Record bytes received in Fetch responses from {@code brokerId}. */
    long recordBytes(int brokerId) {
        return get(recordBytes, brokerId);
    }

    /** Partitions that {@code brokerId} answered with a {@code preferred_read_replica} (KIP-392). */
    long redirects(int brokerId) {
        return get(redirects, brokerId);
    }

    /** Forgets the counts so far. */
    void reset() {
        fetches.clear();
        recordBytes.clear();
        redirects.clear();
    }

    private static long get(Map<Integer, AtomicLong> counts, int brokerId) {
        AtomicLong n = counts.get(brokerId);
        return n == null ? 0 : n.get();
    }

    private static void add(Map<Integer, AtomicLong> counts, int brokerId, long n) {
        counts.computeIfAbsent(brokerId, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request) {
        return count(node, request, delegate.send(node, request));
    }

    @Override
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request, short minVersion,
            short maxVersion) {
        return count(node, request, delegate.send(node, request, minVersion, maxVersion));
    }

    private <R extends ApiResponse> CompletableFuture<R> count(Node node, ApiRequest<R> request,
            CompletableFuture<R> response) {
        if (!(request instanceof FetchRequest)) {
            return response;
        }
        add(fetches, node.id(), 1);
        // thenApply: counted before the client's own callbacks run (and release the record buffers).
        return response.thenApply(r -> {
            long bytes = 0;
            for (FetchResponse.FetchableTopicResponse t : ((FetchResponse) r).responses()) {
                for (FetchResponse.PartitionData p : t.partitions()) {
                    bytes += p.records() == null ? 0 : p.records().readableBytes();
                    if (p.preferredReadReplica() >= 0) {
                        add(redirects, node.id(), 1);
                    }
                }
            }
            add(recordBytes, node.id(), bytes);
            return r;
        });
    }

    @Override
    public CompletableFuture<ApiVersionRanges> apiVersions(Node node) {
        return delegate.apiVersions(node);
    }

    @Override
    public List<Node> bootstrapNodes() {
        return delegate.bootstrapNodes();
    }

    @Override
    public Transport withOwnConnections() {
        Transport own = delegate.withOwnConnections();
        return own == delegate ? this : new FetchCountingTransport(own, fetches, recordBytes, redirects);
    }

    @Override
    public Time time() {
        return delegate.time();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
