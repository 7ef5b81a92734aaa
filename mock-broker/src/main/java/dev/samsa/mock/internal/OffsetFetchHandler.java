// OffsetFetch, versions 1-9 (the stable ones; v10, unstable in Kafka 4.1, is not served).
//
// Committed offsets, leader epochs (v5+) and metadata per partition; -1 for partitions with none; a null topic list
// (v2+) asks for everything the group committed. One group below v8, a batch of groups from v8 (each with its own
// error). NOT_COORDINATOR per group (v2-7 at the top level, v1 per partition).
//
// Authorization (when on): DESCRIBE on the group, else GROUP_AUTHORIZATION_FAILED (per group from v8); DESCRIBE
// on each topic asked for, else TOPIC_AUTHORIZATION_FAILED for its partitions; a request for all offsets leaves out
// the topics the principal may not describe.
//
// Deviations: requireStable (v7+) never waits (there are no transactional offsets); memberId and memberEpoch (v9+)
// are not checked (they matter for KIP-848 groups, which the mock does not serve).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class OffsetFetchHandler extends Handler<OffsetFetchRequest, OffsetFetchResponse> {
    OffsetFetchHandler() {
        super(ApiKey.OFFSET_FETCH);
    }

    /** One group's answer: a group error, or per topic its partitions' committed offsets. */
    private record GroupResult(ErrorCode error, Map<String, List<long[]>> offsets, Map<String, List<String>> meta) {
    }

    @Override
    ErrorCode authorize(RequestContext ctx, OffsetFetchRequest request) {
        // From v8 each group of the batch is checked on its own, in handle.
        return ctx.version >= 8 || ctx.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, request.groupId())
                ? null : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    @Override
    void handle(RequestContext ctx, OffsetFetchRequest request) {
        OffsetFetchResponse response = new OffsetFetchResponse();
        if (ctx.version < 8) {
            Map<String, List<Integer>> topics = null;
            if (request.topics() != null) {
                topics = new LinkedHashMap<>();
                for (OffsetFetchRequest.OffsetFetchRequestTopic t : request.topics()) {
                    topics.put(t.name(), t.partitionIndexes());
                }
            }
            ErrorCode error = ctx.cluster.groups.coordinatorError(ctx, request.groupId());
            if (error != null && ctx.version >= 2) {
                response.setErrorCode(error.code());
                ctx.respond(response);
                return;
            }
            for (Map.Entry<String, List<Integer>> t : resolve(ctx, request.groupId(), topics).entrySet()) {
                OffsetFetchResponse.OffsetFetchResponseTopic tr = new OffsetFetchResponse.OffsetFetchResponseTopic()
                        .setName(t.getKey());
                for (int p : t.getValue()) {
                    tr.partitions().add(fill(ctx, request.groupId(), t.getKey(), p, error));
                }
                response.topics().add(tr);
            }
            ctx.respond(response);
            return;
        }
        for (OffsetFetchRequest.OffsetFetchRequestGroup g : request.groups()) {
            OffsetFetchResponse.OffsetFetchResponseGroup gr = new OffsetFetchResponse.OffsetFetchResponseGroup()
                    .setGroupId(g.groupId());
            ErrorCode error = ctx.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId())
                    ? ctx.cluster.groups.coordinatorError(ctx, g.groupId()) : ErrorCode.GROUP_AUTHORIZATION_FAILED;
            if (error != null) {
                response.groups().add(gr.setErrorCode(error.code()));
                continue;
            }
            Map<String, List<Integer>> topics = null;
            if (g.topics() != null) {
                topics = new LinkedHashMap<>();
                for (OffsetFetchRequest.OffsetFetchRequestTopics t : g.topics()) {
                    topics.put(t.name(), t.partitionIndexes());
                }
            }
            for (Map.Entry<String, List<Integer>> t : resolve(ctx, g.groupId(), topics).entrySet()) {
                OffsetFetchResponse.OffsetFetchResponseTopics tr = new OffsetFetchResponse.OffsetFetchResponseTopics()
                        .setName(t.getKey());
                for (int p : t.getValue()) {
                    OffsetFetchResponse.OffsetFetchResponsePartition one = fill(ctx, g.groupId(), t.getKey(), p, null);
                    tr.partitions().add(new OffsetFetchResponse.OffsetFetchResponsePartitions().setPartitionIndex(p)
                            .setCommittedOffset(one.committedOffset())
                            .setCommittedLeaderEpoch(one.committedLeaderEpoch()).setMetadata(one.metadata())
                            .setErrorCode(one.errorCode()));
                }
                gr.topics().add(tr);
            }
            response.groups().add(gr);
        }
        ctx.respond(response);
    }

    /** The partitions to answer: those asked for, or (null) every partition the group committed. */
    private static Map<String, List<Integer>> resolve(RequestContext ctx, String groupId,
            Map<String, List<Integer>> asked) {
        if (asked != null) {
            return asked;
        }
        Map<String, List<Integer>> all = new LinkedHashMap<>();
        GroupCoordinator.Group g = ctx.cluster.groups.groups.get(groupId);
        if (g != null) {
            for (GroupCoordinator.TopicPartition tp : g.offsets.keySet()) {
                if (!ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, tp.topic())) {
                    continue; // as Kafka: topics the principal may not describe are left out of "all"
                }
                all.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
            }
        }
        return all;
    }

    private static OffsetFetchResponse.OffsetFetchResponsePartition fill(RequestContext ctx, String groupId,
            String topic, int partition, ErrorCode groupError) {
        OffsetFetchResponse.OffsetFetchResponsePartition out = new OffsetFetchResponse.OffsetFetchResponsePartition()
                .setPartitionIndex(partition).setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("");
        ErrorCode error = groupError != null ? groupError : ctx.injectedError(topic, partition);
        if (error == null && !ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, topic)) {
            error = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
        }
        if (error != null) {
            return out.setErrorCode(error.code());
        }
        GroupCoordinator.Offset o = ctx.cluster.groups.committed(groupId, topic, partition);
        if (o != null) {
            out.setCommittedOffset(o.offset()).setMetadata(o.metadata());
            if (ctx.version >= 5) {
                out.setCommittedLeaderEpoch(o.leaderEpoch());
            }
        }
        return out;
    }

    @Override
    void forEachPartition(RequestContext ctx, OffsetFetchRequest request, PartitionVisitor visitor) {
        if (ctx.version < 8) {
            if (request.topics() != null) {
                for (OffsetFetchRequest.OffsetFetchRequestTopic t : request.topics()) {
                    for (int p : t.partitionIndexes()) {
                        if (visitor.visit(t.name(), p)) {
                            return;
                        }
                    }
                }
            }
            return;
        }
        for (OffsetFetchRequest.OffsetFetchRequestGroup g : request.groups()) {
            if (g.topics() != null) {
                for (OffsetFetchRequest.OffsetFetchRequestTopics t : g.topics()) {
                    for (int p : t.partitionIndexes()) {
                        if (visitor.visit(t.name(), p)) {
                            return;
                        }
                    }
                }
            }
        }
    }

    @Override
    OffsetFetchResponse errorResponse(RequestContext ctx, OffsetFetchRequest request, ErrorCode error) {
        OffsetFetchResponse response = new OffsetFetchResponse();
        if (ctx.version >= 8) {
            for (OffsetFetchRequest.OffsetFetchRequestGroup g : request.groups()) {
                response.groups().add(new OffsetFetchResponse.OffsetFetchResponseGroup().setGroupId(g.groupId())
                        .setErrorCode(error.code()));
            }
        } else if (ctx.version >= 2) {
            response.setErrorCode(error.code());
        } else if (request.topics() != null) {
            for (OffsetFetchRequest.OffsetFetchRequestTopic t : request.topics()) {
                OffsetFetchResponse.OffsetFetchResponseTopic tr = new OffsetFetchResponse.OffsetFetchResponseTopic()
                        .setName(t.name());
                for (int p : t.partitionIndexes()) {
                    tr.partitions().add(new OffsetFetchResponse.OffsetFetchResponsePartition().setPartitionIndex(p)
                            .setCommittedOffset(-1).setMetadata("").setErrorCode(error.code()));
                }
                response.topics().add(tr);
            }
        }
        return response;
    }
}
