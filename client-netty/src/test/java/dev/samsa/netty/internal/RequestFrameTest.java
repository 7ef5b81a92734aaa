package dev.samsa.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestFrameTest {
    @Test
    void splicesRecordsByReferenceAndEncodesTheSameBytesAsACopy() {
        Random random = new Random(42);
        List<ByteBuf> batches = new ArrayList<>();
        ProduceRequest request = new ProduceRequest().setAcks((short) -1).setTimeoutMs(30_000);
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>();
        for (String topic : List.of("orders", "payments")) {
            List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                byte[] bytes = new byte[100 + random.nextInt(5000)];
                random.nextBytes(bytes);
                ByteBuf batch = Unpooled.wrappedBuffer(bytes);
                batches.add(batch);
                partitions.add(new ProduceRequest.PartitionProduceData().setIndex(p).setRecords(batch));
            }
            topics.add(new ProduceRequest.TopicProduceData().setName(topic).setPartitionData(partitions));
        }
        request.setTopicData(topics);

        for (short version = ApiKey.PRODUCE.lowestVersion(); version <= ApiKey.PRODUCE.highestVersion(); version++) {
            int size = request.size(version);
            ByteBuf copy = Unpooled.buffer(size);
            request.write(copy, version);
            RequestFrame frame = new RequestFrame(PooledByteBufAllocator.DEFAULT, size,
                    RequestFrame.recordsBytes(request));
            request.write(frame, version);

            assertThat(frame.readableBytes()).isEqualTo(size);
            assertThat(ByteBufUtil.equals(frame, copy)).as("v%d", version).isTrue();
            // Each batch is its own component: spliced, not copied.
            assertThat(frame.numComponents()).isGreaterThanOrEqualTo(batches.size());
            // A gathering write sees one NIO buffer per component, over the whole frame or any part of it (a write
            // that sent part of the frame resumes mid-component).
            assertThat(frame.nioBuffers()).hasSize(frame.numComponents());
            for (int[] range : new int[][] {{0, size}, {1, size - 1}, {size / 3, size / 3}, {size - 7, 7}, {5, 0}}) {
                ByteBuffer[] nio = frame.nioBuffers(range[0], range[1]);
                assertThat(concat(nio)).as("v%d [%d, +%d)", version, range[0], range[1])
                        .isEqualTo(ByteBufUtil.getBytes(copy, range[0], range[1]));
            }
            frame.readerIndex(size / 2);
            assertThat(concat(frame.nioBuffers())).isEqualTo(ByteBufUtil.getBytes(copy, size / 2, size - size / 2));
            frame.readerIndex(0);
            assertThat(batches).allMatch(b -> b.refCnt() == 2);

            frame.release();
            assertThat(batches).allMatch(b -> b.refCnt() == 1);
            assertThat(batches).allMatch(b -> b.readerIndex() == 0); // the sender's buffers are left as they were
        }
    }

    private static byte[] concat(ByteBuffer[] buffers) {
        int total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        byte[] bytes = new byte[total];
        int at = 0;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            b.duplicate().get(bytes, at, n);
            at += n;
        }
        return bytes;
    }
}
