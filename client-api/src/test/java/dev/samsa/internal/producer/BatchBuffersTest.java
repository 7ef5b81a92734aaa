package dev.samsa.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchBuffersTest {
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    private long used() {
        return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
    }

    @Test
    void aGivenBackBufferIsTakenAgainCleared() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 2048, () -> Long.MAX_VALUE);
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
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1024, () -> Long.MAX_VALUE);
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
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 64 * 1024, () -> Long.MAX_VALUE);
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

    @Test
    void buffersAreAllocatedInGrowingStepsWhenNoneIsFreeAndTheSpareOnesAreTakenFirst() {
        // 1 MiB / 1 KiB / 32: at most 32 buffers per step
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1024 * 1024, () -> Long.MAX_VALUE);
        List<ByteBuf> taken = new ArrayList<>();
        List<Integer> freeAfterEachTake = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            ByteBuf buf = buffers.take();
            assertThat(buf.capacity()).isEqualTo(1024);
            assertThat(buf.refCnt()).isOne();
            assertThat(taken).noneMatch(t -> t == buf);
            taken.add(buf);
            freeAfterEachTake.add(buffers.freeCount());
        }
        // steps of 1, 1, 2, 4, 8, 16, 32, 32, 32, 32: each leaves one less spare than it made
        assertThat(freeAfterEachTake.subList(0, 17)).containsExactly(0, 0, 1, 0, 3, 2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0,
                15);
        assertThat(freeAfterEachTake.get(63)).isZero();
        assertThat(freeAfterEachTake.get(64)).as("step capped at 32").isEqualTo(31);
        assertThat(freeAfterEachTake.get(95)).isZero();
        assertThat(freeAfterEachTake.get(96)).isEqualTo(31);
        assertThat(used()).as("never more buffers than taken plus the free ones")
                .isEqualTo(1024L * (taken.size() + buffers.freeCount()));
        assertThat(buffers.idleBytes()).isEqualTo(1024L * buffers.freeCount());

        for (ByteBuf buf : taken) {
            buffers.recycle(buf);
        }
        int free = buffers.freeCount();
        assertThat(free).isEqualTo(taken.size() + freeAfterEachTake.get(139));
        ByteBuf again = buffers.take();
        assertThat(again).as("the last one given back").isSameAs(taken.get(taken.size() - 1));
        assertThat(buffers.freeCount()).as("no allocation while one is free").isEqualTo(free - 1);
        buffers.recycle(again);
        buffers.close();
        assertThat(buffers.freeCount()).isZero();
        assertThat(used()).as("free and spare buffers released on close").isZero();
    }

    @Test
    void spareBuffersStayWithinTheUnreservedMemoryAndTheIdleBound() {
        AtomicLong unreserved = new AtomicLong(2 * 1024);
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1024 * 1024, unreserved::get);
        List<ByteBuf> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(buffers.take()); // steps 1, 1, 2 (1 spare), then 4: 3 spares wanted
        }
        assertThat(buffers.freeCount()).as("3 spares wanted, room for 2").isEqualTo(2);
        assertThat(used()).isEqualTo(1024L * 7);

        unreserved.set(0); // every byte reserved by batches: the next step makes no spare
        for (int i = 0; i < 3; i++) {
            taken.add(buffers.take());
        }
        assertThat(buffers.freeCount()).isZero();
        assertThat(used()).isEqualTo(1024L * taken.size());
        taken.forEach(ByteBuf::release);

        BatchBuffers bounded = new BatchBuffers(alloc, 1024, 64 * 1024, () -> Long.MAX_VALUE); // 2 per step at most
        List<ByteBuf> more = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            more.add(bounded.take());
        }
        assertThat(used()).as("steps 1, 1, 2, 2, 2, 2: no spare left over").isEqualTo(1024L * 10);
        assertThat(bounded.freeCount()).isZero();
        more.forEach(ByteBuf::release);

        bounded.close();
        assertThat(used()).isZero();
    }

    @Test
    void largeTakesGetLargeBuffersInStepsAndTheirOwnFreeList() {
        BatchBuffers buffers = new BatchBuffers(alloc, 1024, 1024 * 1024, () -> Long.MAX_VALUE);
        List<ByteBuf> outputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            outputs.add(buffers.take(5000)); // steps 1, 1, 2 of rounded buffers
        }
        assertThat(outputs).extracting(ByteBuf::capacity).containsOnly(2 * BatchBuffers.ROUNDING);
        assertThat(buffers.freeCount()).isOne();
        assertThat(buffers.idleBytes()).isEqualTo(2 * BatchBuffers.ROUNDING);

        ByteBuf records = buffers.take(1024);
        assertThat(records.capacity()).as("a larger free one serves a batch.size take").isEqualTo(2 * BatchBuffers.ROUNDING);
        ByteBuf plain = buffers.take(1024);
        assertThat(plain.capacity()).as("none free: a new one of batch.size").isEqualTo(1024);

        // an lz4 batch gives its records buffer back after its compressed one was taken: the next compressed batch
        // still finds a large one under it
        buffers.recycle(outputs.get(0));
        buffers.recycle(plain);
        ByteBuf output = buffers.take(6000);
        assertThat(output).isSameAs(outputs.get(0));
        assertThat(plain.refCnt()).as("kept for a batch.size take").isOne();
        assertThat(buffers.take()).isSameAs(plain);

        plain.release();
        output.release();
        records.release();
        outputs.get(1).release();
        outputs.get(2).release();
        buffers.close();
        assertThat(used()).isZero();
    }
}
