package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.errors.InterruptException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.time.Time;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BufferPool} on the system clock, where a blocked {@code allocate} bounds its own wait (a timed condition wait)
 * instead of scheduling a timeout task; {@link BufferMemoryTest} covers the task-based wait on ManualTime through the
 * producer.
 */
class BufferPoolTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aBlockedAllocationProceedsWhenMemoryIsFreed() throws Exception {
        BufferPool pool = new BufferPool(1000, Time.SYSTEM);
        pool.allocate(600, 0);
        Future<?> blocked = threads.submit(() -> pool.allocate(600, Long.MAX_VALUE));
        awaitCondition(() -> pool.queued() == 1, "1 waiting");
        assertThat(blocked).isNotDone();
        pool.deallocate(600);
        blocked.get();
        assertThat(pool.availableMemory()).isEqualTo(400);
        assertThat(pool.queued()).isZero();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        BufferPool pool = new BufferPool(1000, Time.SYSTEM);
        pool.allocate(1000, 0);
        Future<?> first = threads.submit(() -> pool.allocate(800, 60_000));
        awaitCondition(() -> pool.queued() == 1, "1 waiting");
        Future<?> second = threads.submit(() -> pool.allocate(100, 60_000));
        awaitCondition(() -> pool.queued() == 2, "2 waiting");
        pool.deallocate(500); // enough for the second, not for the first: the second still waits its turn
        assertThat(pool.queued()).isEqualTo(2);
        assertThat(pool.availableMemory()).isEqualTo(500);
        pool.deallocate(500);
        first.get();
        second.get();
        assertThat(pool.availableMemory()).isEqualTo(100);
    }

    @Test
    void aBlockedAllocationFailsAfterMaxBlockMsNamingTheBuffer() {
        BufferPool pool = new BufferPool(1000, Time.SYSTEM);
        pool.allocate(1000, 0);
        assertThatThrownBy(() -> pool.allocate(10, 20)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Failed to allocate 10 bytes within max.block.ms (20 ms)")
                .hasMessageContaining("buffer.memory 1000 bytes, 0 free");
        assertThat(pool.queued()).as("the waiter is gone").isZero();
        pool.deallocate(1000);
        pool.allocate(1000, 0);
    }

    @Test
    void aTimedOutWaiterLetsTheNextOneProceed() throws Exception {
        BufferPool pool = new BufferPool(1000, Time.SYSTEM);
        pool.allocate(900, 0);
        CompletableFuture<Throwable> big = new CompletableFuture<>();
        threads.submit(() -> {
            try {
                pool.allocate(500, 200);
                big.complete(null);
            } catch (RuntimeException e) {
                big.complete(e);
            }
        });
        awaitCondition(() -> pool.queued() == 1, "1 waiting");
        // Fits now, but waits behind the first waiter until that one gives up.
        Future<?> small = threads.submit(() -> pool.allocate(100, Long.MAX_VALUE));
        assertThat(big.get()).isInstanceOf(TimeoutException.class);
        small.get();
        assertThat(pool.availableMemory()).isZero();
    }

    @Test
    void anInterruptedWaitThrowsInterruptException() throws Exception {
        BufferPool pool = new BufferPool(1000, Time.SYSTEM);
        pool.allocate(1000, 0);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                pool.allocate(1, Long.MAX_VALUE);
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        waiter.start();
        awaitCondition(() -> pool.queued() == 1, "1 waiting");
        waiter.interrupt();
        assertThat(outcome.get()).isInstanceOf(InterruptException.class)
                .hasMessageContaining("Interrupted while waiting for 1 bytes of buffer.memory");
        assertThat(pool.queued()).isZero();
    }
}
