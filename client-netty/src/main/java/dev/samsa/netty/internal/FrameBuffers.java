package dev.samsa.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.SizeClassesMetric;

/**
 * The large frame buffers one connection keeps for its next frames (its {@link FrameDecoder}'s): Fetch responses.
 *
 * <p>Why: a Fetch response of a few MiB fills much of a chunk of Netty's pooled allocator (4 MiB by default), and a
 * consumer holds several responses at a time (each until its last partition's records are read). Whenever the
 * responses in a chunk were all released, the pool destroyed that chunk, and a later response needed a new one: a
 * direct allocation, zeroed, its pages faulted in, then freed again: a 4M-record consumer run (3 partitions) created
 * 10-20 chunks, up to 49, with this class 5-7 (the first kept buffers). A kept buffer is reused instead once the only
 * reference left to it is this keeper's own ({@code refCnt() == 1}: the frame and every slice of its last use
 * released, on whatever thread).
 *
 * <p>Each kept buffer is allocated at the pool's own size class for the frame that made it, and each frame's
 * capacity is set to exactly its size ({@link ByteBuf#capacity(int)}: the decoder and the channel's direct reads fill
 * a frame up to its capacity). A pooled buffer changes its capacity in place anywhere above half its allocated size,
 * so a frame reuses a free kept buffer whose allocated size is at least its own and less than twice it. Only
 * buffers no larger than the pool's chunk size are kept (larger ones are not pooled, and every capacity change would
 * reallocate them); frames under {@link #MIN_BYTES} share chunks with the connection's other buffers; with an
 * allocator that is not Netty's pooled one nothing is kept.
 *
 * <p>Bounded: at most {@link #KEEP} buffers and {@link #MAX_KEPT_BYTES} in all, and a free buffer that no frame took
 * in the last {@link #IDLE_FRAMES} frames is released (a consumer that has caught up gets small responses only). A
 * frame that finds no free kept buffer of its size takes an empty slot, else replaces the free kept buffer unused
 * longest, within the bound, else is allocated as any other. Event loop only, but for the reference counts, which
 * other threads drop.
 */
final class FrameBuffers {
    /** Frames smaller than this are allocated as they come. */
    static final int MIN_BYTES = 256 << 10;
    /** How many buffers a connection keeps at most: a consumer holds up to about six responses of one connection. */
    static final int KEEP = 8;
    /** How many bytes of buffers a connection keeps at most. */
    static final long MAX_KEPT_BYTES = 16 << 20;
    /** A free kept buffer unused for this many frames (of any size) is released. */
    static final int IDLE_FRAMES = 64;

    private final ByteBuf[] kept = new ByteBuf[KEEP];
    /** The frame count at each kept buffer's last use. */
    private final long[] lastUse = new long[KEEP];
    /** The pool's size classes; null if the allocator is not pooled (nothing is kept). */
    private final SizeClassesMetric sizes;
    /** The largest buffer kept: the pool's chunk size, at most {@link #MAX_KEPT_BYTES}. */
    private final int maxBytes;
    private long keptBytes;
    /** Frames started so far. */
    private long frames;

    FrameBuffers(ByteBufAllocator alloc) {
        if (alloc instanceof PooledByteBufAllocator pooled && pooled.isDirectBufferPooled()
                && !pooled.metric().directArenas().isEmpty()) {
            sizes = pooled.metric().directArenas().get(0);
            maxBytes = (int) Math.min(pooled.metric().chunkSize(), MAX_KEPT_BYTES);
        } else {
            sizes = null;
            maxBytes = 0;
        }
    }

    /**
     * A buffer for the next frame, of {@code size} bytes: a kept one, empty, of capacity exactly {@code size}, with
     * two references (the caller's, released as any frame's, and this keeper's); or null for a frame the caller
     * allocates itself. Called for every frame, so that kept buffers left unused are released.
     */
    ByteBuf next(ByteBufAllocator alloc, int size) {
        long now = ++frames;
        int empty = -1;
        int stale = -1;
        ByteBuf fit = null;
        int fitSlot = -1;
        for (int i = 0; i < kept.length; i++) {
            ByteBuf b = kept[i];
            if (b == null) {
                empty = empty < 0 ? i : empty;
            } else if (b.refCnt() == 1) { // only this keeper's reference is left: free
                int allocated = b.maxCapacity();
                if (fit == null && size <= allocated && size > allocated >>> 1 && size >= MIN_BYTES) {
                    fit = b;
                    fitSlot = i;
                } else if (now - lastUse[i] > IDLE_FRAMES) {
                    drop(i);
                    empty = empty < 0 ? i : empty;
                } else if (stale < 0 || lastUse[i] < lastUse[stale]) {
                    stale = i;
                }
            }
        }
        if (fit != null) {
            lastUse[fitSlot] = now;
            return use(fit, size);
        }
        if (size < MIN_BYTES || size > maxBytes) {
            return null;
        }
        int allocated = sizes.normalizeSize(size);
        int slot = empty;
        if (slot < 0 || keptBytes + allocated > MAX_KEPT_BYTES) {
            if (stale < 0 || keptBytes - kept[stale].maxCapacity() + allocated > MAX_KEPT_BYTES) {
                return null; // the kept buffers are in use, or the bound is reached
            }
            drop(stale);
            slot = stale;
        }
        ByteBuf b = alloc.ioBuffer(allocated, allocated);
        kept[slot] = b;
        lastUse[slot] = now;
        keptBytes += allocated;
        return use(b, size);
    }

    private static ByteBuf use(ByteBuf b, int size) {
        b.retain().clear();
        return b.capacity(size); // in place: more than half the allocated size (see next)
    }

    private void drop(int slot) {
        keptBytes -= kept[slot].maxCapacity();
        kept[slot].release();
        kept[slot] = null;
    }

    /** Drops this keeper's reference to every kept buffer: each is freed once its frame and slices are released. */
    void release() {
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] != null) {
                drop(i);
            }
        }
    }
}
