package dev.samsa.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;

/** Splitting a {@code records} field into batches, with and without a trailing partial batch. */
class RecordBatchesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    /** Three batches (none, lz4, zstd) with consecutive offsets, concatenated. */
    private static ByteBuf threeBatches(List<BatchSpec> specs) {
        ByteBuf all = Unpooled.buffer();
        long offset = 100;
        CompressionType[] types = {CompressionType.NONE, CompressionType.LZ4, CompressionType.ZSTD};
        for (int i = 0; i < 3; i++) {
            BatchSpec random = BatchSpec.random(i + 11, types[i]);
            BatchSpec spec = new BatchSpec(random.compression(), random.level(), offset, random.partitionLeaderEpoch(),
                    random.producerId(), random.producerEpoch(), random.baseSequence(), random.transactional(),
                    random.timestampType(), random.logAppendTime(), random.records());
            specs.add(spec);
            ByteBuf batch = spec.buildOurs(ALLOC, new Random(i));
            all.writeBytes(batch);
            batch.release();
            offset += spec.records().size();
        }
        return all;
    }

    @Test
    void splitsCompleteBatchesAndStopsAtATrailingPartialOne() {
        List<BatchSpec> specs = new ArrayList<>();
        ByteBuf all = threeBatches(specs);
        int complete = all.readableBytes();
        ByteBuf fourth = specs.get(0).buildOurs(ALLOC, new Random(4));
        all.writeBytes(fourth);
        fourth.release();
        // Every cut inside the fourth batch leaves it out; cutting at its end brings it in.
        for (int cut = complete; cut < all.writerIndex(); cut += cut - complete < 70 ? 1 : 97) {
            ByteBuf field = all.slice(0, cut);
            RecordBatches batches = RecordBatches.of(field);
            List<RecordBatch> seen = new ArrayList<>();
            batches.forEachRemaining(seen::add);
            assertThat(seen).as("cut at %d", cut).hasSize(3);
            assertThat(batches.position()).isEqualTo(complete);
            assertThat(batches.partialBytes()).isEqualTo(cut - complete);
            for (int i = 0; i < 3; i++) {
                assertThat(seen.get(i).baseOffset()).isEqualTo(specs.get(i).baseOffset());
                if (cut == complete) {
                    specs.get(i).assertOursReads(seen.get(i).buffer());
                }
            }
            assertThatThrownBy(batches::next).isInstanceOf(NoSuchElementException.class);
        }
        List<RecordBatch> allFour = new ArrayList<>();
        RecordBatches.iterable(all).forEach(allFour::add);
        assertThat(allFour).hasSize(4);
        assertThat(all.readerIndex()).isZero();
    }

    @Test
    void officialClientReadsOurConcatenatedBatchesAndWeReadItsPartialFetch() {
        List<BatchSpec> specs = new ArrayList<>();
        ByteBuf all = threeBatches(specs);
        ByteBuffer nio = BatchSpec.toNio(all);
        List<MutableRecordBatch> kafkaBatches = new ArrayList<>();
        MemoryRecords.readableRecords(nio.duplicate()).batches().forEach(kafkaBatches::add);
        assertThat(kafkaBatches).hasSize(3);
        for (int i = 0; i < 3; i++) {
            kafkaBatches.get(i).ensureValid();
            assertThat(kafkaBatches.get(i).baseOffset()).isEqualTo(specs.get(i).baseOffset());
        }
        // A partial batch at the end: the official client ignores it too.
        ByteBuffer partial = nio.duplicate();
        partial.limit(partial.limit() - 10);
        List<MutableRecordBatch> kafkaPartial = new ArrayList<>();
        MemoryRecords.readableRecords(partial).batches().forEach(kafkaPartial::add);
        List<RecordBatch> ours = new ArrayList<>();
        RecordBatches.iterable(Unpooled.wrappedBuffer(partial)).forEach(ours::add);
        assertThat(ours).hasSameSizeAs(kafkaPartial).hasSize(2);
    }

    @Test
    void emptyAndTinyFieldsHoldNoBatch() {
        // Below 17 bytes not even the magic byte is there: a partial batch, not an error.
        for (int size = 0; size < RecordBatch.HEADER_SIZE_UP_TO_MAGIC; size++) {
            RecordBatches batches = RecordBatches.of(Unpooled.wrappedBuffer(new byte[size]));
            assertThat(batches.hasNext()).isFalse();
            assertThat(batches.partialBytes()).isEqualTo(size);
        }
    }

    @Test
    void aBadLengthAfterGoodBatchesFailsWhenReached() {
        List<BatchSpec> specs = new ArrayList<>();
        ByteBuf all = threeBatches(specs);
        int second = RecordBatch.wrap(all).sizeInBytes();
        all.setInt(second + RecordBatch.LENGTH_OFFSET, 10);
        RecordBatches batches = RecordBatches.of(all);
        assertThat(batches.next().baseOffset()).isEqualTo(100);
        assertThatThrownBy(batches::hasNext).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("base offset " + specs.get(1).baseOffset())
                .hasMessageContaining("length 10 is below the minimum 49");
    }

    @Test
    void aLegacyMagicBatchIsATypedError() {
        List<BatchSpec> specs = new ArrayList<>();
        ByteBuf all = threeBatches(specs);
        all.setByte(RecordBatch.MAGIC_OFFSET, 1);
        assertThatThrownBy(() -> RecordBatches.of(all).next()).isInstanceOf(UnsupportedMagicException.class)
                .hasMessageContaining("magic 1");
        // A legacy message set's minimum size is below v2's: still reported as the magic, not the length.
        all.setInt(RecordBatch.LENGTH_OFFSET, 14);
        assertThatThrownBy(() -> RecordBatches.of(all).hasNext()).isInstanceOf(UnsupportedMagicException.class);
    }
}
