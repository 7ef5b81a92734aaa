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
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 2048);
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
    void sharedSmallOrSurplusBuffersAreReleased() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1024);
        ByteBuf shared = buffers.take().retain();
        buffers.recycle(shared); // someone else still holds it: only our reference goes
        assertThat(buffers.freeCount()).isZero();
        assertThat(shared.refCnt()).isOne();
        shared.release();

        ByteBuf grown = buffers.take();
        grown.writeBytes(new byte[2000]);
        buffers.recycle(grown); // more bytes than the free list may hold
        assertThat(grown.refCnt()).isZero();
        assertThat(buffers.freeCount()).isZero();

        ByteBuf small = alloc.directBuffer(512);
        buffers.recycle(small); // smaller than batch.size
        assertThat(small.refCnt()).isZero();
        assertThat(buffers.freeCount()).isZero();

        ByteBuf a = buffers.take();
        ByteBuf b = buffers.take();
        buffers.recycle(a);
        buffers.recycle(b); // beyond the bytes the free list may hold
        assertThat(buffers.freeCount()).isOne();
        assertThat(b.refCnt()).isZero();

        buffers.close();
        ByteBuf late = alloc.directBuffer(1024);
        buffers.recycle(late); // after close: released at once
        assertThat(late.refCnt()).isZero();
        assertThat(used()).isZero();
    }

    @Test
    void aLargerBufferIsTakenWhenTheLastOneGivenBackIsLargeEnoughElseANewRoundedOne() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 64 * 1024);
        ByteBuf first = buffers.take(5000); // a compressed batch's bound: rounded up
        assertThat(first.capacity()).isEqualTo(2 * BatchBuffers.ROUNDING);
        first.writeBytes(new byte[3000]);
        buffers.recycle(first);
        ByteBuf again = buffers.take(6000);
        assertThat(again).as("large enough").isSameAs(first);
        assertThat(again.readableBytes()).isZero();
        buffers.recycle(again);

        ByteBuf larger = buffers.take(9000);
        assertThat(larger).isNotSameAs(first);
        assertThat(first.refCnt()).as("too small for the batch: released").isZero();
        assertThat(larger.capacity()).isEqualTo(3 * BatchBuffers.ROUNDING);
        assertThat(buffers.freeCount()).isZero();
        buffers.recycle(larger);

        ByteBuf plain = buffers.take();
        assertThat(plain).as("any buffer of batch.size or more serves an uncompressed batch").isSameAs(larger);
        plain.release();
        ByteBuf fresh = buffers.take();
        assertThat(fresh.capacity()).as("a new one: exactly batch.size").isEqualTo(1024);
        fresh.release();
        buffers.close();
        assertThat(used()).isZero();
    }
}
