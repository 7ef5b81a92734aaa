// Produce, versions 3-13, in client-only benchmark mode (ClientOnlyMode): every partition's batch is acknowledged
// without being decoded, checked or stored.
//
// Deviations (on purpose, so that a benchmark measures the client alone): no CRC, size, sequence or leader checks;
// the base offset handed back is a per-partition counter advanced by the batch's record count (read from the v2
// header); nothing is kept, so fetches never see produced records (ClientOnlyFetchHandler serves its own batch);
// acks=0 gets no response, as Kafka.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

final class ClientOnlyProduceHandler extends Handler<ProduceRequest, ProduceResponse> {
    /** Offset of the v2 batch header's records count. */
    private static final int RECORDS_COUNT_OFFSET = 57;
    private final Map<Object, long[]> nextOffsets = new HashMap<>();

    ClientOnlyProduceHandler() {
        super(ApiKey.PRODUCE);
    }

    @Override
    void handle(RequestContext ctx, ProduceRequest request) {
        ProduceResponse response = new ProduceResponse();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse()
                    .setName(t.name()).setTopicId(t.topicId());
            Object topicKey = ctx.version >= 13 ? t.topicId() : t.name();
            for (ProduceRequest.PartitionProduceData pd : t.partitionData()) {
                ByteBuf records = pd.records();
                int count = records != null && records.readableBytes() > RECORDS_COUNT_OFFSET + 4
                        ? records.getInt(records.readerIndex() + RECORDS_COUNT_OFFSET) : 0;
                long[] next = nextOffsets.computeIfAbsent(java.util.List.of(topicKey, pd.index()), k -> new long[1]);
                long base = next[0];
                next[0] += Math.max(0, count);
                tr.partitionResponses().add(new ProduceResponse.PartitionProduceResponse().setIndex(pd.index())
                        .setBaseOffset(base).setLogAppendTimeMs(-1).setLogStartOffset(0));
            }
            response.responses().add(tr);
        }
        if (request.acks() == 0) {
            ctx.respondNothing(null);
        } else {
            ctx.respond(response);
        }
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
