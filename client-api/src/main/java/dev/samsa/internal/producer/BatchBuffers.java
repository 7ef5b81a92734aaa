package dev.samsa.internal.producer;

import dev.samsa.internal.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * A free list of batch buffers: a completed batch's buffer goes back here and the next new batch takes it, instead
 * of one pooled allocation and one free per batch. The application thread allocates and the sender's thread frees,
 * so the allocator's thread-local caches never served these buffers: every batch went to the shared arena (about 5%
 * of the sending thread's CPU, async-profiler), and chunks emptied and refilled as the buffer drained (page faults).
 * Kafka's own {@code BufferPool} keeps such a free list too.
 *
 * <p>An uncompressed batch takes a buffer of {@code batch.size} and writes its records into it. A compressed batch
 * takes one at build time for its compressed records, of at least the size the codec may need (which depends on
 * the uncompressed bytes, so varies a little from batch to batch: new buffers are rounded up to a multiple of
 * {@value #ROUNDING} bytes, so that a recycled one usually fits the next batch); an lz4 batch also takes one for its
 * uncompressed records and gives it back once they are compressed.
 *
 * <p>Only buffers of at least {@code batch.size} capacity that nobody else references are kept, as long as the free
 * ones add up to at most {@code maxIdleBytes} (the producer keeps up to {@code buffer.memory}). Thread-safe.
 */
final class BatchBuffers implements RecordBatchBuilder.Buffers {
    private final ByteBufAllocator alloc;
    private final int batchSize;
    private final long maxIdleBytes;
    private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
    /** The summed capacity of the free buffers, in bytes. */
    private long idleBytes;
    private boolean closed;
    /** New buffers for compressed batches are a multiple of this many bytes. */
    static final int ROUNDING = 4096;

    /**
     * @param batchSize    the smallest capacity of the buffers kept, in bytes ({@code batch.size})
     * @param maxIdleBytes how many bytes the free buffers may hold at most, in bytes
     */
    BatchBuffers(ByteBufAllocator alloc, int batchSize, long maxIdleBytes) {
        this.alloc = alloc;
        this.batchSize = batchSize;
        this.maxIdleBytes = maxIdleBytes;
    }

    /** An exclusively owned, cleared buffer of {@code batch.size} bytes or more: a free one, else a new one. */
    ByteBuf take() {
        return take(batchSize);
    }

    /**
     * An exclusively owned, cleared buffer of at least {@code minCapacity} bytes: the last one given back if it is
     * large enough, else a new one of at least {@code batch.size} bytes (more rounded up to a multiple of
     * {@value #ROUNDING}); a free buffer too small for it is released.
     */
    @Override
    public ByteBuf take(int minCapacity) {
        ByteBuf buf;
        synchronized (free) {
            buf = free.pollLast();
            if (buf != null) {
                idleBytes -= buf.capacity();
            }
        }
        if (buf != null) {
            if (buf.capacity() >= minCapacity) {
                return buf.clear();
            }
            buf.release();
        }
        if (minCapacity <= batchSize) {
            return alloc.buffer(batchSize);
        }
        return alloc.buffer((int) Math.min(Integer.MAX_VALUE - 8, ((long) minCapacity + ROUNDING - 1) / ROUNDING
                * ROUNDING));
    }

    /** Gives back a buffer the caller owned: kept if it is reusable and there is room, else released. */
    @Override
    public void recycle(ByteBuf buf) {
        int capacity = buf.capacity();
        if (capacity >= batchSize && buf.refCnt() == 1) {
            synchronized (free) {
                if (!closed && idleBytes + capacity <= maxIdleBytes) {
                    free.addLast(buf);
                    idleBytes += capacity;
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
            idleBytes = 0;
        }
    }

    /** For tests: free buffers kept. */
    int freeCount() {
        synchronized (free) {
            return free.size();
        }
    }
}
