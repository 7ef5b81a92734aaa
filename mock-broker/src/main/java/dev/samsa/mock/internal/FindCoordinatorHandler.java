// FindCoordinator, versions 0-6 (every version Kafka 4.1 defines).
//
// v0-3 look up one key (v0: a group; v1+: keyType 0 group, 1 transaction), v4+ a batch of keys. The coordinator is
// where the test moved it, else the broker that would lead the key's __consumer_offsets partition, skipping stopped
// brokers; COORDINATOR_NOT_AVAILABLE if none runs; INVALID_REQUEST for other key types (share groups).
//
// Authorization (when on): DESCRIBE on the group (GROUP_AUTHORIZATION_FAILED) or transactional id
// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED) of each key.
//
// Deviations: transactional ids get a coordinator, but the mock serves no transaction APIs behind it.
package dev.samsa.mock.internal;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class FindCoordinatorHandler extends Handler<FindCoordinatorRequest, FindCoordinatorResponse> {
    FindCoordinatorHandler() {
        super(ApiKey.FIND_COORDINATOR);
    }

    @Override
    void handle(RequestContext ctx, FindCoordinatorRequest request) {
        byte keyType = ctx.version >= 1 ? request.keyType() : 0;
        if (ctx.version < 4) {
            FindCoordinatorResponse.Coordinator c = lookup(ctx, request.key(), keyType);
            ctx.respond(single(ctx, c));
            return;
        }
        FindCoordinatorResponse r = new FindCoordinatorResponse();
        for (String key : request.coordinatorKeys()) {
            r.coordinators().add(lookup(ctx, key, keyType));
        }
        ctx.respond(r);
    }

    private static FindCoordinatorResponse single(RequestContext ctx, FindCoordinatorResponse.Coordinator c) {
        FindCoordinatorResponse r = new FindCoordinatorResponse().setErrorCode(c.errorCode()).setNodeId(c.nodeId())
                .setHost(c.host()).setPort(c.port());
        if (ctx.version >= 1) {
            r.setErrorMessage(c.errorMessage());
        }
        return r;
    }

    private static FindCoordinatorResponse.Coordinator lookup(RequestContext ctx, String key, byte keyType) {
        FindCoordinatorResponse.Coordinator c = new FindCoordinatorResponse.Coordinator().setKey(key).setNodeId(-1)
                .setHost("").setPort(-1).setErrorMessage(null);
        if (keyType != 0 && keyType != 1) {
            return c.setErrorCode(ErrorCode.INVALID_REQUEST.code())
                    .setErrorMessage("Unsupported key type " + keyType);
        }
        if (keyType == 0 && !ctx.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, key)) {
            return c.setErrorCode(ErrorCode.GROUP_AUTHORIZATION_FAILED.code());
        }
        if (keyType == 1 && !ctx.authorized(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key)) {
            return c.setErrorCode(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        }
        int id = ctx.cluster.coordinatorFor(key);
        if (id < 0) {
            return c.setErrorCode(ErrorCode.COORDINATOR_NOT_AVAILABLE.code());
        }
        Node n = ctx.cluster.broker(id).node();
        return c.setNodeId(n.id()).setHost(n.host()).setPort(n.port()).setErrorMessage(null);
    }

    @Override
    FindCoordinatorResponse errorResponse(RequestContext ctx, FindCoordinatorRequest request, ErrorCode error) {
        if (ctx.version < 4) {
            return single(ctx, new FindCoordinatorResponse.Coordinator().setErrorCode(error.code()).setNodeId(-1)
                    .setHost("").setPort(-1).setErrorMessage(null));
        }
        FindCoordinatorResponse r = new FindCoordinatorResponse();
        for (String key : request.coordinatorKeys()) {
            r.coordinators().add(new FindCoordinatorResponse.Coordinator().setKey(key).setErrorCode(error.code())
                    .setNodeId(-1).setHost("").setPort(-1).setErrorMessage(null));
        }
        return r;
    }

}
