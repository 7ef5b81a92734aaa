package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.Records;
import dev.samsa.mock.Acl;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.concurrent.TimeUnit;

/**
 * One request as a handler sees it: the broker it reached, the API version both sides agreed on, who sent it, and
 * where the response goes. Handlers call {@link #respond} exactly once, at once or later (a parked fetch or join),
 * always under the cluster lock; delivery happens after the lock is released.
 */
public final class RequestContext {
    final ClusterState cluster;
    final BrokerState broker;
    final ApiKey api;
    final short version;
    final String clientId;
    final String clientHost;
    /** Identity of the connection (TCP) or transport (in-process) the request came on. */
    final Object connection;
    /** Who sent it: {@code User:name} after SASL, {@code User:ANONYMOUS} otherwise. */
    final String principal;
    final ResponseSink sink;

    /** A fault decided at dispatch: how the response is delivered. */
    FaultRule delivery;
    /** A fault decided at dispatch: the one partition that fails with an injected error. */
    FaultRule partitionError;
    private boolean responded;

    /** A request of {@link Authorizer#ANONYMOUS} that reached {@code broker}; its response goes to {@code sink}. */
    public RequestContext(ClusterState cluster, BrokerState broker, ApiKey api, short version, String clientId,
            String clientHost, Object connection, ResponseSink sink) {
        this(cluster, broker, api, version, clientId, clientHost, connection, sink, Authorizer.ANONYMOUS);
    }

    /** A request of {@code principal} that reached {@code broker} at {@code version}, answered through {@code sink}. */
    public RequestContext(ClusterState cluster, BrokerState broker, ApiKey api, short version, String clientId,
            String clientHost, Object connection, ResponseSink sink, String principal) {
        this.principal = principal;
        this.cluster = cluster;
        this.broker = broker;
        this.api = api;
        this.version = version;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.connection = connection;
        this.sink = sink;
    }

    Authorizer authorizer() {
        return cluster.authorizer;
    }

    /** Whether the sender may perform {@code op} on {@code type:name} (always, while authorization is off). */
    boolean authorized(AclOperation op, ResourceType type, String name) {
        return cluster.authorizer.authorize(principal, clientHost, op, type, name);
    }

    /** Whether the sender may perform {@code op} on the cluster. */
    boolean authorizedOnCluster(AclOperation op) {
        return authorized(op, ResourceType.CLUSTER, Acl.CLUSTER_NAME);
    }

    /** Whether the sender may perform {@code op} on some resource of {@code type} (Kafka's authorizeByResourceType). */
    boolean authorizedOnAny(AclOperation op, ResourceType type) {
        return cluster.authorizer.authorizeByResourceType(principal, clientHost, op, type);
    }

    /** The injected error for this partition of this request, or null. */
    ErrorCode injectedError(String topic, int partition) {
        FaultRule r = partitionError;
        return r != null && r.matchesPartition(topic, partition) ? r.error : null;
    }

    boolean responded() {
        return responded;
    }

    /** Queues {@code response} for delivery once the cluster lock is released. Later calls are ignored. */
    void respond(ApiResponse response) {
        if (responded) {
            Records.release(response);
            return;
        }
        responded = true;
        FaultRule fault = delivery;
        cluster.afterUnlock(() -> deliver(response, fault));
    }

    /** The request gets no response (Produce with acks=0); {@code failure}, if any, closes a TCP connection. */
    void respondNothing(String failure) {
        if (responded) {
            return;
        }
        responded = true;
        if (failure != null) {
            cluster.afterUnlock(() -> sink.disconnect(failure));
        }
    }

    /** The connection is lost instead of a response (a fault, or a broker stopping). */
    void disconnect(String reason) {
        if (responded) {
            return;
        }
        responded = true;
        cluster.afterUnlock(() -> sink.disconnect(reason));
    }

    private void deliver(ApiResponse response, FaultRule fault) {
        if (fault == null) {
            sink.complete(response);
            return;
        }
        switch (fault.action) {
            case DROP -> {
                Records.release(response);
                sink.drop();
            }
            case DISCONNECT -> {
                Records.release(response);
                sink.disconnect("fault injected: " + fault);
            }
            case DELAY -> cluster.time.schedule(fault.delayMs, TimeUnit.MILLISECONDS, () -> sink.complete(response));
            default -> sink.complete(response);
        }
    }

    @Override
    public String toString() {
        return api.title() + " v" + version + " from " + clientId + " (" + principal + ") to " + broker;
    }
}
