package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.IsolationLevel;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.errors.RecordTooLargeException;
import dev.samsa.internal.protocol.LeakWrappers;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How one buffered response ends: complete batches, then possibly part of one (a response cut at its size limit),
 * only part of one (a batch larger than the limit), or a bad header.
 */
class CompletedFetchTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 17, 30})
    void completeBatchesAreReadAndATrailingPartialOneIsLeftForTheNextFetch(int partial) {
        ByteBuf records = Unpooled.buffer();
        records.writeBytes(batch(0, 3));
        records.writeBytes(batch(3, 2));
        ByteBuf third = batch(5, 2);
        records.writeBytes(third, 0, partial);
        CompletedFetch cf = completedFetch(records, 1);

        assertThat(cf.prefetchOffset()).isEqualTo(5);
        FetchedRecords out = new FetchedRecords(true);
        assertThat(cf.drain(3, out)).isEqualTo(3);
        assertThat(cf.isDrained()).isFalse();
        assertThat(cf.drain(10, out)).isEqualTo(1);
        assertThat(out.records).extracting(r -> r == null ? null : r.offset()).startsWith(1L, 2L, 3L, 4L, null);
        assertThat(cf.nextFetchOffset()).isEqualTo(5);
        assertThat(cf.isDrained()).isTrue();
        assertThat(cf.isReleased()).isTrue();
        assertThat(records.refCnt()).isZero();
    }

    @Test
    void aResponseHoldingOnlyPartOfOneBatchFailsNamingItsSize() {
        ByteBuf records = Unpooled.buffer();
        records.writeBytes(batch(7, 3), 0, 40);
        CompletedFetch cf = completedFetch(records, 7);

        assertThat(cf.prefetchOffset()).isEqualTo(-1);
        assertThatThrownBy(() -> cf.drain(10, new FetchedRecords(false)))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("t-0")
                .hasMessageContaining("offset 7").hasMessageContaining("40 bytes");
        assertThat(cf.failed()).isTrue();
        assertThat(cf.nextFetchOffset()).isEqualTo(7);
        cf.release();
    }

    @Test
    void aBadBatchHeaderFailsAfterTheBatchesBeforeIt() {
        ByteBuf records = Unpooled.buffer();
        records.writeBytes(batch(0, 2));
        ByteBuf bad = batch(2, 2);
        bad.setInt(8, 20); // length below the header size
        records.writeBytes(bad);
        CompletedFetch cf = completedFetch(records, 0);

        assertThat(cf.prefetchOffset()).isEqualTo(-1);
        FetchedRecords out = new FetchedRecords(false);
        assertThat(cf.drain(10, out)).isEqualTo(2);
        assertThat(cf.nextFetchOffset()).isEqualTo(2);
        assertThatThrownBy(() -> cf.drain(10, out)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("t-0").hasMessageContaining("offset 2");
        cf.release();
    }

    @Test
    void aLeakDetectorsSamplingWrapperIsReadThroughAndReleasedWhole() throws Exception {
        // Netty's SIMPLE-level wrapper (package-private) around a response's records, with a tracker that records
        // what the wrapper reports: the records read are those of the plain buffer, and the release that ends the
        // drain goes through the wrapper, so the leak detector sees it.
        LeakWrappers.RecordingTracker tracker = new LeakWrappers.RecordingTracker();
        ByteBuf inner = Unpooled.buffer();
        inner.writeBytes(batch(0, 3));
        inner.writeBytes(batch(3, 2));
        inner.writeBytes(batch(5, 2), 0, 30);
        ByteBuf records = LeakWrappers.simple(inner, tracker);
        CompletedFetch cf = completedFetch(records, 1);

        assertThat(cf.prefetchOffset()).isEqualTo(5);
        FetchedRecords out = new FetchedRecords(true);
        assertThat(cf.drain(10, out)).isEqualTo(4);
        assertThat(out.records).extracting(r -> r == null ? null : r.offset()).startsWith(1L, 2L, 3L, 4L, null);
        assertThat(cf.nextFetchOffset()).isEqualTo(5);
        assertThat(cf.isReleased()).isTrue();
        assertThat(tracker.reported).containsExactly("close");
        assertThat(inner.refCnt()).isZero();
    }

    private static CompletedFetch completedFetch(ByteBuf records, long fetchOffset) {
        return new CompletedFetch(TP, new FetchResponse.PartitionData().setPartitionIndex(0).setHighWatermark(100),
                records, fetchOffset, true, IsolationLevel.READ_UNCOMMITTED, new CompletedFetch.ReaderPool());
    }

    private static ByteBuf batch(long baseOffset, int count) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, CompressionType.NONE,
                256)) {
            b.baseOffset(baseOffset).partitionLeaderEpoch(1);
            for (int i = 0; i < count; i++) {
                b.append(1000 + i, null, ("v" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuf built = b.build();
            ByteBuf copy = Unpooled.copiedBuffer(built);
            built.release();
            return copy;
        }
    }
}
