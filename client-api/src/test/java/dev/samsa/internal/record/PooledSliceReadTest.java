package dev.samsa.internal.record;

import dev.samsa.common.Header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batches as they arrive from the network: a retained slice, at an offset, of a pooled direct frame. (Netty's
 * duplicate() of a pooled slice indexes the root buffer, which once broke uncompressed iteration.)
 */
class PooledSliceReadTest {
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void readsRecordsFromARetainedSliceAtAnOffsetOfAPooledDirectFrame(CompressionType compression) {
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            frame.writeBytes(new byte[37]); // a response header and fields before the records
            for (int b = 0; b < 2; b++) {
                try (RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT, compression,
                        256)) {
                    builder.baseOffset(b * 3);
                    for (int i = 0; i < 3; i++) {
                        builder.append(1_000L + i, bytes("k" + b + i), bytes("v" + b + i),
                                new Header[] {new Header("h", bytes("x" + i))});
                    }
                    ByteBuf batch = builder.build();
                    frame.writeBytes(batch);
                    batch.release();
                }
            }
            frame.skipBytes(37);
            ByteBuf records = frame.readRetainedSlice(frame.readableBytes());

            List<String> seen = new ArrayList<>();
            for (RecordBatch batch : RecordBatches.iterable(records)) {
                batch.ensureValid();
                try (RecordIterator it = batch.iterator()) {
                    while (it.hasNext()) {
                        Record r = it.next();
                        seen.add(r.offset() + ":" + new String(r.keyBytes(), StandardCharsets.UTF_8) + "="
                                + new String(r.valueBytes(), StandardCharsets.UTF_8) + "@" + r.timestamp());
                    }
                }
            }
            records.release();

            assertThat(seen).containsExactly("0:k00=v00@1000", "1:k01=v01@1001", "2:k02=v02@1002",
                    "3:k10=v10@1000", "4:k11=v11@1001", "5:k12=v12@1002");
        } finally {
            frame.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
