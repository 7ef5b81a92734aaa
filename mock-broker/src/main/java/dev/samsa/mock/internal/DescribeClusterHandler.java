// DescribeCluster, versions 0-2 (every version Kafka 4.1 defines), KIP-700 and KIP-919.
//
// The cluster id, the controller id (as Metadata reports it) and the running brokers; from v2 with
// includeFencedBrokers, stopped brokers too, marked fenced. endpointType (v1+) 1 (brokers) is served; 2 (controllers)
// is UNSUPPORTED_ENDPOINT_TYPE, as a broker answers.
//
// Deviations: cluster authorized operations are never computed (always Integer.MIN_VALUE, "not requested").
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DescribeClusterRequest;
import dev.samsa.internal.protocol.message.DescribeClusterResponse;

final class DescribeClusterHandler extends Handler<DescribeClusterRequest, DescribeClusterResponse> {
    static final byte BROKERS = 1;

    DescribeClusterHandler() {
        super(ApiKey.DESCRIBE_CLUSTER, 0, 2);
    }

    @Override
    void handle(RequestContext ctx, DescribeClusterRequest request) {
        if (ctx.version >= 1 && request.endpointType() != BROKERS) {
            ctx.respond(errorResponse(ctx, request, ErrorCode.UNSUPPORTED_ENDPOINT_TYPE).setErrorMessage(
                    "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type "
                            + (request.endpointType() == 2 ? "CONTROLLER" : "UNKNOWN")));
            return;
        }
        DescribeClusterResponse response = new DescribeClusterResponse().setErrorMessage(null)
                .setClusterId(ctx.cluster.config.clusterId()).setControllerId(ctx.cluster.controllerId())
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        if (ctx.version >= 1) {
            response.setEndpointType(BROKERS);
        }
        boolean fenced = ctx.version >= 2 && request.includeFencedBrokers();
        for (BrokerState b : ctx.cluster.brokers()) {
            if (b.alive || fenced) {
                DescribeClusterResponse.DescribeClusterBroker broker = new DescribeClusterResponse
                        .DescribeClusterBroker().setBrokerId(b.id).setHost(BrokerState.HOST).setPort(b.port())
                        .setRack(b.rack);
                if (ctx.version >= 2) {
                    broker.setIsFenced(!b.alive);
                }
                response.brokers().add(broker);
            }
        }
        ctx.respond(response);
    }

    @Override
    DescribeClusterResponse errorResponse(RequestContext ctx, DescribeClusterRequest request, ErrorCode error) {
        return new DescribeClusterResponse().setErrorCode(error.code()).setErrorMessage(null)
                .setClusterId(ctx.cluster.config.clusterId()).setControllerId(-1);
    }
}
