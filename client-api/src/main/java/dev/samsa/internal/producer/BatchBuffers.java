package dev.samsa.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * A free list of {@code batch.size} buffers for uncompressed batches: a completed batch's buffer goes back here
 * and the next new batch takes it, instead of one pooled allocation and one free per batch. The application thread
 * allocates and the sender's thread frees, so the allocator's thread-local caches never served these buffers: every
 * batch went to the shared arena (about 5% of the sending thread's CPU, async-profiler), and chunks emptied and
 * refilled as the buffer drained (page faults). Kafka's own {@code BufferPool} keeps such a free list too.
 *
 * <p>Only buffers of exactly {@code batch.size} capacity that nobody else references are kept, at most
 * {@code maxFree} of them (so at most {@code maxFree * batch.size} bytes sit idle, within what
 * {@code buffer.memory} accounts for: a batch holds its reservation until its buffer comes back). Thread-safe.
 */
final class BatchBuffers {
    private final ByteBufAllocator alloc;
    private final int batchSize;
    private final int maxFree;
    private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param batchSize the capacity of the buffers kept, in bytes ({@code batch.size})
     * @param maxFree   how many free buffers to keep at most
     */
    BatchBuffers(ByteBufAllocator alloc, int batchSize, int maxFree) {
        this.alloc = alloc;
        this.batchSize = batchSize;
        this.maxFree = maxFree;
    }

    /** An exclusively owned, cleared buffer of {@code batch.size} bytes: a free one, else a new one. */
    ByteBuf take() {
        ByteBuf buf;
        synchronized (free) {
            buf = free.pollLast();
        }
        return buf != null ? buf.clear() : alloc.buffer(batchSize);
    }

    /** Gives back a buffer the caller owned: kept if it is reusable and there is room, else released. */
    void recycle(ByteBuf buf) {
        if (buf.capacity() == batchSize && buf.refCnt() == 1) {
            synchronized (free) {
                if (!closed && free.size() < maxFree) {
                    free.addLast(buf);
                    return;
                }
            }
        }
        buf.release();
    }

    /** Releases the free buffers; later buffers given back are released at once. Idempotent. */
    void close() {
        synchronized (free) {
            closed = true;
            ByteBuf buf;
            while ((buf = free.pollFirst()) != null) {
                buf.release();
            }
        }
    }

    /** For tests: free buffers kept. */
    int freeCount() {
        synchronized (free) {
            return free.size();
        }
    }
}
