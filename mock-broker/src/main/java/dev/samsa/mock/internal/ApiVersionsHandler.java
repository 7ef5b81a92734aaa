// ApiVersions, versions 0-4 (every version Kafka 4.1 defines).
//
// Advertises exactly the APIs the mock serves, each from its lowest version to its latest stable one. From v3 the
// client software name and version must match KIP-511's pattern, else INVALID_REQUEST. A version above 4 is
// answered by the transports (TCP: in v0 with UNSUPPORTED_VERSION and this range, as KIP-511 asks).
//
// Deviations: no supported or finalized features are advertised (the mock has no metadata.version).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ApiVersionsRequest;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.transport.ApiVersionRanges;
import java.util.regex.Pattern;

final class ApiVersionsHandler extends Handler<ApiVersionsRequest, ApiVersionsResponse> {
    /** KIP-511: alphanumerics, dots and dashes, starting and ending with an alphanumeric. Compiled on first use. */
    private static final class Software {
        static final Pattern PATTERN = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    }

    ApiVersionsHandler() {
        super(ApiKey.API_VERSIONS);
    }

    @Override
    void handle(RequestContext ctx, ApiVersionsRequest request) {
        if (ctx.version >= 3 && (!Software.PATTERN.matcher(request.clientSoftwareName()).matches()
                || !Software.PATTERN.matcher(request.clientSoftwareVersion()).matches())) {
            ctx.respond(errorResponse(ctx, request, ErrorCode.INVALID_REQUEST));
            return;
        }
        ctx.respond(response(ctx.cluster.apiVersions(), ErrorCode.NONE));
    }

    /** The answer listing every API in {@code ranges}. */
    static ApiVersionsResponse response(ApiVersionRanges ranges, ErrorCode error) {
        ApiVersionsResponse r = new ApiVersionsResponse().setErrorCode(error.code());
        for (ApiKey api : ApiKey.values()) {
            if (ranges.supports(api)) {
                r.apiKeys().add(new ApiVersionsResponse.ApiVersion().setApiKey(api.id())
                        .setMinVersion(ranges.min(api)).setMaxVersion(ranges.max(api)));
            }
        }
        return r;
    }

    @Override
    ApiVersionsResponse errorResponse(RequestContext ctx, ApiVersionsRequest request, ErrorCode error) {
        return response(ctx.cluster.apiVersions(), error);
    }
}
