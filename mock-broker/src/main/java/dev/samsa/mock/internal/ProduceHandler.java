// Produce, versions 3-13 (every version Kafka 4.1 defines): by topic name below v13, by topic id from v13.
//
// Each partition's records must be exactly one record batch of format v2 (as Kafka requires from v3). The batch is
// checked as a broker does: header, size against max.message.bytes (MESSAGE_TOO_LARGE), CRC32C (CORRUPT_MESSAGE),
// and every record decoded (count, offset deltas, keys on compacted topics: INVALID_RECORD). Accepted batches are
// copied, their base offset and partition leader epoch rewritten in place on the copy, and under
// message.timestamp.type=LogAppendTime stamped with the append time. acks 0, 1 and -1 (NOT_ENOUGH_REPLICAS when
// the ISR is below min.insync.replicas); acks=0 gets no response, and a failure closes a TCP connection as Kafka does.
// Idempotent producers: per producer id, epoch and partition, the last five batches are remembered; a retried
// batch is answered with its original offset; INVALID_PRODUCER_EPOCH for an older epoch and
// OUT_OF_ORDER_SEQUENCE_NUMBER for a gap, as Kafka 4.1 (which accepts any first sequence from a producer id the
// partition has no state for, and so never answers UNKNOWN_PRODUCER_ID to a Produce).
//
// Deviations: transactional batches are refused with INVALID_TXN_STATE (the mock has no transactions); record
// timestamps are not checked against message.timestamp.{before,after}.max.ms; replicas are in sync the moment the
// leader appends, so acks=1 and acks=-1 complete alike.
//
// Authorization (when on): WRITE on each topic, else TOPIC_AUTHORIZATION_FAILED for its partitions, checked before
// the topic's existence so an unauthorized producer cannot probe topic names.
package dev.samsa.mock.internal;

import dev.samsa.common.Node;
import dev.samsa.consumer.TimestampType;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.internal.record.UnsupportedMagicException;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class ProduceHandler extends Handler<ProduceRequest, ProduceResponse> {
    ProduceHandler() {
        super(ApiKey.PRODUCE);
    }

    /** A partition-level failure: the error code and Kafka's message for it. */
    private record Failure(ErrorCode error, String message) {
    }

    @Override
    void forEachPartition(RequestContext ctx, ProduceRequest request, PartitionVisitor visitor) {
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            TopicState topic = topic(ctx, t);
            String name = topic == null ? t.name() : topic.name;
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                if (visitor.visit(name, p.index())) {
                    return;
                }
            }
        }
    }

    private static TopicState topic(RequestContext ctx, ProduceRequest.TopicProduceData t) {
        return ctx.version >= 13 ? ctx.cluster.topicsById.get(t.topicId()) : ctx.cluster.topics.get(t.name());
    }

    @Override
    void handle(RequestContext ctx, ProduceRequest request) {
        short acks = request.acks();
        long now = ctx.cluster.time.milliseconds();
        ProduceResponse response = new ProduceResponse();
        Map<Integer, Node> endpoints = new LinkedHashMap<>();
        List<PartitionState> appended = new ArrayList<>();
        String firstFailure = null;
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            TopicState topic = topic(ctx, t);
            ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse()
                    .setName(t.name()).setTopicId(t.topicId());
            for (ProduceRequest.PartitionProduceData pd : t.partitionData()) {
                ProduceResponse.PartitionProduceResponse pr = new ProduceResponse.PartitionProduceResponse()
                        .setIndex(pd.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                Failure failure;
                if (acks != 0 && acks != 1 && acks != -1) {
                    failure = new Failure(ErrorCode.INVALID_REQUIRED_ACKS, "acks " + acks
                            + " is not one of -1, 0, 1");
                } else if ((topic != null || ctx.version < 13) && !ctx.authorized(AclOperation.WRITE,
                        ResourceType.TOPIC, topic == null ? t.name() : topic.name)) {
                    failure = new Failure(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
                } else if (topic == null) {
                    failure = ctx.version >= 13
                            ? new Failure(ErrorCode.UNKNOWN_TOPIC_ID, "no topic with id " + t.topicId())
                            : new Failure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host "
                                    + t.name() + "-" + pd.index() + ".");
                } else {
                    failure = append(ctx, topic, pd, acks, now, pr, endpoints, appended);
                }
                if (failure != null) {
                    pr.setErrorCode(failure.error().code()).setErrorMessage(failure.message());
                    if (firstFailure == null) {
                        firstFailure = failure.error() + " for " + (topic == null ? t.name() : topic.name) + "-"
                                + pd.index() + ": " + failure.message();
                    }
                }
                tr.partitionResponses().add(pr);
            }
            response.responses().add(tr);
        }
        if (ctx.version >= 10) {
            for (Node n : endpoints.values()) {
                response.nodeEndpoints().add(new ProduceResponse.NodeEndpoint().setNodeId(n.id())
                        .setHost(n.host()).setPort(n.port()).setRack(n.rack()));
            }
        }
        if (acks == 0) {
            ctx.respondNothing(firstFailure == null ? null : "acks=0 produce failed: " + firstFailure);
        } else {
            ctx.respond(response);
        }
        for (PartitionState p : appended) {
            ctx.cluster.delayedFetches.wake(p);
        }
    }

    private static Failure append(RequestContext ctx, TopicState topic, ProduceRequest.PartitionProduceData pd,
            short acks, long now, ProduceResponse.PartitionProduceResponse pr, Map<Integer, Node> endpoints,
            List<PartitionState> appended) {
        String tp = topic.name + "-" + pd.index();
        ErrorCode injected = ctx.injectedError(topic.name, pd.index());
        if (injected != null) {
            return new Failure(injected, "fault injected");
        }
        PartitionState p = topic.partition(pd.index());
        if (p == null) {
            return new Failure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host " + tp + ".");
        }
        if (p.leader != ctx.broker.id) {
            if (ctx.version >= 10) {
                pr.currentLeader().setLeaderId(p.leader).setLeaderEpoch(p.leaderEpoch);
                if (p.leader >= 0) {
                    endpoints.put(p.leader, ctx.cluster.broker(p.leader).node());
                }
            }
            return new Failure(ErrorCode.NOT_LEADER_OR_FOLLOWER, "Broker " + ctx.broker.id
                    + " is not the leader of " + tp + " (leader: " + p.leader + ")");
        }
        ByteBuf records = pd.records();
        RecordBatch batch;
        try {
            if (records == null) {
                return new Failure(ErrorCode.INVALID_RECORD, "Produce request to " + tp + " has no records");
            }
            RecordBatches batches = RecordBatches.of(records);
            if (!batches.hasNext()) {
                return new Failure(ErrorCode.INVALID_RECORD, "Produce requests are only allowed to contain "
                        + "exactly one record batch; " + tp + " got " + records.readableBytes()
                        + " bytes holding none");
            }
            batch = batches.next();
            if (batches.hasNext() || batches.partialBytes() > 0) {
                return new Failure(ErrorCode.INVALID_RECORD, "Produce requests are only allowed to contain "
                        + "exactly one record batch; " + tp + " got more");
            }
        } catch (UnsupportedMagicException e) {
            return new Failure(ErrorCode.INVALID_RECORD, e.getMessage());
        } catch (CorruptRecordException e) {
            return new Failure(ErrorCode.CORRUPT_MESSAGE, e.getMessage());
        }
        int size = batch.sizeInBytes();
        if (size > topic.maxMessageBytes()) {
            return new Failure(ErrorCode.MESSAGE_TOO_LARGE, "The record batch size in the append to " + tp
                    + " is " + size + " bytes which exceeds the maximum configured value of "
                    + topic.maxMessageBytes() + ".");
        }
        if (!batch.isValid()) {
            return new Failure(ErrorCode.CORRUPT_MESSAGE, "Record batch for " + tp + " is corrupt (stored crc = "
                    + batch.checksum() + ", computed crc = " + batch.computeChecksum() + ")");
        }
        if (batch.isControl()) {
            return new Failure(ErrorCode.INVALID_RECORD, "Control batches are written by the broker, not by "
                    + "clients (" + tp + ")");
        }
        if (batch.isTransactional()) {
            return new Failure(ErrorCode.INVALID_TXN_STATE, "The mock broker has no transactions; transactional "
                    + "batch for " + tp + " refused");
        }
        if (acks == -1 && p.isr.size() < topic.minInsyncReplicas()) {
            return new Failure(ErrorCode.NOT_ENOUGH_REPLICAS, "The size of the current ISR " + p.isr
                    + " is insufficient to satisfy the min.isr requirement of " + topic.minInsyncReplicas()
                    + " for partition " + tp);
        }
        // Decode every record, as the broker's validator does.
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        int maxTimestampDelta = 0;
        int count = 0;
        try (RecordIterator it = batch.iterator()) {
            while (it.hasNext()) {
                Record r = it.next();
                int delta = (int) (r.offset() - batch.baseOffset());
                if (delta != count) {
                    return new Failure(ErrorCode.INVALID_RECORD, "Record " + count + " of the batch for " + tp
                            + " has offset delta " + delta + "; expected " + count);
                }
                if (topic.compact() && !r.hasKey()) {
                    return new Failure(ErrorCode.INVALID_RECORD, "Compacted topic cannot accept message without "
                            + "key in topic partition " + tp + ".");
                }
                if (r.timestamp() > maxTimestamp) {
                    maxTimestamp = r.timestamp();
                    maxTimestampDelta = delta;
                }
                count++;
            }
        } catch (CorruptRecordException e) {
            return new Failure(ErrorCode.CORRUPT_MESSAGE, e.getMessage());
        }
        if (count != batch.recordCount() || count == 0 || batch.lastOffsetDelta() != count - 1) {
            return new Failure(ErrorCode.INVALID_RECORD, "Record batch for " + tp + " declares "
                    + batch.recordCount() + " records and last offset delta " + batch.lastOffsetDelta()
                    + " but holds " + count);
        }
        // Idempotence.
        long producerId = batch.producerId();
        ProducerEntry entry = null;
        PartitionLog log = p.log;
        if (producerId >= 0) {
            short epoch = batch.producerEpoch();
            int firstSeq = batch.baseSequence();
            int lastSeq = batch.lastSequence();
            entry = log.producers.get(producerId);
            if (entry != null) {
                if (epoch < entry.epoch) {
                    return new Failure(ErrorCode.INVALID_PRODUCER_EPOCH, "Epoch of producer " + producerId
                            + " in " + tp + " is " + epoch + ", which is smaller than the last seen epoch "
                            + entry.epoch);
                }
                ProducerEntry.BatchMeta dup = entry.duplicateOf(epoch, firstSeq, lastSeq);
                if (dup != null) {
                    pr.setBaseOffset(dup.firstOffset()).setLogAppendTimeMs(dup.logAppendTime())
                            .setLogStartOffset(log.logStartOffset());
                    return null; // a retry of a batch already written: its original offset, no error
                }
                if (epoch == entry.epoch) {
                    int last = entry.lastSeq();
                    if (last >= 0 && !inSequence(last, firstSeq)) {
                        return new Failure(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Out of order sequence number "
                                + "for producer " + producerId + " at offset " + log.logEndOffset() + " in " + tp
                                + ": " + firstSeq + " (incoming seq. number), " + last + " (current end sequence "
                                + "number)");
                    }
                } else if (firstSeq != 0) {
                    return new Failure(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Invalid sequence number for new "
                            + "epoch of producer " + producerId + " in " + tp + ": " + epoch + " (request epoch), "
                            + firstSeq + " (seq. number), " + entry.epoch + " (current producer epoch)");
                }
            }
        }
        // Append: the broker's own copy, offsets and leader epoch rewritten in place.
        long baseOffset = log.logEndOffset();
        ByteBuf copy = Unpooled.buffer(size, size);
        copy.writeBytes(records, records.readerIndex(), size);
        RecordBatch stored = RecordBatch.wrap(copy);
        stored.setBaseOffset(baseOffset);
        stored.setPartitionLeaderEpoch(p.leaderEpoch);
        long logAppendTime = -1;
        long offsetOfMax = baseOffset + maxTimestampDelta;
        if (topic.timestampType() == TimestampType.LOG_APPEND_TIME) {
            logAppendTime = now;
            maxTimestamp = now;
            offsetOfMax = baseOffset;
            stored.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
        }
        long lastOffset = baseOffset + count - 1;
        log.append(new StoredBatch(copy, baseOffset, lastOffset, maxTimestamp, offsetOfMax, p.leaderEpoch, now));
        if (producerId >= 0) {
            if (entry == null) {
                entry = new ProducerEntry(batch.producerEpoch());
                log.producers.put(producerId, entry);
            }
            entry.add(batch.producerEpoch(), new ProducerEntry.BatchMeta(batch.baseSequence(), batch.lastSequence(),
                    baseOffset, lastOffset, logAppendTime));
        }
        appended.add(p);
        ctx.cluster.onFirstAppend();
        pr.setBaseOffset(baseOffset).setLogAppendTimeMs(logAppendTime).setLogStartOffset(log.logStartOffset());
        return null;
    }

    /** Kafka's sequence rule: the next sequence follows the last, wrapping from Integer.MAX_VALUE to 0. */
    private static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }

    @Override
    ProduceResponse errorResponse(RequestContext ctx, ProduceRequest request, ErrorCode error) {
        ProduceResponse response = new ProduceResponse();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse()
                    .setName(t.name()).setTopicId(t.topicId());
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                tr.partitionResponses().add(new ProduceResponse.PartitionProduceResponse().setIndex(p.index())
                        .setErrorCode(error.code()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1));
            }
            response.responses().add(tr);
        }
        return response;
    }
}
