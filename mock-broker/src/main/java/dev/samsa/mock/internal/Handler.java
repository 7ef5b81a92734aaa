package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;

/**
 * The mock's implementation of one API key. Runs under the cluster lock; answers through
 * {@link RequestContext#respond}. Each subclass's file opens with the versions it serves and where it deviates
 * from Kafka.
 *
 * @param <Q> the request type
 * @param <S> the response type
 */
abstract class Handler<Q extends ApiRequest<S>, S extends ApiResponse> {
    final ApiKey api;
    final short minVersion;
    final short maxVersion;

    /** Serves {@code api} from its lowest version to its latest stable one, as a broker without unstable APIs. */
    Handler(ApiKey api) {
        this(api, api.lowestVersion(), api.latestStableVersion());
    }

    Handler(ApiKey api, int minVersion, int maxVersion) {
        this.api = api;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    /** Handles the request; must eventually call {@code ctx.respond} (or {@code respondNothing}). */
    abstract void handle(RequestContext ctx, Q request);

    /**
     * The error that fails the whole request before {@link #handle} when the principal may not make it (Kafka's
     * GROUP_AUTHORIZATION_FAILED for a group request, CLUSTER_AUTHORIZATION_FAILED for a cluster one), or null.
     * Called only while authorization is on. Per-entity checks (topics of a Produce, groups of a DescribeGroups)
     * belong in {@link #handle}, which answers them entity by entity. Default: null.
     */
    ErrorCode authorize(RequestContext ctx, Q request) {
        return null;
    }

    /** The response that fails the whole request with {@code error}, as Kafka's getErrorResponse. */
    abstract S errorResponse(RequestContext ctx, Q request, ErrorCode error);

    /** Visits the topic-partitions the request names (for partition-scoped faults); none by default. */
    void forEachPartition(RequestContext ctx, Q request, PartitionVisitor visitor) {
    }

    interface PartitionVisitor {
        /** @return true to stop visiting */
        boolean visit(String topic, int partition);
    }
}
