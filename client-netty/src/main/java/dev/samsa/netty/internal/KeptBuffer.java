package dev.samsa.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One buffer a connection keeps and hands out again once whoever it was handed to released it: the channel's receive
 * buffer ({@link FrameDecoder#receiveBuffer}) and a Produce request's fields ({@link RequestFrame}). Each hand-out
 * used to be a pooled allocation on the event loop, and Netty's pooled allocator, called for every request and
 * response, was compiled by C2 mid-run, its thread cache's trim branch deoptimising what had inlined it (JIT logs).
 *
 * <p>The keeper holds one reference of its own; the buffer is free again when that is the only one left
 * ({@code refCnt() == 1}: the channel wrote and released it, or the pipeline released it and every slice of it,
 * on whatever thread). While it is still held {@link #take} answers null and the caller allocates as before. The
 * buffer is retained and released through the reference its allocator returned (possibly Netty's sampling leak
 * wrapper). Event loop only, but for the reference count, which other threads drop.
 */
final class KeptBuffer {
    private ByteBuf kept;
    /** The allocator {@link #kept} came from. */
    private ByteBufAllocator keptAlloc;

    /**
     * The kept buffer, cleared, with one more reference (the caller's, released as any buffer's), if it is free and
     * has at least {@code capacity} bytes of {@code alloc}; a new one of {@code capacity} bytes, kept from now on, if
     * there is none or the free one is too small or of another allocator; or null while the kept one is still held.
     */
    ByteBuf take(ByteBufAllocator alloc, int capacity) {
        ByteBuf b = kept;
        if (b != null) {
            if (b.refCnt() != 1) {
                return null; // still held downstream (or by a slice of it)
            }
            if (b.capacity() >= capacity && keptAlloc == alloc) {
                return b.retain().clear();
            }
            kept = null;
            keptAlloc = null;
            b.release();
        }
        b = alloc.ioBuffer(capacity);
        kept = b;
        keptAlloc = alloc;
        return b.retain();
    }

    /** True if {@code buf} is the kept buffer. */
    boolean holds(ByteBuf buf) {
        return buf == kept && buf != null;
    }

    /** Drops the keeper's reference: the buffer is freed now, or once whoever holds it releases it. */
    void release() {
        ByteBuf b = kept;
        if (b != null) {
            kept = null;
            keptAlloc = null;
            b.release();
        }
    }
}
