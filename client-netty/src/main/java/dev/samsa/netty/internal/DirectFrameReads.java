package dev.samsa.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The channel's receive buffer allocator, wrapped so that a socket read goes straight into the frame a
 * {@link FrameDecoder} is filling when at least a whole receive buffer of that frame is still missing
 * ({@link FrameDecoder#directReadTarget}): a 1 MiB Fetch response then costs no copy out of receive buffers and no
 * pooled receive buffer per read, only for the read that brought its size prefix. Everything else (buffer size
 * guesses, how many reads per event) is the wrapped allocator's. One per channel; its handles run on the channel's
 * event loop only.
 */
final class DirectFrameReads implements RecvByteBufAllocator {
    private final RecvByteBufAllocator allocator;
    private final FrameDecoder decoder;

    /**
     * @param allocator the channel's own allocator, which sizes every other read; its handles must be
     *     {@link ExtendedHandle}s, as Netty's are
     * @param decoder the channel's frame decoder, the first handler of its pipeline
     */
    DirectFrameReads(RecvByteBufAllocator allocator, FrameDecoder decoder) {
        this.allocator = allocator;
        this.decoder = decoder;
    }

    @Override
    public Handle newHandle() {
        return new FrameHandle((ExtendedHandle) allocator.newHandle(), decoder);
    }

    private static final class FrameHandle extends DelegatingHandle implements ExtendedHandle {
        private final FrameDecoder decoder;

        FrameHandle(ExtendedHandle handle, FrameDecoder decoder) {
            super(handle);
            this.decoder = decoder;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf frame = decoder.directReadTarget(guess());
            if (frame != null) {
                return frame;
            }
            ByteBuf kept = decoder.receiveBuffer(alloc, guess());
            return kept != null ? kept : delegate().allocate(alloc);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return ((ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
        }
    }
}
