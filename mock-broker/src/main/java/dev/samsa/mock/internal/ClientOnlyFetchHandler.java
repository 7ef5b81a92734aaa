// Fetch, versions 4-18, in client-only benchmark mode (ClientOnlyMode): every partition a fetch names is answered at
// once with copies of one pre-built record batch, renumbered to start at the fetch offset.
//
// Deviations (on purpose, so that a benchmark measures the client alone): no fetch sessions (the session id is
// always 0, so clients send full fetches), no waiting (fetch.min.bytes and fetch.max.wait.ms are ignored), no leader
// or epoch checks, no stored log: as many copies of the batch as fit in the partition's max bytes (at least one) are
// served from any offset, and the high watermark is the offset after the last record served.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

final class ClientOnlyFetchHandler extends Handler<FetchRequest, FetchResponse> {
    private final byte[] batch;
    private final int recordsPerBatch;

    /**
     * @param batch one v2 record batch (base offset 0; its CRC does not cover the base offset, so renumbering keeps
     *     it valid)
     * @param recordsPerBatch the records in it
     */
    ClientOnlyFetchHandler(byte[] batch, int recordsPerBatch) {
        super(ApiKey.FETCH);
        this.batch = batch;
        this.recordsPerBatch = recordsPerBatch;
    }

    @Override
    void handle(RequestContext ctx, FetchRequest request) {
        FetchResponse response = new FetchResponse();
        long remaining = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (FetchRequest.FetchTopic t : request.topics()) {
            FetchResponse.FetchableTopicResponse tr = new FetchResponse.FetchableTopicResponse();
            if (ctx.version >= 13) {
                tr.setTopicId(t.topicId());
            } else {
                tr.setTopic(t.topic());
            }
            for (FetchRequest.FetchPartition p : t.partitions()) {
                int copies = (int) Math.max(1, Math.min(p.partitionMaxBytes(), remaining) / batch.length);
                remaining = Math.max(0, remaining - (long) copies * batch.length);
                ByteBuf records = Unpooled.buffer(copies * batch.length);
                long offset = p.fetchOffset();
                for (int i = 0; i < copies; i++) {
                    int at = records.writerIndex();
                    records.writeBytes(batch);
                    records.setLong(at, offset);
                    offset += recordsPerBatch;
                }
                tr.partitions().add(new FetchResponse.PartitionData().setPartitionIndex(p.partition())
                        .setHighWatermark(offset).setLastStableOffset(offset).setLogStartOffset(0)
                        .setRecords(records));
            }
            response.responses().add(tr);
        }
        ctx.respond(response);
    }

    @Override
    FetchResponse errorResponse(RequestContext ctx, FetchRequest request, ErrorCode error) {
        return new FetchResponse().setErrorCode(error.code());
    }
}
