// DescribeGroups, versions 0-6 (every version Kafka 4.1 defines).
//
// State (Kafka's names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), protocol type, and the
// members with client id and host; the selected protocol, member metadata and assignments only while Stable, as
// Kafka. NOT_COORDINATOR per group; a group that does not exist is Dead, with GROUP_ID_NOT_FOUND from v6.
//
// Authorization (when on): DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it. Authorized operations
// (v3+, KIP-430) when asked for: READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS as the ACLs allow (all of
// them while authorization is off).
//
// Deviations: none known beyond GroupCoordinator's.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class DescribeGroupsHandler extends Handler<DescribeGroupsRequest, DescribeGroupsResponse> {
    DescribeGroupsHandler() {
        super(ApiKey.DESCRIBE_GROUPS);
    }

    @Override
    void handle(RequestContext ctx, DescribeGroupsRequest request) {
        DescribeGroupsResponse response = new DescribeGroupsResponse();
        for (String groupId : request.groups()) {
            DescribeGroupsResponse.DescribedGroup d = new DescribeGroupsResponse.DescribedGroup().setGroupId(groupId)
                    .setProtocolType("").setProtocolData("");
            ErrorCode error = ctx.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, groupId)
                    ? ctx.cluster.groups.coordinatorError(ctx, groupId) : ErrorCode.GROUP_AUTHORIZATION_FAILED;
            GroupCoordinator.Group g = ctx.cluster.groups.groups.get(groupId);
            if (error != null) {
                d.setErrorCode(error.code()).setGroupState("");
            } else if (g == null) {
                d.setGroupState(GroupCoordinator.Phase.DEAD.kafkaName);
                if (ctx.version >= 6) {
                    d.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND.code())
                            .setErrorMessage("Group " + groupId + " not found.");
                }
            } else {
                boolean stable = g.phase == GroupCoordinator.Phase.STABLE;
                d.setGroupState(g.phase.kafkaName).setProtocolType(g.protocolType == null ? "" : g.protocolType)
                        .setProtocolData(stable ? g.protocolName : "");
                for (GroupCoordinator.Member m : g.members.values()) {
                    d.members().add(new DescribeGroupsResponse.DescribedGroupMember().setMemberId(m.memberId)
                            .setGroupInstanceId(m.groupInstanceId).setClientId(m.clientId).setClientHost(m.clientHost)
                            .setMemberMetadata(stable ? m.metadata(g.protocolName) : GroupCoordinator.EMPTY)
                            .setMemberAssignment(stable ? m.assignment : GroupCoordinator.EMPTY));
                }
            }
            if (ctx.version >= 3 && request.includeAuthorizedOperations() && error == null) {
                d.setAuthorizedOperations(ctx.authorizer().authorizedOperations(ctx.principal, ctx.clientHost,
                        ResourceType.GROUP, groupId, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                        AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS));
            }
            response.groups().add(d);
        }
        ctx.respond(response);
    }

    @Override
    DescribeGroupsResponse errorResponse(RequestContext ctx, DescribeGroupsRequest request, ErrorCode error) {
        DescribeGroupsResponse response = new DescribeGroupsResponse();
        for (String groupId : request.groups()) {
            response.groups().add(new DescribeGroupsResponse.DescribedGroup().setGroupId(groupId)
                    .setErrorCode(error.code()).setGroupState("").setProtocolType("").setProtocolData(""));
        }
        return response;
    }
}
