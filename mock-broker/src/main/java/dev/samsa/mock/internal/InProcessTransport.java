package dev.samsa.mock.internal;

import dev.samsa.common.Node;
import dev.samsa.errors.DisconnectException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.Records;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.time.Time;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.Transport;
import dev.samsa.transport.TransportClosedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Transport} of a mock cluster, in process: requests go to the brokers' handlers as objects, with no
 * bytes and no threads. It keeps the contract of {@code Transport}: versions are negotiated against what the mock
 * serves; per broker and traffic class (produce, fetch, other) futures complete in call order, as responses on one
 * connection would; acks=0 produces complete with null at once; a stopped broker refuses connections; {@link #close()}
 * fails what is pending.
 *
 * <p>Futures complete on the thread that made the response ready: the caller of {@code send} for most requests, the
 * thread of another client's request (a produce completing a parked fetch, the last member's join completing the
 * others'), or the clock's thread (timeouts; the thread calling {@code ManualTime.advance}). Never under the cluster
 * lock.
 *
 * <p>Records: a {@code FetchResponse} carries retained slices of the broker's stored batches, which the receiver
 * releases. A {@code ProduceRequest}'s records stay the sender's: the broker copies what it appends.
 */
public final class InProcessTransport implements Transport {
    private final ClusterState cluster;
    private final String clientId;
    private final String principal;
    private final Map<Long, Sequencer> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A transport to {@code cluster} whose requests carry {@code clientId}, as {@link Authorizer#ANONYMOUS}. */
    public InProcessTransport(ClusterState cluster, String clientId) {
        this(cluster, clientId, Authorizer.ANONYMOUS);
    }

    /**
     * A transport to {@code cluster} whose requests carry {@code clientId} and are made as {@code principal}
     * ({@code User:name}), as on a connection that authenticated as that user.
     */
    public InProcessTransport(ClusterState cluster, String clientId, String principal) {
        this.cluster = cluster;
        this.clientId = clientId;
        this.principal = principal;
    }

    /** Another client with the same client id and lanes of its own (see {@link Transport#withOwnConnections()}). */
    @Override
    public Transport withOwnConnections() {
        if (closed) {
            throw new TransportClosedException("transport " + clientId + " closed");
        }
        return new InProcessTransport(cluster, clientId, principal);
    }

    /** The client id its requests carry. */
    public String clientId() {
        return clientId;
    }

    /** The principal its requests are made as, {@code User:name}. */
    public String principal() {
        return principal;
    }

    @Override
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request) {
        Objects.requireNonNull(request, "request");
        return send(node, request, request.lowestSupportedVersion(), request.apiKey().latestStableVersion());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request, short minVersion,
            short maxVersion) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(request, "request");
        CompletableFuture<R> future = new CompletableFuture<>();
        ApiKey api = request.apiKey();
        if (closed) {
            future.completeExceptionally(new TransportClosedException("transport closed; cannot send "
                    + api.title() + " to " + node));
            return future;
        }
        BrokerState broker = reachable(node, future);
        if (broker == null) {
            return future;
        }
        short[] range = cluster.versions(api);
        short lo = range == null ? 0 : (short) Math.max(minVersion, range[0]);
        short hi = range == null ? -1 : (short) Math.min(maxVersion, range[1]);
        if (range == null || hi < lo) {
            future.completeExceptionally(new UnsupportedVersionException(api.title() + ": no version in "
                    + minVersion + ".." + maxVersion + " is served by mock " + broker
                    + (range == null ? " (it does not implement this API)" : " (it serves " + range[0] + ".."
                            + range[1] + ")")));
            return future;
        }
        short version = hi;
        ApiRequest<?> body = request;
        ByteBuf encoded = null;
        try {
            if (cluster.config.encodeMessages()) {
                encoded = Unpooled.buffer(request.size(version));
                request.write(encoded, version);
                body = api.readRequest(encoded, version);
            } else {
                request.size(version); // fails as the wire would for a field this version cannot carry
            }
        } catch (RuntimeException e) {
            if (encoded != null) {
                encoded.release();
            }
            future.completeExceptionally(e);
            return future;
        }
        boolean expectsResponse = !(request instanceof ProduceRequest p && p.acks() == 0);
        Sequencer lane = lanes.computeIfAbsent(((long) broker.id << 8) | Lane.of(api).ordinal(),
                k -> new Sequencer());
        Slot slot = lane.add((CompletableFuture<Object>) (CompletableFuture<?>) future, api, version);
        if (!expectsResponse) {
            lane.done(slot, null, null);
        }
        try {
            cluster.dispatch(new RequestContext(cluster, broker, api, version, clientId, "/" + BrokerState.HOST,
                    this, slot, principal), body);
        } finally {
            if (encoded != null) {
                Records.release(body);
                encoded.release();
            }
        }
        return future;
    }

    private BrokerState reachable(Node node, CompletableFuture<?> future) {
        if (cluster.isClosed()) {
            future.completeExceptionally(new ConnectionRefusedException("mock cluster closed; nothing listens at "
                    + node.address()));
            return null;
        }
        BrokerState broker = cluster.route(node);
        if (broker == null) {
            future.completeExceptionally(new ConnectionRefusedException("no mock broker is " + node));
            return null;
        }
        if (!broker.alive) {
            future.completeExceptionally(new ConnectionRefusedException("mock " + broker + " is stopped; "
                    + "connection to " + node + " refused"));
            return null;
        }
        return broker;
    }

    @Override
    public CompletableFuture<ApiVersionRanges> apiVersions(Node node) {
        CompletableFuture<ApiVersionRanges> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new TransportClosedException("transport closed"));
        } else if (reachable(node, future) != null) {
            future.complete(cluster.apiVersions());
        }
        return future;
    }

    @Override
    public List<Node> bootstrapNodes() {
        List<Node> out = new ArrayList<>();
        for (BrokerState b : cluster.brokers()) {
            out.add(new Node(-(b.index + 1), BrokerState.HOST, b.port()));
        }
        return out;
    }

    @Override
    public Time time() {
        return cluster.time();
    }

    /** Loses every connection: pending requests fail with {@link DisconnectException}; later sends reconnect. */
    public void disconnect(String reason) {
        for (Sequencer s : lanes.values()) {
            s.failAll(() -> new DisconnectException("connection of " + clientId + " lost: " + reason));
        }
        cluster.connectionClosed(this);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Sequencer s : lanes.values()) {
            s.failAll(() -> new TransportClosedException("transport " + clientId + " closed"));
        }
        cluster.connectionClosed(this);
    }

    @Override
    public String toString() {
        return "MockCluster.transport(" + clientId + (principal.equals(Authorizer.ANONYMOUS) ? "" : ", " + principal)
                + ")";
    }

    /** One request waiting for its response, in its lane's order. */
    private final class Slot implements ResponseSink {
        final Sequencer lane;
        final CompletableFuture<Object> future;
        final ApiKey api;
        final short version;
        boolean done;
        /** The response was lost: the future stays incomplete and the lane moves past it. */
        boolean dropped;
        Object value;
        Throwable error;

        Slot(Sequencer lane, CompletableFuture<Object> future, ApiKey api, short version) {
            this.lane = lane;
            this.future = future;
            this.api = api;
            this.version = version;
        }

        @Override
        public void complete(ApiResponse response) {
            ApiResponse out = response;
            Throwable failure = null;
            if (response != null && cluster.config.encodeMessages()) {
                ByteBuf buf = Unpooled.buffer();
                try {
                    response.write(buf, version);
                    out = api.readResponse(buf, version);
                } catch (RuntimeException e) {
                    out = null;
                    failure = new IllegalStateException("mock broker's " + api.title() + " response cannot be "
                            + "encoded at v" + version + ": " + e.getMessage(), e);
                } finally {
                    Records.release(response);
                    buf.release();
                }
            }
            lane.done(this, out, failure);
        }

        @Override
        public void drop() {
            dropped = true;
            lane.done(this, null, null);
        }

        @Override
        public void disconnect(String reason) {
            lane.done(this, null, new DisconnectException("mock broker connection lost with " + api.title()
                    + " in flight: " + reason));
        }

        @Override
        public boolean isOpen() {
            return !closed && !done;
        }
    }

    /** Completes one lane's futures strictly in the order the requests were sent, outside any lock. */
    private final class Sequencer {
        private final ArrayDeque<Slot> slots = new ArrayDeque<>();
        private boolean draining;

        synchronized Slot add(CompletableFuture<Object> future, ApiKey api, short version) {
            Slot s = new Slot(this, future, api, version);
            slots.addLast(s);
            return s;
        }

        void done(Slot slot, Object value, Throwable error) {
            synchronized (this) {
                if (slot.done) {
                    if (value instanceof ApiResponse r) {
                        Records.release(r); // already failed (disconnect, close) or answered (acks=0)
                    }
                    return;
                }
                slot.done = true;
                slot.value = value;
                slot.error = error;
                if (draining) {
                    return;
                }
                draining = true;
            }
            drain();
        }

        private void drain() {
            while (true) {
                Slot head;
                synchronized (this) {
                    head = slots.peekFirst();
                    if (head == null || !head.done) {
                        draining = false;
                        return;
                    }
                    slots.pollFirst();
                }
                if (head.dropped) {
                    continue;
                }
                boolean delivered = head.error != null ? head.future.completeExceptionally(head.error)
                        : head.future.complete(head.value);
                if (!delivered && head.value instanceof ApiResponse r) {
                    Records.release(r); // the caller cancelled or completed the future itself
                }
            }
        }

        void failAll(java.util.function.Supplier<RuntimeException> error) {
            synchronized (this) {
                for (Slot s : slots) {
                    if (!s.done) {
                        s.done = true;
                        s.error = error.get();
                    }
                }
                if (draining) {
                    return;
                }
                draining = true;
            }
            drain();
        }
    }
}
