package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.message.ProduceRequest;
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
}
