package dev.samsa.internal.producer;

import dev.samsa.internal.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

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
 * uncompressed records and gives it back once they are compressed. Buffers of {@code batch.size} and larger ones are
 * kept apart, so that a compressed batch finds a large one even when the last buffer given back was an lz4 batch's
 * uncompressed records.
 *
 * <p>When no free buffer fits, new ones are allocated in steps: 1, 1, 2, 4, ... buffers at a time, at most
 * {@code maxIdleBytes / batch.size / 32} (at least 1); all but one go to the free list, and only as many as fit in
 * the memory no batch has reserved ({@code buffer.memory} less the reservations) and within {@code maxIdleBytes}.
 * So the producer never holds more batch buffers than {@code buffer.memory} allows, as with one at a time, but
 * allocates a few dozen times instead of once per buffer.
 *
 * <p>Only buffers of at least {@code batch.size} capacity that nobody else references are kept, as long as the free
 * ones add up to at most {@code maxIdleBytes} (the producer keeps up to {@code buffer.memory}); {@link #close}
 * releases them. Thread-safe.
 */
final class BatchBuffers implements RecordBatchBuilder.Buffers {
    private final ByteBufAllocator alloc;
    private final int batchSize;
    private final long maxIdleBytes;
    /** Bytes of {@code buffer.memory} no batch has reserved: spare buffers stay within them. */
    private final LongSupplier unreservedBytes;
    /** The most buffers one allocation step makes. */
    private final int maxStep;
    /** Free buffers of {@code batch.size} bytes. Guards every mutable field. */
    private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
    /** Free buffers larger than {@code batch.size} (compressed batches'). */
    private final ArrayDeque<ByteBuf> large = new ArrayDeque<>();
    /** The summed capacity of the free buffers, in bytes. */
    private long idleBytes;
    /** Allocation steps made so far, of {@code batch.size} buffers and of larger ones. */
    private int steps;
    private int largeSteps;
    private boolean closed;
    /** New buffers for compressed batches are a multiple of this many bytes. */
    static final int ROUNDING = 4096;

    /**
     * @param batchSize       the smallest capacity of the buffers kept, in bytes ({@code batch.size})
     * @param maxIdleBytes    how many bytes the free buffers may hold at most, in bytes
     * @param unreservedBytes the bytes of {@code buffer.memory} no batch has reserved, read when allocating
     */
    BatchBuffers(ByteBufAllocator alloc, int batchSize, long maxIdleBytes, LongSupplier unreservedBytes) {
        this.alloc = alloc;
        this.batchSize = batchSize;
        this.maxIdleBytes = maxIdleBytes;
        this.unreservedBytes = unreservedBytes;
        this.maxStep = (int) Math.max(1, Math.min(1 << 20, maxIdleBytes / Math.max(1, batchSize) / 32));
    }

    /** An exclusively owned, cleared buffer of {@code batch.size} bytes or more: a free one, else a new one. */
    ByteBuf take() {
        return take(batchSize);
    }

    /**
     * An exclusively owned, cleared buffer of at least {@code minCapacity} bytes: the last one given back if it is
     * large enough (one of {@code batch.size} for up to that many bytes, else a larger one), else a new one of at least
     * {@code batch.size} bytes (more rounded up to a multiple of {@value #ROUNDING}); a free buffer too small for it
     * is released.
     */
    @Override
    public ByteBuf take(int minCapacity) {
        ByteBuf buf;
        synchronized (free) {
            buf = minCapacity <= batchSize ? free.pollLast() : null;
            if (buf == null) {
                buf = large.pollLast();
            }
            if (buf != null) {
                idleBytes -= buf.capacity();
            }
        }
        if (buf != null && buf.capacity() >= minCapacity) {
            return buf.clear();
        }
        // Out of line and rare (a few dozen steps per producer): C2 then keeps a call here instead of inlining
        // Netty's whole pooled allocation into every caller (the new-batch path, a compressed batch's build), as it
        // did while one buffer was allocated per empty take (a third of the takes while buffer.memory first filled).
        return allocate(buf, minCapacity);
    }

    /** A new buffer for {@link #take}, with spare ones of its capacity for the free list; releases {@code tooSmall}. */
    private ByteBuf allocate(ByteBuf tooSmall, int minCapacity) {
        if (tooSmall != null) {
            tooSmall.release();
        }
        boolean plain = minCapacity <= batchSize;
        int capacity = plain ? batchSize
                : (int) Math.min(Integer.MAX_VALUE - 8, ((long) minCapacity + ROUNDING - 1) / ROUNDING * ROUNDING);
        long unreserved = unreservedBytes.getAsLong(); // outside our lock: the pool has its own
        int spares;
        synchronized (free) {
            int made = plain ? steps++ : largeSteps++;
            long room = Math.min(unreserved, maxIdleBytes) - idleBytes;
            long step = made < 2 ? 1 : Math.min(maxStep, 1L << Math.min(made - 1, 30));
            spares = closed || room < capacity ? 0 : (int) Math.min(room / capacity, step - 1);
        }
        ByteBuf buf = alloc.buffer(capacity);
        if (spares > 0) {
            ArrayDeque<ByteBuf> extra = new ArrayDeque<>(spares);
            for (int i = 0; i < spares; i++) {
                extra.add(alloc.buffer(capacity));
            }
            ByteBuf spare;
            synchronized (free) {
                ArrayDeque<ByteBuf> list = plain ? free : large;
                while (!closed && idleBytes + capacity <= maxIdleBytes && (spare = extra.poll()) != null) {
                    list.addFirst(spare); // under the buffers given back, which are warmer
                    idleBytes += capacity;
                }
            }
            while ((spare = extra.poll()) != null) {
                spare.release();
            }
        }
        return buf;
    }

    /** Gives back a buffer the caller owned: kept if it is reusable and there is room, else released. */
    @Override
    public void recycle(ByteBuf buf) {
        int capacity = buf.capacity();
        if (capacity >= batchSize && buf.refCnt() == 1) {
            synchronized (free) {
                if (!closed && idleBytes + capacity <= maxIdleBytes) {
                    (capacity == batchSize ? free : large).addLast(buf);
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
            while ((buf = large.pollFirst()) != null) {
                buf.release();
            }
            idleBytes = 0;
        }
    }

    /** For tests: free buffers kept. */
    int freeCount() {
        synchronized (free) {
            return free.size() + large.size();
        }
    }

    /** For tests: the summed capacity of the free buffers. */
    long idleBytes() {
        synchronized (free) {
            return idleBytes;
        }
    }
}
