package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ByteBufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Kafka framing: a 4-byte big-endian size prefix, then that many bytes; passes each frame on without its prefix, as
 * one contiguous buffer allocated at its exact size once the prefix is read, into which the socket reads are copied
 * as they arrive (the official client does the same with its {@code NetworkReceive}). A frame's bytes are those
 * between its reader and writer index.
 *
 * <p>A frame of less than {@link FrameBuffers#MIN_BYTES} that is exactly the rest of a socket read (a response that
 * arrived alone, or last in its read) is passed on as that read's buffer itself, its reader index at the frame's
 * start: no copy and no allocation. Only while this decoder is the pipeline's first handler, and only if the buffer
 * is not much larger than the frame (at most {@link #PASSED_SLACK_BYTES} or the frame's own size beyond it): the
 * frame keeps the whole buffer allocated, and a small Fetch response whose records a consumer buffers would else keep
 * a receive buffer of up to 64 KiB (Netty's adaptive sizing) for each response. With
 * {@link DirectFrameReads} the channel's receive buffer is one this decoder keeps and hands out again once nothing
 * holds it any more ({@link #receiveBuffer}), so that a connection's steady request/response traffic allocates
 * nothing from the pool (Netty's pooled allocator, called per response, was compiled by C2 mid-run and its thread
 * cache's trim deoptimised its callers: JIT logs); while a frame passed on still holds it, reads get new receive
 * buffers as before.
 *
 * <p>Why not Netty's {@code LengthFieldBasedFrameDecoder}: with the default cumulator a 1 MiB Fetch response that
 * arrives in many socket reads is merged into one growing buffer (a copy of every byte plus the copies of each
 * doubling); with the composite cumulator the frame, and every record slice the consumer keeps of it, is a view over a
 * composite buffer, slower per access, while frames that arrived in one read are plain slices. Downstream decoders then
 * see two buffer types, and the JIT compiles the hot record-reading code for both. Here every frame is the same type
 * (a pooled buffer of the channel's allocator) and every byte is copied once.
 *
 * <p>Large frames skip the copy: once a frame's size prefix is read and more of it is missing than the channel's next
 * receive buffer would hold, {@link DirectFrameReads} has the channel read the socket straight into the frame's
 * remaining space ({@link #directReadTarget}), which then comes back to {@link #channelRead} as the read's message.
 * Only while this decoder is the pipeline's first handler (no TLS before it): whatever sits in front of it must see
 * the bytes first.
 *
 * <p>Reads and writes go to the pooled buffers themselves, past Netty's sampling leak wrapper (one buffer in 128
 * carries one by default: {@link ByteBufs#withoutSamplingLeakWrapper}); each buffer is still released, and passed on,
 * through the reference the allocator returned. With the wrapper seen in the type profile, C2 compiled every buffer
 * call of this read path for both classes (JIT logs).
 *
 * <p>Frames of a few hundred KiB and more (Fetch responses) go into buffers the connection keeps and reuses once
 * everything of their last frame is released ({@link FrameBuffers}), instead of fresh pooled buffers that empty, and
 * so destroy, a pool chunk each time the consumer is done with them. A kept frame carries the keeper's reference too.
 *
 * <p>A size above {@code maxFrameBytes} fails with a {@link TooLongFrameException}, a negative one with a
 * {@link CorruptedFrameException}, both before anything is allocated; the bytes after a failure are dropped (the
 * connection is then closed by its owner). Not sharable: one per channel, used on its event loop only.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** How many bytes beyond a frame its read's buffer may have and still be passed on as the frame, at least. */
    static final int PASSED_SLACK_BYTES = 4 << 10;

    private final int maxFrameBytes;
    /** The frame being filled, or null between frames: released and passed on through this reference. */
    private ByteBuf frame;
    /** {@link #frame} without the sampling leak wrapper: what the bytes are written through. */
    private ByteBuf frameOut;
    /**
     * The references to {@link #frame} other than the reads' one: the decoder's, plus the keeper's for a kept buffer
     * ({@link FrameBuffers}). Nobody else sees a frame before it is complete, so a count above this is the reads'.
     */
    private int frameRefs;
    /** The connection's kept frame buffers, made at the first frame large enough for them (most connections never). */
    private FrameBuffers buffers;
    /** The size prefix, as far as read when it arrived split across reads. */
    private int prefix;
    private int prefixBytes;
    private boolean failed;
    /** Set once the channel closed or this decoder was removed: no receive buffer is kept any more. */
    private boolean closed;
    /** The channel's receive buffer, kept for its next reads ({@link #receiveBuffer}). */
    private final KeptBuffer receive = new KeptBuffer();
    /** Set while added to a pipeline. */
    private ChannelHandlerContext ctx;

    /** @param maxFrameBytes the largest frame accepted, size prefix excluded */
    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The buffer the channel's next socket read should fill instead of a receive buffer of {@code receiveBufferBytes}:
     * the frame being filled, when at least {@code receiveBufferBytes} of it are missing, so that a plain read would
     * bring nothing but this frame's bytes either; else null. The read writes at the frame's writer index, at most up to
     * the frame's end, so it never takes bytes of the next frame. Event loop only.
     *
     * <p>The read owns a second reference to the frame, as it owns a receive buffer: the channel passes it on with the
     * bytes read ({@link #channelRead}), or releases it if the read brought nothing or failed on an empty frame. The
     * decoder keeps a reference passed on for the frame's next read and drops it only once the frame is complete
     * (refCnt {@link #frameRefs} + 1 while one is held, else {@link #frameRefs}), so a frame read in many reads is
     * retained and released once, not once per read.
     */
    ByteBuf directReadTarget(int receiveBufferBytes) {
        ByteBuf out = frameOut;
        if (out == null || failed || out.writableBytes() < Math.max(1, receiveBufferBytes) || !out.isDirect()
                || !inFront()) {
            return null;
        }
        if (out.refCnt() == frameRefs) {
            out.retain(); // the reads' reference (dropped by the channel after a read that brought nothing)
        }
        return frame;
    }

    /**
     * The buffer the channel's next socket read should fill when {@link #directReadTarget} has none: the receive buffer
     * this decoder keeps ({@link KeptBuffer}), cleared, with the read's reference added, when nothing else holds it any
     * more and it has at least {@code guess} bytes; a new one of {@code guess} bytes, kept from now on, when there is
     * none or the free one is too small; or null (the caller allocates a receive buffer as usual) while it is still
     * held (passed on as a frame, see {@link #channelRead}, and not yet released with every slice of it), or while
     * this decoder is not the pipeline's first handler or is closed. Event loop only.
     */
    ByteBuf receiveBuffer(ByteBufAllocator alloc, int guess) {
        if (closed || !inFront()) {
            return null;
        }
        return receive.take(alloc, guess);
    }

    /**
     * Whether this decoder is in a pipeline and its first handler: then the reads it gets are the channel's own
     * receive buffers, which it may fill directly, keep and pass on as frames (no TLS handler before it).
     */
    private boolean inFront() {
        return ctx != null && ctx.pipeline().first() == this;
    }

    /** True if {@code buf} is the receive buffer this decoder keeps (tests). */
    boolean keeps(ByteBuf buf) {
        return receive.holds(buf);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == frame) {
            directRead(ctx);
            return;
        }
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = ByteBufs.withoutSamplingLeakWrapper(buf);
        boolean passed = false;
        try {
            while (!failed && in.isReadable()) {
                if (frame == null) {
                    int size = readSize(ctx, in);
                    if (size < 0) {
                        return; // the prefix is incomplete, or the frame size was refused
                    }
                    if (size > 0 && size == in.readableBytes() && size < FrameBuffers.MIN_BYTES
                            && in.capacity() - size <= Math.max(PASSED_SLACK_BYTES, size) && inFront()) {
                        // The rest of this read is exactly this frame: the read's buffer is the frame, no copy and no
                        // allocation (reader index at the frame's start).
                        if (buffers != null) {
                            buffers.next(ctx.alloc(), size); // counts the frame for the kept buffers' idle bound
                        }
                        passed = true;
                        ctx.fireChannelRead(buf);
                        return;
                    }
                    startFrame(ctx, size);
                }
                ByteBuf out = frameOut;
                int n = Math.min(out.writableBytes(), in.readableBytes());
                out.writeBytes(in, n);
                if (!out.isWritable()) {
                    complete(ctx, frame);
                }
            }
        } finally {
            if (!passed) {
                buf.release();
            }
        }
    }

    /**
     * A socket read went straight into {@link #frame} ({@link #directReadTarget}), which the channel passes on with
     * the reads' reference (after a failed read, possibly with nothing new in it), kept for the next read unless this
     * one completed the frame: it was writable when handed out.
     */
    private void directRead(ChannelHandlerContext ctx) {
        if (!frameOut.isWritable()) {
            complete(ctx, frame);
        }
    }

    /** Passes the complete frame {@code f} on with the decoder's reference, dropping the reads' one if held. */
    private void complete(ChannelHandlerContext ctx, ByteBuf f) {
        ByteBuf out = frameOut;
        frame = null;
        frameOut = null;
        if (out.refCnt() > frameRefs) {
            out.release(); // not the last reference: the wrapper, if any, has nothing to close
        }
        ctx.fireChannelRead(f);
    }

    /** Reads the size prefix (or what arrived of it): the frame's size, or -1 if there is no frame yet. */
    private int readSize(ChannelHandlerContext ctx, ByteBuf in) {
        int size;
        if (prefixBytes == 0 && in.readableBytes() >= 4) {
            size = in.readInt();
        } else {
            while (prefixBytes < 4 && in.isReadable()) {
                prefix = prefix << 8 | in.readUnsignedByte();
                prefixBytes++;
            }
            if (prefixBytes < 4) {
                return -1;
            }
            size = prefix;
            prefix = 0;
            prefixBytes = 0;
        }
        if (size < 0 || size > maxFrameBytes) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(size < 0
                    ? new CorruptedFrameException("negative frame size " + size)
                    : new TooLongFrameException("frame size " + size + " exceeds the maximum of " + maxFrameBytes
                            + " bytes"));
            return -1;
        }
        return size;
    }

    /** Allocates the frame of {@code size} bytes, or takes a kept one ({@link FrameBuffers}). */
    private void startFrame(ChannelHandlerContext ctx, int size) {
        ByteBuf kept = null;
        if (buffers != null || size >= FrameBuffers.MIN_BYTES) {
            if (buffers == null) {
                buffers = new FrameBuffers(ctx.alloc());
            }
            kept = buffers.next(ctx.alloc(), size);
        }
        frame = kept != null ? kept : ctx.alloc().ioBuffer(size, size);
        frameRefs = kept != null ? 2 : 1;
        frameOut = ByteBufs.withoutSamplingLeakWrapper(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discard();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        this.ctx = null;
        discard();
    }

    private void discard() {
        closed = true;
        receive.release(); // freed now, or by whoever still holds it as a frame
        if (frame != null) {
            frame.release(frame.refCnt() - frameRefs + 1); // the decoder's reference, and the reads' one if held
            frame = null;
            frameOut = null;
        }
        if (buffers != null) {
            buffers.release(); // after the frame: a kept one is freed here unless slices of its last frame remain
        }
    }
}
