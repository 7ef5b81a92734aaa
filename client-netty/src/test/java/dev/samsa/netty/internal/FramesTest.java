package dev.samsa.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ProtocolException;
import dev.samsa.internal.protocol.message.FetchResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static final short VERSION = 12;

    /** A Fetch v12 response frame after its correlation id: two partitions of 100 record bytes each. */
    private static ByteBuf fetchFrame() {
        FetchResponse.FetchableTopicResponse topic = new FetchResponse.FetchableTopicResponse().setTopic("t");
        for (int p = 0; p < 2; p++) {
            topic.partitions().add(new FetchResponse.PartitionData().setPartitionIndex(p)
                    .setRecords(Unpooled.wrappedBuffer(new byte[100])));
        }
        FetchResponse response = new FetchResponse().setResponses(new ArrayList<>(List.of(topic)));
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(0); // response header v1: no tagged fields
        response.write(frame, VERSION);
        return frame;
    }

    @Test
    void aFetchResponseHoldsOneSliceOfItsFramePerPartitionsRecords() {
        ByteBuf frame = fetchFrame();
        FetchResponse response = (FetchResponse) Frames.readResponse(ApiKey.FETCH, VERSION, frame);
        assertThat(frame.refCnt()).isEqualTo(3);
        for (FetchResponse.PartitionData p : response.responses().get(0).partitions()) {
            assertThat(p.records().readableBytes()).isEqualTo(100);
            p.records().release();
        }
        assertThat(frame.release()).isTrue();
    }

    @Test
    void aFetchResponseThatFailsAfterOnePartitionsRecordsReleasesThem() {
        ByteBuf frame = fetchFrame();
        frame.writerIndex(frame.writerIndex() - 50); // cut inside the second partition's records
        assertThatThrownBy(() -> Frames.readResponse(ApiKey.FETCH, VERSION, frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("records");
        // Only the caller's reference is left: the first partition's slice, read before the failure, was freed.
        assertThat(frame.refCnt()).isEqualTo(1);
        assertThat(frame.release()).isTrue();

        // The thread's tracking ended with the failed read: a later read keeps its slices.
        ByteBuf next = fetchFrame();
        FetchResponse response = (FetchResponse) Frames.readResponse(ApiKey.FETCH, VERSION, next);
        assertThat(next.refCnt()).isEqualTo(3);
        response.responses().get(0).partitions().forEach(p -> p.records().release());
        assertThat(next.release()).isTrue();
    }
}
