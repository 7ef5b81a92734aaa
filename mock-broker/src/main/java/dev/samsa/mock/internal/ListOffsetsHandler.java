// ListOffsets, versions 1-10 (every version Kafka 4.1 defines).
//
// Per partition on its leader: EARLIEST (-2) and EARLIEST_LOCAL (-4) give the log start offset, LATEST (-1) the high
// watermark (the last stable offset under read_committed, which is the same here), MAX_TIMESTAMP (-3, v7+) the first
// record with the largest timestamp (KIP-734), a timestamp >= 0 the first record at or after it (offset -1 if none).
// currentLeaderEpoch fencing (v4+, KIP-320) and the leader epoch of the answer (v4+). Authorization (when on):
// DESCRIBE on each topic, else TOPIC_AUTHORIZATION_FAILED for its partitions.
//
// Deviations: LATEST_TIERED (-5) and later special values answer offset -1 (there is no tiered storage).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class ListOffsetsHandler extends Handler<ListOffsetsRequest, ListOffsetsResponse> {
    static final long LATEST = -1;
    static final long EARLIEST = -2;
    static final long MAX_TIMESTAMP = -3;
    static final long EARLIEST_LOCAL = -4;

    ListOffsetsHandler() {
        super(ApiKey.LIST_OFFSETS);
    }

    @Override
    void forEachPartition(RequestContext ctx, ListOffsetsRequest request, PartitionVisitor visitor) {
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                if (visitor.visit(t.name(), p.partitionIndex())) {
                    return;
                }
            }
        }
    }

    @Override
    void handle(RequestContext ctx, ListOffsetsRequest request) {
        ListOffsetsResponse response = new ListOffsetsResponse();
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            ListOffsetsResponse.ListOffsetsTopicResponse tr = new ListOffsetsResponse.ListOffsetsTopicResponse()
                    .setName(t.name());
            TopicState topic = ctx.cluster.topics.get(t.name());
            for (ListOffsetsRequest.ListOffsetsPartition rp : t.partitions()) {
                tr.partitions().add(lookup(ctx, topic, t.name(), rp, request.isolationLevel()));
            }
            response.topics().add(tr);
        }
        ctx.respond(response);
    }

    private static ListOffsetsResponse.ListOffsetsPartitionResponse lookup(RequestContext ctx, TopicState topic,
            String name, ListOffsetsRequest.ListOffsetsPartition rp, byte isolationLevel) {
        ListOffsetsResponse.ListOffsetsPartitionResponse out = new ListOffsetsResponse.ListOffsetsPartitionResponse()
                .setPartitionIndex(rp.partitionIndex()).setOffset(-1).setTimestamp(-1);
        ErrorCode injected = ctx.injectedError(name, rp.partitionIndex());
        PartitionState p = topic == null ? null : topic.partition(rp.partitionIndex());
        ErrorCode error = injected != null ? injected
                : !ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, name)
                        ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
                : p == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                : p.leader != ctx.broker.id ? ErrorCode.NOT_LEADER_OR_FOLLOWER
                : ctx.version >= 4 && rp.currentLeaderEpoch() >= 0 && rp.currentLeaderEpoch() < p.leaderEpoch
                        ? ErrorCode.FENCED_LEADER_EPOCH
                : ctx.version >= 4 && rp.currentLeaderEpoch() > p.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH
                : null;
        if (error != null) {
            return out.setErrorCode(error.code());
        }
        PartitionLog log = p.log;
        long ts = rp.timestamp();
        long offset;
        long timestamp = -1;
        if (ts == EARLIEST || ts == EARLIEST_LOCAL) {
            offset = log.logStartOffset();
        } else if (ts == LATEST) {
            offset = isolationLevel == 1 ? log.lastStableOffset() : log.highWatermark();
        } else if (ts == MAX_TIMESTAMP) {
            long[] max = log.maxTimestamp();
            offset = max == null ? -1 : max[0];
            timestamp = max == null ? -1 : max[1];
        } else if (ts >= 0) {
            long[] found = log.offsetForTimestamp(ts);
            offset = found == null ? -1 : found[0];
            timestamp = found == null ? -1 : found[1];
        } else {
            offset = -1;
        }
        out.setOffset(offset).setTimestamp(timestamp);
        if (ctx.version >= 4 && offset >= 0) {
            out.setLeaderEpoch(epochOf(p, offset));
        }
        return out;
    }

    /** The leader epoch of the batch holding {@code offset}; the current epoch at the end of the log. */
    private static int epochOf(PartitionState p, long offset) {
        int i = p.log.indexOf(offset);
        if (i < p.log.batchCount()) {
            return p.log.batches().get(i).leaderEpoch;
        }
        return p.leaderEpoch;
    }

    @Override
    ListOffsetsResponse errorResponse(RequestContext ctx, ListOffsetsRequest request, ErrorCode error) {
        ListOffsetsResponse response = new ListOffsetsResponse();
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            ListOffsetsResponse.ListOffsetsTopicResponse tr = new ListOffsetsResponse.ListOffsetsTopicResponse()
                    .setName(t.name());
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                tr.partitions().add(new ListOffsetsResponse.ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()).setOffset(-1)
                        .setTimestamp(-1));
            }
            response.topics().add(tr);
        }
        return response;
    }
}
