package dev.samsa.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link BatchHeader} reads every field as {@link RecordBatch} does, including negative and large values. */
class BatchHeaderTest {
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyFieldMatchesTheBatchView(CompressionType compression) {
        for (int variant = 0; variant < 4; variant++) {
            try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, compression, 256)) {
                b.baseOffset(variant == 0 ? 0 : 0x1234_5678_9AL + variant)
                        .partitionLeaderEpoch(variant == 1 ? -1 : 0x7ABC_DEF0 + variant);
                if (variant >= 2) {
                    b.producerState(variant == 2 ? 0x8000_0000_0000_0001L : 42, (short) 3, 7).transactional(true);
                }
                if (variant == 3) {
                    b.logAppendTime(0xFEDC_BA98_7654L);
                }
                for (int i = 0; i < 3 + variant; i++) {
                    b.append(0x0102_0304_0506L + i * 300, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
                }
                ByteBuf built = b.build();
                try {
                    RecordBatch batch = RecordBatch.wrap(built);
                    BatchHeader h = new BatchHeader();
                    h.read(batch);
                    assertThat(h.baseOffset()).isEqualTo(batch.baseOffset());
                    assertThat(h.lastOffset()).isEqualTo(batch.lastOffset());
                    assertThat(h.nextOffset()).isEqualTo(batch.nextOffset());
                    assertThat(h.partitionLeaderEpoch()).isEqualTo(batch.partitionLeaderEpoch());
                    assertThat(h.compressionType(batch)).isEqualTo(batch.compressionType()).isEqualTo(compression);
                    assertThat(h.timestampType()).isEqualTo(batch.timestampType());
                    assertThat(h.isTransactional()).isEqualTo(batch.isTransactional()).isEqualTo(variant >= 2);
                    assertThat(h.isControl()).isEqualTo(batch.isControl()).isFalse();
                    assertThat(h.baseTimestamp()).isEqualTo(batch.baseTimestamp());
                    assertThat(h.maxTimestamp()).isEqualTo(batch.maxTimestamp());
                    assertThat(h.producerId()).isEqualTo(batch.producerId());
                    assertThat(h.recordCount()).isEqualTo(batch.recordCount()).isEqualTo(3 + variant);
                } finally {
                    built.release();
                }
            }
        }
    }
}
