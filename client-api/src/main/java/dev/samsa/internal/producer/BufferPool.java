package dev.samsa.internal.producer;

import dev.samsa.errors.InterruptException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.time.Time;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The accounting of {@code buffer.memory}: how many bytes of record batches the producer holds, queued or in flight.
 * The bytes themselves come from Netty's pooled allocator (the record batch builder allocates them); this pool only
 * reserves and returns counts, so a producer cannot hold more than {@code buffer.memory} bytes of batches at once
 * (plus the compression estimate's error).
 *
 * <p>{@link #allocate} blocks while too little is free, up to {@code max.block.ms}, first come first served. On
 * {@link Time#SYSTEM} the wait itself is bounded (a timed condition wait); on any other clock the deadline is a task on
 * the producer's {@link Time}, not a real-time wait: on {@code ManualTime} a thread blocked here is released by another
 * thread advancing the clock past the deadline or freeing memory. A test that fills the buffer from its only thread must therefore use {@code maxBlock(0)}, or
 * advance time from a second thread.
 *
 * <p>Thread-safe.
 */
final class BufferPool {
    private final long totalMemory;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private long available;
    /**
     * {@code waiters.size()}, written under the lock and read without it by {@link #queued}: the sender reads it once
     * per pass, and taking the lock there put the lock's acquire and release paths into the compiled sender loop.
     */
    private volatile int waiting;

    BufferPool(long totalMemory, Time time) {
        this.totalMemory = totalMemory;
        this.available = totalMemory;
        this.time = time;
    }

    /** {@code buffer.memory}. */
    long totalMemory() {
        return totalMemory;
    }

    /** Bytes not reserved. */
    long availableMemory() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** Threads blocked waiting for memory. Lock-free. */
    int queued() {
        return waiting;
    }

    /**
     * Reserves {@code size} bytes, blocking up to {@code maxBlockMs} on the producer's clock.
     *
     * @throws IllegalArgumentException if {@code size} exceeds {@code buffer.memory} (callers check first)
     * @throws TimeoutException saying the buffer was full, naming the size and {@code buffer.memory}, once the
     *     deadline passes
     * @throws InterruptException if interrupted while blocked
     */
    void allocate(int size, long maxBlockMs) {
        if (size > totalMemory) {
            throw new IllegalArgumentException("Attempt to allocate " + size + " bytes, but there is a hard limit of "
                    + totalMemory + " on memory allocations (buffer.memory)");
        }
        lock.lock();
        try {
            if (waiters.isEmpty() && available >= size) {
                available -= size;
                return;
            }
            if (maxBlockMs <= 0) {
                throw full(size, maxBlockMs);
            }
            Waiter waiter = new Waiter(lock.newCondition());
            waiters.addLast(waiter);
            waiting = waiters.size();
            // With --throughput -1 or any burst, a sender waits here for nearly every new batch: on the system clock
            // a timed wait, not a timeout task scheduled on (and cancelled from) the shared timer thread per wait.
            boolean systemClock = time == Time.SYSTEM;
            long budgetNanos = TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
            long startNanos = systemClock ? time.nanoseconds() : 0;
            Time.Timeout timer = systemClock ? null : time.schedule(maxBlockMs, TimeUnit.MILLISECONDS, () -> {
                lock.lock();
                try {
                    waiter.timedOut = true;
                    waiter.condition.signal();
                } finally {
                    lock.unlock();
                }
            });
            try {
                while (!(waiters.peekFirst() == waiter && available >= size)) {
                    if (waiter.timedOut) {
                        throw full(size, maxBlockMs);
                    }
                    if (systemClock) {
                        long leftNanos = budgetNanos - (time.nanoseconds() - startNanos);
                        if (leftNanos <= 0) {
                            throw full(size, maxBlockMs);
                        }
                        waiter.condition.awaitNanos(leftNanos);
                    } else {
                        waiter.condition.await();
                    }
                }
                available -= size;
            } catch (InterruptedException e) {
                throw new InterruptException("Interrupted while waiting for " + size + " bytes of buffer.memory", e);
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
                waiters.remove(waiter);
                waiting = waiters.size();
                Waiter next = waiters.peekFirst();
                if (next != null) {
                    next.condition.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code size} bytes at once, even beyond {@code buffer.memory} (the count may go below zero for a
     * moment): for the halves of a batch being split, whose own reservation is returned right after.
     */
    void reserve(int size) {
        lock.lock();
        try {
            available -= size;
        } finally {
            lock.unlock();
        }
    }

    /** Returns {@code size} bytes reserved earlier and wakes the first waiter. */
    void deallocate(int size) {
        lock.lock();
        try {
            available += size;
            Waiter first = waiters.peekFirst();
            if (first != null) {
                first.condition.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private TimeoutException full(int size, long maxBlockMs) {
        return new TimeoutException("Failed to allocate " + size + " bytes within max.block.ms (" + maxBlockMs
                + " ms): the producer's buffer is full (buffer.memory " + totalMemory + " bytes, " + available
                + " free); records are produced faster than the brokers take them");
    }

    private static final class Waiter {
        final Condition condition;
        boolean timedOut;

        Waiter(Condition condition) {
            this.condition = condition;
        }
    }
}
