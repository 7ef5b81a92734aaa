// ListGroups, versions 0-5 (every version Kafka 4.1 defines).
//
// The groups this broker coordinates, with protocol type, state (v4+) and type "classic" (v5+); filtered by state
// (v4+, case-insensitive) and type (v5+).
//
// Authorization (when on): every group with DESCRIBE on the cluster, else only those the principal may DESCRIBE.
//
// Deviations: none known (the mock has only classic groups).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ListGroupsRequest;
import dev.samsa.internal.protocol.message.ListGroupsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class ListGroupsHandler extends Handler<ListGroupsRequest, ListGroupsResponse> {
    ListGroupsHandler() {
        super(ApiKey.LIST_GROUPS);
    }

    @Override
    void handle(RequestContext ctx, ListGroupsRequest request) {
        ListGroupsResponse response = new ListGroupsResponse();
        boolean all = ctx.authorizedOnCluster(AclOperation.DESCRIBE);
        for (GroupCoordinator.Group g : ctx.cluster.groups.groups.values()) {
            if (ctx.cluster.coordinatorFor(g.groupId) != ctx.broker.id) {
                continue;
            }
            if (!all && !ctx.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId)) {
                continue;
            }
            String state = g.phase.kafkaName;
            if (ctx.version >= 4 && !request.statesFilter().isEmpty()
                    && request.statesFilter().stream().noneMatch(s -> s.equalsIgnoreCase(state))) {
                continue;
            }
            if (ctx.version >= 5 && !request.typesFilter().isEmpty()
                    && request.typesFilter().stream().noneMatch(s -> s.equalsIgnoreCase("classic"))) {
                continue;
            }
            response.groups().add(new ListGroupsResponse.ListedGroup().setGroupId(g.groupId)
                    .setProtocolType(g.protocolType == null ? "" : g.protocolType).setGroupState(state)
                    .setGroupType("classic"));
        }
        ctx.respond(response);
    }

    @Override
    ListGroupsResponse errorResponse(RequestContext ctx, ListGroupsRequest request, ErrorCode error) {
        return new ListGroupsResponse().setErrorCode(error.code());
    }
}
