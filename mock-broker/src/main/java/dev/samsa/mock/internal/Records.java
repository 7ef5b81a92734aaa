package dev.samsa.mock.internal;

import dev.samsa.internal.protocol.ApiMessage;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;

/** Releases the {@code records} buffers a message holds: the one ownership rule both transports share. */
public final class Records {
    private Records() {
    }

    /** Releases every records buffer of a FetchResponse or ProduceRequest; other messages hold none. */
    public static void release(ApiMessage message) {
        if (message instanceof FetchResponse fetch) {
            for (FetchResponse.FetchableTopicResponse topic : fetch.responses()) {
                for (FetchResponse.PartitionData p : topic.partitions()) {
                    ByteBuf records = p.records();
                    if (records != null && records.refCnt() > 0) {
                        records.release();
                    }
                    p.setRecords(null);
                }
            }
        } else if (message instanceof ProduceRequest produce) {
            for (ProduceRequest.TopicProduceData topic : produce.topicData()) {
                for (ProduceRequest.PartitionProduceData p : topic.partitionData()) {
                    ByteBuf records = p.records();
                    if (records != null && records.refCnt() > 0) {
                        records.release();
                    }
                }
            }
        }
    }
}
