// CreateAcls, versions 1-3 (every version Kafka 4.1 defines).
//
// Adds each ACL (one already present is kept once), answered per creation: INVALID_REQUEST for an ACL Kafka would
// refuse (UNKNOWN, ANY or MATCH codes, a principal not of the form Type:name, an empty name or host, a cluster ACL
// not on "kafka-cluster"). CLUSTER_AUTHORIZATION_FAILED without ALTER on the cluster; SECURITY_DISABLED while the
// cluster has no authorization (Kafka: no authorizer configured).
//
// Deviations: none known.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.CreateAclsRequest;
import dev.samsa.internal.protocol.message.CreateAclsResponse;
import dev.samsa.mock.Acl;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.AclPermissionType;
import dev.samsa.mock.PatternType;
import dev.samsa.mock.ResourceType;
import java.util.List;

final class CreateAclsHandler extends Handler<CreateAclsRequest, CreateAclsResponse> {
    CreateAclsHandler() {
        super(ApiKey.CREATE_ACLS);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, CreateAclsRequest request) {
        return ctx.authorizedOnCluster(AclOperation.ALTER) ? null : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, CreateAclsRequest request) {
        if (!ctx.authorizer().enabled()) {
            CreateAclsResponse r = errorResponse(ctx, request, ErrorCode.SECURITY_DISABLED);
            r.results().forEach(c -> c.setErrorMessage("No Authorizer is configured on the broker"));
            ctx.respond(r);
            return;
        }
        CreateAclsResponse response = new CreateAclsResponse();
        for (CreateAclsRequest.AclCreation c : request.creations()) {
            CreateAclsResponse.AclCreationResult result = new CreateAclsResponse.AclCreationResult()
                    .setErrorMessage(null);
            try {
                ctx.authorizer().add(List.of(toAcl(c)));
            } catch (IllegalArgumentException e) {
                result.setErrorCode(ErrorCode.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            }
            response.results().add(result);
        }
        ctx.respond(response);
    }

    private static Acl toAcl(CreateAclsRequest.AclCreation c) {
        ResourceType type = ResourceType.forCode(c.resourceType());
        PatternType pattern = PatternType.forCode(c.resourcePatternType());
        AclOperation operation = AclOperation.forCode(c.operation());
        AclPermissionType permission = AclPermissionType.forCode(c.permissionType());
        if (type == null || pattern == null || operation == null || permission == null) {
            throw new IllegalArgumentException("Invalid ACL creation: resource type " + c.resourceType()
                    + ", pattern type " + c.resourcePatternType() + ", operation " + c.operation()
                    + ", permission type " + c.permissionType() + " (UNKNOWN, ANY and MATCH are not allowed)");
        }
        return new Acl(c.principal(), c.host(), operation, permission, type, c.resourceName(), pattern);
    }

    @Override
    CreateAclsResponse errorResponse(RequestContext ctx, CreateAclsRequest request, ErrorCode error) {
        CreateAclsResponse response = new CreateAclsResponse();
        for (int i = 0; i < request.creations().size(); i++) {
            response.results().add(new CreateAclsResponse.AclCreationResult().setErrorCode(error.code())
                    .setErrorMessage(error.description()));
        }
        return response;
    }
}
