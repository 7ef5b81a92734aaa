package dev.samsa.internal.protocol;

import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FetchSnapshotResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ShareFetchResponse;
import io.netty.buffer.ByteBuf;

/**
 * Releases the {@code records} buffers a message holds: the one ownership rule both transports share. A decoded
 * Fetch, ShareFetch or FetchSnapshot response keeps retained slices of its frame ({@link ByteBufs#readRecords}), and a
 * Produce request its batches; whoever drops such a message undelivered (a closed consumer, a future its sender
 * cancelled, a broker that refuses a request) releases them here, or the frame stays allocated. Thread-safe: a message
 * is released by the one thread that owns it.
 */
public final class Records {
    private Records() {
    }

    /**
     * Releases every records buffer of {@code message} still referenced and clears the field where the message is a
     * response, so a second call releases nothing twice; messages without records fields, and null, are ignored.
     */
    public static void release(ApiMessage message) {
        if (message instanceof FetchResponse fetch) {
            for (FetchResponse.FetchableTopicResponse topic : fetch.responses()) {
                for (FetchResponse.PartitionData p : topic.partitions()) {
                    releaseQuietly(p.records());
                    p.setRecords(null);
                }
            }
        } else if (message instanceof ProduceRequest produce) {
            for (ProduceRequest.TopicProduceData topic : produce.topicData()) {
                for (ProduceRequest.PartitionProduceData p : topic.partitionData()) {
                    releaseQuietly(p.records());
                }
            }
        } else if (message instanceof ShareFetchResponse share) {
            for (ShareFetchResponse.ShareFetchableTopicResponse topic : share.responses()) {
                for (ShareFetchResponse.PartitionData p : topic.partitions()) {
                    releaseQuietly(p.records());
                    p.setRecords(null);
                }
            }
        } else if (message instanceof FetchSnapshotResponse snapshot) {
            for (FetchSnapshotResponse.TopicSnapshot topic : snapshot.topics()) {
                for (FetchSnapshotResponse.PartitionSnapshot p : topic.partitions()) {
                    releaseQuietly(p.unalignedRecords());
                    p.setUnalignedRecords(null);
                }
            }
        }
    }

    /** Releases {@code records} if it is a buffer still referenced; null is ignored. */
    public static void releaseQuietly(ByteBuf records) {
        if (records != null && records.refCnt() > 0) {
            records.release();
        }
    }
}
