// DeleteAcls, versions 1-3 (every version Kafka 4.1 defines).
//
// Removes, per filter, every ACL that matches it (resource type, name, pattern type with ANY and MATCH, principal,
// host, operation, permission type) and lists them; INVALID_REQUEST for a filter with an UNKNOWN code.
// CLUSTER_AUTHORIZATION_FAILED without ALTER on the cluster; SECURITY_DISABLED while the cluster has no
// authorization (Kafka: no authorizer configured). Authorization stays on when the last ACL goes.
//
// Deviations: none known.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DeleteAclsRequest;
import dev.samsa.internal.protocol.message.DeleteAclsResponse;
import dev.samsa.mock.Acl;
import dev.samsa.mock.AclOperation;

final class DeleteAclsHandler extends Handler<DeleteAclsRequest, DeleteAclsResponse> {
    DeleteAclsHandler() {
        super(ApiKey.DELETE_ACLS);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, DeleteAclsRequest request) {
        return ctx.authorizedOnCluster(AclOperation.ALTER) ? null : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, DeleteAclsRequest request) {
        if (!ctx.authorizer().enabled()) {
            DeleteAclsResponse r = errorResponse(ctx, request, ErrorCode.SECURITY_DISABLED);
            r.filterResults().forEach(f -> f.setErrorMessage("No Authorizer is configured on the broker"));
            ctx.respond(r);
            return;
        }
        DeleteAclsResponse response = new DeleteAclsResponse();
        for (DeleteAclsRequest.DeleteAclsFilter f : request.filters()) {
            DeleteAclsResponse.DeleteAclsFilterResult result = new DeleteAclsResponse.DeleteAclsFilterResult()
                    .setErrorMessage(null);
            AclFilter filter = new AclFilter(f.resourceTypeFilter(), f.resourceNameFilter(), f.patternTypeFilter(),
                    f.principalFilter(), f.hostFilter(), f.operation(), f.permissionType());
            String invalid = filter.invalid();
            if (invalid != null) {
                result.setErrorCode(ErrorCode.INVALID_REQUEST.code()).setErrorMessage(invalid);
            } else {
                for (Acl a : ctx.authorizer().remove(filter)) {
                    result.matchingAcls().add(new DeleteAclsResponse.DeleteAclsMatchingAcl().setErrorMessage(null)
                            .setResourceType(a.resourceType().code()).setResourceName(a.resourceName())
                            .setPatternType(a.patternType().code()).setPrincipal(a.principal()).setHost(a.host())
                            .setOperation(a.operation().code()).setPermissionType(a.permissionType().code()));
                }
            }
            response.filterResults().add(result);
        }
        ctx.respond(response);
    }

    @Override
    DeleteAclsResponse errorResponse(RequestContext ctx, DeleteAclsRequest request, ErrorCode error) {
        DeleteAclsResponse response = new DeleteAclsResponse();
        for (int i = 0; i < request.filters().size(); i++) {
            response.filterResults().add(new DeleteAclsResponse.DeleteAclsFilterResult().setErrorCode(error.code())
                    .setErrorMessage(error.description()));
        }
        return response;
    }
}
