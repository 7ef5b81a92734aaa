package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CompletedFetch.ReaderPool}'s record arrays: a Fetch response's records are copied out of the transport's
 * buffer (which is released at once) into a pooled heap array, and the array is reused once given back.
 */
class ReaderPoolTest {
    private final CompletedFetch.ReaderPool pool = new CompletedFetch.ReaderPool();

    @Test
    void copiesTheReadableBytesIntoAHeapBufferAndReleasesTheSource() {
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer();
        frame.writeBytes(new byte[] {9, 9, 1, 2, 3, 4, 5, 9});
        ByteBuf records = frame.retainedSlice(2, 5);
        frame.release();

        ByteBuf copy = pool.heapCopy(records);

        assertThat(records.refCnt()).isZero();
        assertThat(frame.refCnt()).isZero();
        assertThat(copy.hasArray()).isTrue();
        assertThat(copy.readerIndex()).isZero();
        assertThat(copy.readableBytes()).isEqualTo(5);
        byte[] bytes = new byte[5];
        copy.getBytes(0, bytes);
        assertThat(bytes).containsExactly(1, 2, 3, 4, 5);
        assertThat(copy.array().length).isEqualTo(4096); // the smallest array the pool makes
    }

    @Test
    void reusesAGivenBackArrayForRecordsThatFitAndAllocatesAPowerOfTwoForLargerOnes() {
        ByteBuf first = pool.heapCopy(direct(100_000));
        byte[] array = first.array();
        assertThat(array.length).isEqualTo(131_072);
        first.release();
        pool.recycle(array);

        ByteBuf second = pool.heapCopy(direct(131_072));
        assertThat(second.array()).isSameAs(array);
        assertThat(second.readableBytes()).isEqualTo(131_072);

        ByteBuf third = pool.heapCopy(direct(70_000)); // the only free array is in use: a new one
        assertThat(third.array()).isNotSameAs(array).hasSize(131_072);

        pool.recycle(second.array());
        ByteBuf larger = pool.heapCopy(direct(131_073)); // too small to reuse: dropped, a larger one made
        assertThat(larger.array()).hasSize(262_144);
        pool.recycle(larger.array());
        assertThat(pool.heapCopy(direct(10)).array()).isSameAs(larger.array());
    }

    @Test
    void keepsAtMostEightFreeArrays() {
        List<byte[]> arrays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            arrays.add(pool.heapCopy(direct(10)).array());
        }
        arrays.forEach(pool::recycle);

        List<byte[]> reused = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] a = pool.heapCopy(direct(10)).array();
            if (arrays.stream().anyMatch(x -> x == a)) {
                reused.add(a);
            }
        }
        assertThat(reused).hasSize(8);
    }

    private static ByteBuf direct(int length) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        buf.writeZero(length);
        return buf;
    }
}
