// DeleteGroups, versions 0-2 (every version Kafka 4.1 defines).
//
// Deletes empty groups and their committed offsets: NOT_COORDINATOR, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP per group
// as Kafka.
//
// Authorization (when on): DELETE on each group, else GROUP_AUTHORIZATION_FAILED for it.
//
// Deviations: none known.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DeleteGroupsRequest;
import dev.samsa.internal.protocol.message.DeleteGroupsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class DeleteGroupsHandler extends Handler<DeleteGroupsRequest, DeleteGroupsResponse> {
    DeleteGroupsHandler() {
        super(ApiKey.DELETE_GROUPS);
    }

    @Override
    void handle(RequestContext ctx, DeleteGroupsRequest request) {
        DeleteGroupsResponse response = new DeleteGroupsResponse();
        for (String groupId : request.groupsNames()) {
            response.results().add(new DeleteGroupsResponse.DeletableGroupResult().setGroupId(groupId)
                    .setErrorCode(ctx.authorized(AclOperation.DELETE, ResourceType.GROUP, groupId)
                            ? ctx.cluster.groups.delete(ctx, groupId).code()
                            : ErrorCode.GROUP_AUTHORIZATION_FAILED.code()));
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
