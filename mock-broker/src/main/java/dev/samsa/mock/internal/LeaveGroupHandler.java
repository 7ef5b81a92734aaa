// LeaveGroup, versions 0-5 (every version Kafka 4.1 defines).
//
// v0-2 remove one member (error at the top level); v3+ a batch of members by member id or, with member id "", by
// group.instance.id (KIP-345's admin removal), each with its own error. A leaving member starts a rebalance.
// NOT_COORDINATOR at the top level; UNKNOWN_MEMBER_ID for a member (or group) the coordinator does not know.
//
// Authorization (when on): READ on the group, else GROUP_AUTHORIZATION_FAILED.
//
// Deviations: none known beyond GroupCoordinator's.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class LeaveGroupHandler extends Handler<LeaveGroupRequest, LeaveGroupResponse> {
    LeaveGroupHandler() {
        super(ApiKey.LEAVE_GROUP);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, LeaveGroupRequest request) {
        return ctx.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId()) ? null
                : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, LeaveGroupRequest request) {
        GroupCoordinator groups = ctx.cluster.groups;
        ErrorCode coordinator = groups.coordinatorError(ctx, request.groupId());
        if (coordinator != null) {
            ctx.respond(errorResponse(ctx, request, coordinator));
            return;
        }
        LeaveGroupResponse response = new LeaveGroupResponse();
        if (ctx.version < 3) {
            response.setErrorCode(groups.leave(ctx, request.groupId(), request.memberId(), null).code());
        } else {
            for (LeaveGroupRequest.MemberIdentity m : request.members()) {
                ErrorCode error = groups.leave(ctx, request.groupId(), m.memberId(), m.groupInstanceId());
                response.members().add(new LeaveGroupResponse.MemberResponse().setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId()).setErrorCode(error.code()));
            }
        }
        ctx.respond(response);
    }

    @Override
    LeaveGroupResponse errorResponse(RequestContext ctx, LeaveGroupRequest request, ErrorCode error) {
        return new LeaveGroupResponse().setErrorCode(error.code());
    }
}
