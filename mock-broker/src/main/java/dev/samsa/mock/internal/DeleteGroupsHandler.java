// DeleteGroups, versions 0-2 (every version Kafka 4.1 defines).
//
// Deletes empty groups and their committed offsets: NOT_COORDINATOR, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP per group
// as Kafka.
//
// Deviations: none known.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DeleteGroupsRequest;
import dev.samsa.internal.protocol.message.DeleteGroupsResponse;

final class DeleteGroupsHandler extends Handler<DeleteGroupsRequest, DeleteGroupsResponse> {
    DeleteGroupsHandler() {
        super(ApiKey.DELETE_GROUPS);
    }

    @Override
    void handle(RequestContext ctx, DeleteGroupsRequest request) {
        DeleteGroupsResponse response = new DeleteGroupsResponse();
        for (String groupId : request.groupsNames()) {
            response.results().add(new DeleteGroupsResponse.DeletableGroupResult().setGroupId(groupId)
                    .setErrorCode(ctx.cluster.groups.delete(ctx, groupId).code()));
        }
        ctx.respond(response);
    }

    @Override
    DeleteGroupsResponse errorResponse(RequestContext ctx, DeleteGroupsRequest request, ErrorCode error) {
        DeleteGroupsResponse response = new DeleteGroupsResponse();
        for (String groupId : request.groupsNames()) {
            response.results().add(new DeleteGroupsResponse.DeletableGroupResult().setGroupId(groupId)
                    .setErrorCode(error.code()));
        }
        return response;
    }
}
