// OffsetForLeaderEpoch, versions 2-4 (every version Kafka 4.1 defines).
//
// For consumers validating their position after a leader change (KIP-320): per partition on its leader, the largest
// epoch not above the one asked for and the offset where the next epoch starts (the log end offset for the latest).
// currentLeaderEpoch fencing as Fetch. Authorization (when on): DESCRIBE on each topic, else
// TOPIC_AUTHORIZATION_FAILED for its partitions.
//
// Deviations: the epoch history starts at epoch 0 at offset 0 and grows only when the mock moves leadership (an
// unclean election, Faults.electUncleanLeader, truncates it as a truncated replica's would be).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class OffsetForLeaderEpochHandler
        extends Handler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse> {
    OffsetForLeaderEpochHandler() {
        super(ApiKey.OFFSET_FOR_LEADER_EPOCH);
    }

    @Override
    void forEachPartition(RequestContext ctx, OffsetForLeaderEpochRequest request, PartitionVisitor visitor) {
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic t : request.topics()) {
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition p : t.partitions()) {
                if (visitor.visit(t.topic(), p.partition())) {
                    return;
                }
            }
        }
    }

    @Override
    void handle(RequestContext ctx, OffsetForLeaderEpochRequest request) {
        OffsetForLeaderEpochResponse response = new OffsetForLeaderEpochResponse();
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic t : request.topics()) {
            OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult tr =
                    new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult().setTopic(t.topic());
            TopicState topic = ctx.cluster.topics.get(t.topic());
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition rp : t.partitions()) {
                OffsetForLeaderEpochResponse.EpochEndOffset out = new OffsetForLeaderEpochResponse.EpochEndOffset()
                        .setPartition(rp.partition());
                PartitionState p = topic == null ? null : topic.partition(rp.partition());
                ErrorCode injected = ctx.injectedError(t.topic(), rp.partition());
                ErrorCode error = injected != null ? injected
                        : !ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, t.topic())
                                ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
                        : p == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                        : p.leader != ctx.broker.id ? ErrorCode.NOT_LEADER_OR_FOLLOWER
                        : rp.currentLeaderEpoch() >= 0 && rp.currentLeaderEpoch() < p.leaderEpoch
                                ? ErrorCode.FENCED_LEADER_EPOCH
                        : rp.currentLeaderEpoch() > p.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : null;
                if (error != null) {
                    out.setErrorCode(error.code());
                } else {
                    long[] end = p.log.endOffsetFor(rp.leaderEpoch());
                    out.setLeaderEpoch((int) end[0]).setEndOffset(end[1]);
                }
                tr.partitions().add(out);
            }
            response.topics().add(tr);
        }
        ctx.respond(response);
    }

    @Override
    OffsetForLeaderEpochResponse errorResponse(RequestContext ctx, OffsetForLeaderEpochRequest request,
            ErrorCode error) {
        OffsetForLeaderEpochResponse response = new OffsetForLeaderEpochResponse();
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic t : request.topics()) {
            OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult tr =
                    new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult().setTopic(t.topic());
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition p : t.partitions()) {
                tr.partitions().add(new OffsetForLeaderEpochResponse.EpochEndOffset().setPartition(p.partition())
                        .setErrorCode(error.code()));
            }
            response.topics().add(tr);
        }
        return response;
    }
}
