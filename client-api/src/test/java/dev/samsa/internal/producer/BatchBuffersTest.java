package dev.samsa.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
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
}
