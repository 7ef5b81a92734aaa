// JoinGroup, versions 0-9 (every version Kafka 4.1 defines).
//
// The classic group protocol's join phase: see GroupCoordinator for the state machine. MEMBER_ID_REQUIRED on a
// dynamic member's first join from v4 (KIP-394); static membership from v5 (KIP-345); rebalance timeout from v1
// (the session timeout below); skipAssignment for a static leader's rejoin from v9 (KIP-814). Errors as Kafka:
// NOT_COORDINATOR, INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT (outside group.{min,max}.session.timeout.ms),
// INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS for a join superseded
// by another from the same member.
//
// Authorization (when on): READ on the group, else GROUP_AUTHORIZATION_FAILED.
//
// Deviations: group.max.size is not enforced; the reason field (v8+) is only recorded with the request.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class JoinGroupHandler extends Handler<JoinGroupRequest, JoinGroupResponse> {
    JoinGroupHandler() {
        super(ApiKey.JOIN_GROUP);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, JoinGroupRequest request) {
        return ctx.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId()) ? null
                : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, JoinGroupRequest request) {
        ctx.cluster.groups.join(ctx, request);
    }

    @Override
    JoinGroupResponse errorResponse(RequestContext ctx, JoinGroupRequest request, ErrorCode error) {
        return GroupCoordinator.joinError(ctx, request.memberId(), error);
    }
}
