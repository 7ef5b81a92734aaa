// InitProducerId, versions 0-5 (the stable ones; v6, unstable in Kafka 4.1, is not served).
//
// Without a transactional id: a new producer id with epoch 0 every time, as Kafka does for idempotent producers
// (also when the request names its current id and epoch, KIP-360). With one: the first call gets a new producer id,
// each later call bumps the epoch (a new producer id once the epoch would overflow), fencing older instances.
// transactionTimeoutMs above transaction.max.timeout.ms (15 minutes) is INVALID_TRANSACTION_TIMEOUT.
//
// Authorization (when on): WRITE on the transactional id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED; without one,
// IDEMPOTENT_WRITE on the cluster or WRITE on any topic (KIP-679), else CLUSTER_AUTHORIZATION_FAILED.
//
// Deviations: there are no transactions behind a transactional id (no ongoing transaction is ever aborted), and any
// broker answers as if it were the transaction coordinator.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.InitProducerIdResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class InitProducerIdHandler extends Handler<InitProducerIdRequest, InitProducerIdResponse> {
    /** Kafka's transaction.max.timeout.ms default. */
    static final int MAX_TRANSACTION_TIMEOUT_MS = 900_000;

    InitProducerIdHandler() {
        super(ApiKey.INIT_PRODUCER_ID);
    }

    @Override
    ErrorCode authorize(RequestContext ctx, InitProducerIdRequest request) {
        if (request.transactionalId() != null) {
            return ctx.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId()) ? null
                    : ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        }
        // KIP-679: an idempotent producer needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic.
        return ctx.authorizedOnCluster(AclOperation.IDEMPOTENT_WRITE)
                || ctx.authorizedOnAny(AclOperation.WRITE, ResourceType.TOPIC) ? null
                : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, InitProducerIdRequest request) {
        ClusterState cluster = ctx.cluster;
        String txnId = request.transactionalId();
        if (txnId == null) {
            ctx.respond(new InitProducerIdResponse().setProducerId(cluster.nextProducerId()).setProducerEpoch((short) 0));
            return;
        }
        if (request.transactionTimeoutMs() <= 0 || request.transactionTimeoutMs() > MAX_TRANSACTION_TIMEOUT_MS) {
            ctx.respond(errorResponse(ctx, request, ErrorCode.INVALID_TRANSACTION_TIMEOUT));
            return;
        }
        long[] current = cluster.transactionalProducers.get(txnId);
        if (current == null || current[1] >= Short.MAX_VALUE - 1) {
            current = new long[] {cluster.nextProducerId(), 0};
        } else {
            if (ctx.version >= 3 && request.producerId() >= 0
                    && (request.producerId() != current[0] || request.producerEpoch() != current[1])) {
                ctx.respond(errorResponse(ctx, request, ErrorCode.PRODUCER_FENCED));
                return;
            }
            current = new long[] {current[0], current[1] + 1};
        }
        cluster.transactionalProducers.put(txnId, current);
        ctx.respond(new InitProducerIdResponse().setProducerId(current[0]).setProducerEpoch((short) current[1]));
    }

    @Override
    InitProducerIdResponse errorResponse(RequestContext ctx, InitProducerIdRequest request, ErrorCode error) {
        return new InitProducerIdResponse().setErrorCode(error.code()).setProducerId(-1).setProducerEpoch((short) -1);
    }
}
