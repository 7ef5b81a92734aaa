package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteBufsTest {
    @Test
    void onlyTheSimpleLeakWrapperIsSeenThrough() {
        ByteBuf inner = Unpooled.buffer(16).writeInt(42);
        ByteBuf sampled = LeakWrappers.simple(inner, new LeakWrappers.RecordingTracker());
        ByteBuf recording = LeakWrappers.advanced(inner, new LeakWrappers.RecordingTracker());
        ByteBuf slice = inner.slice(); // a wrapper too (unwrap() is not null), with its own indexes

        assertThat(ByteBufs.withoutSamplingLeakWrapper(sampled)).isSameAs(inner);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(inner)).isSameAs(inner);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(recording)).isSameAs(recording);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(slice)).isSameAs(slice);
        inner.release();
    }

    /** A Produce v9 request body: two partitions of 100 record bytes each. */
    private static ByteBuf produceBody() {
        List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            partitions.add(new ProduceRequest.PartitionProduceData().setIndex(p)
                    .setRecords(Unpooled.wrappedBuffer(new byte[100])));
        }
        ProduceRequest request = new ProduceRequest().setAcks((short) 1).setTimeoutMs(1000).setTopicData(
                new ArrayList<>(List.of(new ProduceRequest.TopicProduceData().setName("t").setPartitionData(partitions))));
        ByteBuf body = Unpooled.buffer();
        request.write(body, (short) 9);
        return body;
    }

    @Test
    void aProduceRequestCutShortAfterOnePartitionsRecordsFreesThem() {
        ByteBuf body = produceBody();
        body.writerIndex(body.writerIndex() - 50); // inside the second partition's records
        assertThatThrownBy(() -> ByteBufs.readRequestFreeingRecordsOnFailure(ApiKey.PRODUCE, body, (short) 9))
                .isInstanceOf(ProtocolException.class);
        assertThat(body.refCnt()).isEqualTo(1); // the first partition's slice was released

        ByteBuf whole = produceBody();
        ProduceRequest read = (ProduceRequest) ByteBufs.readRequestFreeingRecordsOnFailure(ApiKey.PRODUCE, whole,
                (short) 9);
        assertThat(whole.refCnt()).isEqualTo(3); // a successful read keeps its two slices
        read.topicData().get(0).partitionData().forEach(p -> p.records().release());
        assertThat(whole.release()).isTrue();
        assertThat(body.release()).isTrue();
    }

    /**
     * A response read from a buffer in the sampling leak wrapper: one without records is read past it (it keeps
     * nothing of the buffer), and the buffer is still released through the wrapper; one with records takes its slices
     * through the wrapper, so that they are tracked with it and the last release, the slice's, reports the buffer freed.
     */
    @Test
    void responsesAreReadPastTheSamplingLeakWrapperUnlessTheyKeepRecordSlices() {
        ProduceResponse produce = new ProduceResponse().setResponses(new ArrayList<>(List.of(
                new ProduceResponse.TopicProduceResponse().setName("t").setPartitionResponses(new ArrayList<>(List.of(
                        new ProduceResponse.PartitionProduceResponse().setIndex(2).setBaseOffset(77)))))));
        ByteBuf produceBytes = Unpooled.directBuffer();
        produce.write(produceBytes, (short) 11);
        LeakWrappers.RecordingTracker produceTracker = new LeakWrappers.RecordingTracker();
        ByteBuf produceFrame = LeakWrappers.simple(produceBytes, produceTracker);
        ProduceResponse read = (ProduceResponse) ByteBufs.readResponseFreeingRecordsOnFailure(ApiKey.PRODUCE,
                produceFrame, (short) 11);
        assertThat(read).isEqualTo(produce);
        assertThat(produceFrame.isReadable()).isFalse(); // the wrapper shares the indexes it was read past
        assertThat(produceFrame.release()).isTrue();
        assertThat(produceTracker.reported).containsExactly("close");

        FetchResponse fetch = new FetchResponse().setResponses(new ArrayList<>(List.of(
                new FetchResponse.FetchableTopicResponse().setTopic("t").setPartitions(new ArrayList<>(List.of(
                        new FetchResponse.PartitionData().setPartitionIndex(0)
                                .setRecords(Unpooled.wrappedBuffer(new byte[61]))))))));
        ByteBuf fetchBytes = Unpooled.directBuffer();
        fetch.write(fetchBytes, (short) 12);
        LeakWrappers.RecordingTracker fetchTracker = new LeakWrappers.RecordingTracker();
        ByteBuf fetchFrame = LeakWrappers.simple(fetchBytes, fetchTracker);
        FetchResponse fetched = (FetchResponse) ByteBufs.readResponseFreeingRecordsOnFailure(ApiKey.FETCH,
                fetchFrame, (short) 12);
        ByteBuf records = fetched.responses().get(0).partitions().get(0).records();
        assertThat(records.readableBytes()).isEqualTo(61);
        assertThat(fetchFrame.release()).isFalse(); // the slice holds it
        assertThat(fetchTracker.reported).isEmpty();
        assertThat(records.release()).isTrue();
        assertThat(fetchTracker.reported).containsExactly("close");
        assertThat(fetchBytes.refCnt()).isZero();
    }
}
