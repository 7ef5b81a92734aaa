package dev.samsa.internal.producer;

import dev.samsa.internal.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * A small free list of {@code batch.size} buffers for uncompressed batches: a completed batch's buffer goes back here
 * and the next new batch takes it, instead of one pooled allocation and one free per batch. The application thread
 * allocates and the sender's thread frees, so the allocator's thread-local caches never served these buffers: every
 * batch went to the shared arena (about 5% of the sending thread's CPU, async-profiler), and chunks emptied and
 * refilled as the buffer drained (page faults). Kafka's own {@code BufferPool} keeps such a free list too.
 *
 * <p>Only buffers of exactly {@code batch.size} capacity that nobody else references are kept, at most
 * {@code maxFree} of them (so at most {@code maxFree * batch.size} bytes sit idle, within what
 * {@code buffer.memory} accounts for: a batch holds its reservation until its buffer comes back). Thread-safe.
 *
 * <p>It also keeps the heap stages that batches assemble their records in until the sender builds them
 * ({@link RecordBatchBuilder#staged}), when the batch buffer is taken: up to {@code maxFreeStages} of them, as many as
 * {@code buffer.memory} holds batches, so that a full buffer's worth of queued batches reuses its stages instead of
 * allocating new ones (Kafka's own {@code BufferPool} keeps its freed heap buffers the same way).
 */
final class BatchBuffers {
    private final ByteBufAllocator alloc;
    private final int batchSize;
    private final int maxFree;
    private final int maxFreeStages;
    private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
    /** Free stages (heap, {@code batch.size} bytes); guarded by {@link #free}. */
    private final ArrayDeque<ByteBuf> freeStages = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param batchSize the capacity of the buffers kept, in bytes ({@code batch.size})
     * @param maxFree   how many free buffers to keep at most
     */
    BatchBuffers(ByteBufAllocator alloc, int batchSize, int maxFree) {
        this(alloc, batchSize, maxFree, maxFree);
    }

    /** @param maxFreeStages how many free stages to keep at most */
    BatchBuffers(ByteBufAllocator alloc, int batchSize, int maxFree, int maxFreeStages) {
        this.alloc = alloc;
        this.batchSize = batchSize;
        this.maxFree = maxFree;
        this.maxFreeStages = maxFreeStages;
    }

    /** An exclusively owned, cleared buffer of {@code batch.size} bytes: a free one, else a new one. */
    ByteBuf take() {
        ByteBuf buf;
        synchronized (free) {
            buf = free.pollLast();
        }
        return buf != null ? buf.clear() : alloc.buffer(batchSize);
    }

    /** A stage of {@code batch.size} bytes for a new batch's records: a free one, else a new one. */
    ByteBuf takeStage() {
        ByteBuf stage;
        synchronized (free) {
            stage = freeStages.pollLast();
        }
        return stage != null ? stage : RecordBatchBuilder.newStage(batchSize);
    }

    /** Gives back a stage whose batch is built or abandoned: kept if it did not grow and there is room. */
    void recycleStage(ByteBuf stage) {
        if (stage.capacity() == batchSize) {
            synchronized (free) {
                if (!closed && freeStages.size() < maxFreeStages) {
                    freeStages.addLast(stage);
                }
            }
        }
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
            freeStages.clear();
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
