// DescribeAcls, versions 1-3 (every version Kafka 4.1 defines).
//
// The ACLs that match the filter (resource type, name, pattern type with ANY and MATCH, principal, host, operation,
// permission type), grouped by resource pattern. CLUSTER_AUTHORIZATION_FAILED without DESCRIBE on the cluster;
// SECURITY_DISABLED while the cluster has no authorization (Kafka: no authorizer configured); INVALID_REQUEST for
// an UNKNOWN code in the filter.
//
// Deviations: none known.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DescribeAclsRequest;
import dev.samsa.internal.protocol.message.DescribeAclsResponse;
import dev.samsa.mock.Acl;
import dev.samsa.mock.AclOperation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class DescribeAclsHandler extends Handler<DescribeAclsRequest, DescribeAclsResponse> {
    DescribeAclsHandler() {
        super(ApiKey.DESCRIBE_ACLS);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, DescribeAclsRequest request) {
        return ctx.authorizedOnCluster(AclOperation.DESCRIBE) ? null : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, DescribeAclsRequest request) {
        if (!ctx.authorizer().enabled()) {
            ctx.respond(errorResponse(ctx, request, ErrorCode.SECURITY_DISABLED)
                    .setErrorMessage("No Authorizer is configured on the broker"));
            return;
        }
        AclFilter filter = new AclFilter(request.resourceTypeFilter(), request.resourceNameFilter(),
                request.patternTypeFilter(), request.principalFilter(), request.hostFilter(), request.operation(),
                request.permissionType());
        String invalid = filter.invalid();
        if (invalid != null) {
            ctx.respond(errorResponse(ctx, request, ErrorCode.INVALID_REQUEST).setErrorMessage(invalid));
            return;
        }
        Map<List<Object>, DescribeAclsResponse.DescribeAclsResource> byResource = new LinkedHashMap<>();
        for (Acl a : ctx.authorizer().acls()) {
            if (!filter.test(a)) {
                continue;
            }
            byResource.computeIfAbsent(List.of(a.resourceType(), a.resourceName(), a.patternType()),
                    k -> new DescribeAclsResponse.DescribeAclsResource().setResourceType(a.resourceType().code())
                            .setResourceName(a.resourceName()).setPatternType(a.patternType().code()))
                    .acls().add(new DescribeAclsResponse.AclDescription().setPrincipal(a.principal())
                            .setHost(a.host()).setOperation(a.operation().code())
                            .setPermissionType(a.permissionType().code()));
        }
        DescribeAclsResponse response = new DescribeAclsResponse().setErrorMessage(null);
        response.resources().addAll(byResource.values());
        ctx.respond(response);
    }

    @Override
    DescribeAclsResponse errorResponse(RequestContext ctx, DescribeAclsRequest request, ErrorCode error) {
        return new DescribeAclsResponse().setErrorCode(error.code()).setErrorMessage(error.description());
    }
}
