// SyncGroup, versions 0-5 (every version Kafka 4.1 defines).
//
// The classic group protocol's sync phase: followers wait for the leader's assignments, then everyone gets their
// own. Checks as Kafka: NOT_COORDINATOR, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID (v3+), ILLEGAL_GENERATION,
// INCONSISTENT_GROUP_PROTOCOL (protocol type and name, v5+), REBALANCE_IN_PROGRESS while a join phase runs.
//
// Authorization (when on): READ on the group, else GROUP_AUTHORIZATION_FAILED.
//
// Deviations: none known beyond GroupCoordinator's.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.internal.protocol.message.SyncGroupResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.HashMap;
import java.util.Map;

final class SyncGroupHandler extends Handler<SyncGroupRequest, SyncGroupResponse> {
    SyncGroupHandler() {
        super(ApiKey.SYNC_GROUP);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, SyncGroupRequest request) {
        return ctx.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId()) ? null
                : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, SyncGroupRequest request) {
        Map<String, byte[]> assignments = new HashMap<>();
        for (SyncGroupRequest.SyncGroupRequestAssignment a : request.assignments()) {
            assignments.put(a.memberId(), a.assignment());
        }
        ctx.cluster.groups.sync(ctx, request.groupId(), request.generationId(), request.memberId(),
                ctx.version >= 3 ? request.groupInstanceId() : null,
                ctx.version >= 5 ? request.protocolType() : null, ctx.version >= 5 ? request.protocolName() : null,
                assignments);
    }

    @Override
    SyncGroupResponse errorResponse(RequestContext ctx, SyncGroupRequest request, ErrorCode error) {
        return GroupCoordinator.syncError(error);
    }
}
