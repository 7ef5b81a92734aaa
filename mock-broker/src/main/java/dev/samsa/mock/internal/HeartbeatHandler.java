// Heartbeat, versions 0-4 (every version Kafka 4.1 defines).
//
// Keeps a member's session alive. REBALANCE_IN_PROGRESS while the group prepares a rebalance (the member must
// rejoin); UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID (v3+), ILLEGAL_GENERATION and NOT_COORDINATOR as Kafka; NONE
// during CompletingRebalance and Stable.
//
// Authorization (when on): READ on the group, else GROUP_AUTHORIZATION_FAILED.
//
// Deviations: none known beyond GroupCoordinator's.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.HeartbeatResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class HeartbeatHandler extends Handler<HeartbeatRequest, HeartbeatResponse> {
    HeartbeatHandler() {
        super(ApiKey.HEARTBEAT);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, HeartbeatRequest request) {
        return ctx.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId()) ? null
                : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, HeartbeatRequest request) {
        ErrorCode error = ctx.cluster.groups.heartbeat(ctx, request.groupId(), request.generationId(),
                request.memberId(), ctx.version >= 3 ? request.groupInstanceId() : null);
        ctx.respond(new HeartbeatResponse().setErrorCode(error.code()));
    }

    @Override
    HeartbeatResponse errorResponse(RequestContext ctx, HeartbeatRequest request, ErrorCode error) {
        return new HeartbeatResponse().setErrorCode(error.code());
    }
}
