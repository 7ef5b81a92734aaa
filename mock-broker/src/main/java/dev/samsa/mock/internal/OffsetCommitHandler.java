// OffsetCommit, versions 2-9 (the stable ones; v10, unstable in Kafka 4.1, is not served).
//
// Commits for classic groups with Kafka's checks: NOT_COORDINATOR; a commit naming no generation (-1) creates or
// uses an empty "simple" group; otherwise UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID (v7+), ILLEGAL_GENERATION,
// REBALANCE_IN_PROGRESS while the group completes a rebalance, GROUP_ID_NOT_FOUND (v9+; ILLEGAL_GENERATION below)
// for a generation-bearing commit to a group that does not exist. Per partition: UNKNOWN_TOPIC_OR_PARTITION,
// OFFSET_METADATA_TOO_LARGE (offset.metadata.max.bytes 4096). A member's commit also counts as a heartbeat.
//
// Authorization (when on): READ on the group, else GROUP_AUTHORIZATION_FAILED for every partition; READ on each
// topic, else TOPIC_AUTHORIZATION_FAILED for its partitions.
//
// Deviations: retentionTimeMs (v2-4) and offsets.retention.minutes are ignored: offsets live until their group or
// topic is deleted.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class OffsetCommitHandler extends Handler<OffsetCommitRequest, OffsetCommitResponse> {
    OffsetCommitHandler() {
        super(ApiKey.OFFSET_COMMIT);
    }

    @Override
    void forEachPartition(RequestContext ctx, OffsetCommitRequest request, PartitionVisitor visitor) {
        for (OffsetCommitRequest.OffsetCommitRequestTopic t : request.topics()) {
            for (OffsetCommitRequest.OffsetCommitRequestPartition p : t.partitions()) {
                if (visitor.visit(t.name(), p.partitionIndex())) {
                    return;
                }
            }
        }
    }

    @Override
    ErrorCode authorize(RequestContext ctx, OffsetCommitRequest request) {
        return ctx.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId()) ? null
                : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, OffsetCommitRequest request) {
        GroupCoordinator groups = ctx.cluster.groups;
        ErrorCode error = groups.validateCommit(ctx, request.groupId(), request.generationIdOrMemberEpoch(),
                request.memberId(), ctx.version >= 7 ? request.groupInstanceId() : null);
        if (error != null) {
            ctx.respond(errorResponse(ctx, request, error));
            return;
        }
        OffsetCommitResponse response = new OffsetCommitResponse();
        for (OffsetCommitRequest.OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponse.OffsetCommitResponseTopic tr = new OffsetCommitResponse.OffsetCommitResponseTopic()
                    .setName(t.name());
            for (OffsetCommitRequest.OffsetCommitRequestPartition p : t.partitions()) {
                ErrorCode e = ctx.injectedError(t.name(), p.partitionIndex());
                if (e == null && !ctx.authorized(AclOperation.READ, ResourceType.TOPIC, t.name())) {
                    e = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
                }
                if (e == null) {
                    e = groups.commit(request.groupId(), t.name(), p.partitionIndex(), p.committedOffset(),
                            ctx.version >= 6 ? p.committedLeaderEpoch() : -1, p.committedMetadata());
                }
                tr.partitions().add(new OffsetCommitResponse.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(e.code()));
            }
            response.topics().add(tr);
        }
        ctx.respond(response);
    }

    @Override
    OffsetCommitResponse errorResponse(RequestContext ctx, OffsetCommitRequest request, ErrorCode error) {
        OffsetCommitResponse response = new OffsetCommitResponse();
        for (OffsetCommitRequest.OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponse.OffsetCommitResponseTopic tr = new OffsetCommitResponse.OffsetCommitResponseTopic()
                    .setName(t.name());
            for (OffsetCommitRequest.OffsetCommitRequestPartition p : t.partitions()) {
                tr.partitions().add(new OffsetCommitResponse.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(tr);
        }
        return response;
    }
}
