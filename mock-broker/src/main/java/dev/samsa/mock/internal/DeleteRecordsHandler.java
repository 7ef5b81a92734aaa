// DeleteRecords, versions 0-2 (every version Kafka 4.1 defines).
//
// Per partition on its leader: moves the log start offset to the given offset (-1: the high watermark), dropping the
// batches wholly before it, and answers the new low watermark (the log start offset). An offset below the current log
// start offset changes nothing; one above the high watermark (or below -1) is OFFSET_OUT_OF_RANGE;
// NOT_LEADER_OR_FOLLOWER off the leader, UNKNOWN_TOPIC_OR_PARTITION for a missing partition, POLICY_VIOLATION on a
// topic whose cleanup.policy is compact only, as Kafka. Fetches below the new log start offset are
// OFFSET_OUT_OF_RANGE and ListOffsets EARLIEST answers it.
//
// Authorization (when on): DELETE on each topic (before existence), else TOPIC_AUTHORIZATION_FAILED for it.
//
// Deviations: instant (timeoutMs is ignored: every replica is always in sync).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DeleteRecordsRequest;
import dev.samsa.internal.protocol.message.DeleteRecordsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;

final class DeleteRecordsHandler extends Handler<DeleteRecordsRequest, DeleteRecordsResponse> {
    DeleteRecordsHandler() {
        super(ApiKey.DELETE_RECORDS, 0, 2);
    }

    @Override
    void forEachPartition(RequestContext ctx, DeleteRecordsRequest request, PartitionVisitor visitor) {
        for (DeleteRecordsRequest.DeleteRecordsTopic t : request.topics()) {
            for (DeleteRecordsRequest.DeleteRecordsPartition p : t.partitions()) {
                if (visitor.visit(t.name(), p.partitionIndex())) {
                    return;
                }
            }
        }
    }

    @Override
    void handle(RequestContext ctx, DeleteRecordsRequest request) {
        DeleteRecordsResponse response = new DeleteRecordsResponse();
        for (DeleteRecordsRequest.DeleteRecordsTopic t : request.topics()) {
            DeleteRecordsResponse.DeleteRecordsTopicResult tr = new DeleteRecordsResponse.DeleteRecordsTopicResult()
                    .setName(t.name());
            TopicState topic = ctx.cluster.topics.get(t.name());
            for (DeleteRecordsRequest.DeleteRecordsPartition rp : t.partitions()) {
                DeleteRecordsResponse.DeleteRecordsPartitionResult out = new DeleteRecordsResponse
                        .DeleteRecordsPartitionResult().setPartitionIndex(rp.partitionIndex()).setLowWatermark(-1);
                PartitionState p = topic == null ? null : topic.partition(rp.partitionIndex());
                ErrorCode injected = ctx.injectedError(t.name(), rp.partitionIndex());
                ErrorCode error = injected != null ? injected
                        : !ctx.authorized(AclOperation.DELETE, ResourceType.TOPIC, t.name())
                                ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
                        : p == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                        : p.leader != ctx.broker.id ? ErrorCode.NOT_LEADER_OR_FOLLOWER
                        : topic.compact() && !topic.delete() ? ErrorCode.POLICY_VIOLATION
                        : null;
                if (error == null) {
                    long hw = p.log.highWatermark();
                    long offset = rp.offset() == -1 ? hw : rp.offset();
                    if (offset < 0 || offset > hw) {
                        error = ErrorCode.OFFSET_OUT_OF_RANGE;
                    } else {
                        p.log.advanceLogStartOffset(offset);
                        ctx.cluster.delayedFetches.wake(p);
                        out.setLowWatermark(p.log.logStartOffset());
                    }
                }
                if (error != null) {
                    out.setErrorCode(error.code());
                }
                tr.partitions().add(out);
            }
            response.topics().add(tr);
        }
        ctx.respond(response);
    }

    @Override
    DeleteRecordsResponse errorResponse(RequestContext ctx, DeleteRecordsRequest request, ErrorCode error) {
        DeleteRecordsResponse response = new DeleteRecordsResponse();
        for (DeleteRecordsRequest.DeleteRecordsTopic t : request.topics()) {
            DeleteRecordsResponse.DeleteRecordsTopicResult tr = new DeleteRecordsResponse.DeleteRecordsTopicResult()
                    .setName(t.name());
            for (DeleteRecordsRequest.DeleteRecordsPartition p : t.partitions()) {
                tr.partitions().add(new DeleteRecordsResponse.DeleteRecordsPartitionResult()
                        .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1).setErrorCode(error.code()));
            }
            response.topics().add(tr);
        }
        return response;
    }
}
