package dev.samsa.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.List;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class BatchBuffersTest {
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    private long used() {
        return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
    }

    @Test
    void aGivenBackBufferIsTakenAgainCleared() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 2);
        ByteBuf a = buffers.take();
        assertThat(a.capacity()).isEqualTo(1024);
        a.writeBytes(new byte[100]);
        buffers.recycle(a);
        assertThat(buffers.freeCount()).isOne();
        ByteBuf again = buffers.take();
        assertThat(again).isSameAs(a);
        assertThat(again.readableBytes()).isZero();
        assertThat(again.refCnt()).isOne();
        buffers.recycle(again);
        buffers.close();
        assertThat(buffers.freeCount()).isZero();
        assertThat(used()).isZero();
    }

    @Test
    void sharedGrownOrSurplusBuffersAreReleased() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1);
        ByteBuf shared = buffers.take().retain();
        buffers.recycle(shared); // someone else still holds it: only our reference goes
        assertThat(buffers.freeCount()).isZero();
        assertThat(shared.refCnt()).isOne();
        shared.release();

        ByteBuf grown = buffers.take();
        grown.writeBytes(new byte[2000]);
        buffers.recycle(grown);
        assertThat(grown.refCnt()).isZero();
        assertThat(buffers.freeCount()).isZero();

        ByteBuf a = buffers.take();
        ByteBuf b = buffers.take();
        buffers.recycle(a);
        buffers.recycle(b); // beyond maxFree
        assertThat(buffers.freeCount()).isOne();
        assertThat(b.refCnt()).isZero();

        buffers.close();
        ByteBuf late = alloc.directBuffer(1024);
        buffers.recycle(late); // after close: released at once
        assertThat(late.refCnt()).isZero();
        assertThat(used()).isZero();
    }

    @Test
    void stagesAreReusedUnlessGrownOrSurplus() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1);
        ByteBuf a = buffers.takeStage();
        assertThat(a.capacity()).isEqualTo(1024);
        assertThat(a.hasArray()).isTrue();
        ByteBuf b = buffers.takeStage();
        assertThat(b).isNotSameAs(a);
        buffers.recycleStage(a);
        buffers.recycleStage(b); // beyond maxFree: dropped
        assertThat(buffers.takeStage()).isSameAs(a);
        a.writeBytes(new byte[2000]); // grown: dropped
        buffers.recycleStage(a);
        assertThat(buffers.takeStage()).isNotSameAs(a);
        buffers.close();
        assertThat(used()).as("stages are plain heap buffers, never from the allocator").isZero();

        BatchBuffers more = new BatchBuffers(alloc, 1024, 1, 3); // one free batch buffer, three free stages
        ByteBuf[] stages = {more.takeStage(), more.takeStage(), more.takeStage(), more.takeStage()};
        for (ByteBuf stage : stages) {
            more.recycleStage(stage);
        }
        // By identity: buffers' equals compares their readable bytes, and every cleared stage has none.
        assertThat(List.of(more.takeStage(), more.takeStage(), more.takeStage()))
                .usingElementComparator((x, y) -> x == y ? 0 : 1)
                .containsExactlyInAnyOrder(stages[0], stages[1], stages[2]);
        more.close();
    }
}
