package dev.samsa.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.DisconnectException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.FetchResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ResponseFutureTest {
    private static final short VERSION = 12;

    /** A decoded Fetch response of one partition with 64 record bytes, its records a retained slice of the frame. */
    private static FetchResponse decodedFetch(ByteBuf frame) {
        FetchResponse response = new FetchResponse().setResponses(List.of(new FetchResponse.FetchableTopicResponse()
                .setTopic("t").setPartitions(List.of(new FetchResponse.PartitionData().setPartitionIndex(0)
                        .setRecords(Unpooled.wrappedBuffer(new byte[64]))))));
        frame.writeByte(0); // response header v1: no tagged fields
        response.write(frame, VERSION);
        FetchResponse read = (FetchResponse) Frames.readResponse(ApiKey.FETCH, VERSION, frame);
        frame.release(); // the pipeline's reference: the records slice is what keeps the frame now
        return read;
    }

    @Test
    void aResponseForAFutureItsSenderCancelledIsReleased() {
        ByteBuf frame = Unpooled.buffer();
        FetchResponse response = decodedFetch(frame);
        assertThat(frame.refCnt()).isEqualTo(1);
        ResponseFuture<FetchResponse> future = new ResponseFuture<>();
        future.cancel(false);

        future.onComplete(response, null);

        assertThat(frame.refCnt()).as("frame references after the dropped response").isZero();
        assertThat(response.responses().get(0).partitions().get(0).records()).isNull();
        assertThat(future.isCancelled()).isTrue();
    }

    @Test
    void aDeliveredResponseKeepsItsRecordsForItsReceiver() {
        ByteBuf frame = Unpooled.buffer();
        FetchResponse response = decodedFetch(frame);
        ResponseFuture<FetchResponse> future = new ResponseFuture<>();

        future.onComplete(response, null);

        assertThat(future.join()).isSameAs(response);
        ByteBuf records = future.join().responses().get(0).partitions().get(0).records();
        assertThat(records.readableBytes()).isEqualTo(64);
        assertThat(frame.refCnt()).isEqualTo(1);
        records.release();
        assertThat(frame.refCnt()).isZero();
    }

    @Test
    void aFailureIsTheFuturesOutcome() {
        ResponseFuture<FetchResponse> future = new ResponseFuture<>();
        DisconnectException error = new DisconnectException("gone");

        future.onComplete(null, error);

        assertThat(future).failsWithin(Duration.ZERO).withThrowableOfType(
                ExecutionException.class).havingCause().isSameAs(error);
    }
}
