package dev.samsa.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.LeakWrappers;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The connection's frame decoder copies socket reads into one buffer per frame: frames of any size (empty ones too),
 * split at any byte (the size prefix too), come out whole and byte for byte as sent, stripped of the size prefix,
 * each one contiguous buffer, with the bytes of the frame after them left for the next; the maximum frame size holds
 * and a negative size is refused. With {@link DirectFrameReads} the channel reads large frames straight into their
 * buffer, with the same results, and never while another handler sits in front of the decoder (TLS). Large frames
 * reuse the connection's kept buffers ({@link FrameBuffers}) only once everything of their last frame is released,
 * within its bounds, and those are freed when the channel closes.
 */
class FrameDecoderTest {
    /** The receive buffer size of the simulated channel: frames missing at least this much are read directly. */
    private static final int RECEIVE_BUFFER = 256;
    private static final int[] SIZES = {0, 3, 300, 1000, 257, 256, 255, 4000, 0, 1};

    private static byte[][] bodies(Random random) {
        byte[][] bodies = new byte[SIZES.length][];
        for (int i = 0; i < SIZES.length; i++) {
            bodies[i] = new byte[SIZES[i]];
            random.nextBytes(bodies[i]);
        }
        return bodies;
    }

    private static ByteBuf wire(byte[][] bodies) {
        ByteBuf wire = Unpooled.buffer();
        for (byte[] body : bodies) {
            wire.writeInt(body.length).writeBytes(body);
        }
        return wire;
    }

    /** A channel whose reads go through {@link DirectFrameReads}; with {@code inFront}, a handler before the decoder. */
    private static EmbeddedChannel directReadChannel(int maxFrameBytes, boolean inFront) {
        EmbeddedChannel channel = new EmbeddedChannel();
        FrameDecoder decoder = BrokerConnection.frameDecoder(maxFrameBytes);
        channel.config().setRecvByteBufAllocator(
                new DirectFrameReads(new FixedRecvByteBufAllocator(RECEIVE_BUFFER), decoder));
        if (inFront) {
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter()); // passes reads on, as TLS would
        }
        channel.pipeline().addLast(decoder);
        return channel;
    }

    /**
     * Plays the channel's read loop over {@code wire}, which the socket receives in segments ending at
     * {@code segmentEnds}: each read fills the buffer the allocator hands out with what the socket holds, at most the
     * buffer's writable bytes. Returns the buffers that were frames read into directly.
     */
    private static Set<ByteBuf> read(EmbeddedChannel channel, ByteBuf wire, int... segmentEnds) {
        Set<ByteBuf> direct = Collections.newSetFromMap(new IdentityHashMap<>());
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        for (int end : segmentEnds) {
            while (wire.readerIndex() < end) {
                ByteBuf buf = handle.allocate(channel.alloc());
                if (buf.refCnt() > 1 && !decoder.keeps(buf)) { // a frame, retained for the read
                    direct.add(buf);
                }
                buf.writeBytes(wire, Math.min(buf.writableBytes(), end - wire.readerIndex()));
                channel.writeInbound(buf);
            }
        }
        return direct;
    }

    private static List<byte[]> frames(EmbeddedChannel channel) {
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        List<byte[]> received = new ArrayList<>();
        for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            assertThat(frame.nioBufferCount()).isEqualTo(1);
            received.add(ByteBufUtil.getBytes(frame));
            boolean kept = decoder.keeps(frame); // the kept receive buffer, passed on as a frame
            // The one reference (empty: a shared buffer; the kept receive buffer: the decoder's is left).
            assertThat(frame.release() || frame.capacity() == 0 || kept).isTrue();
        }
        return received;
    }

    @Test
    void directReadsBringEveryFrameWholeWhereverTheSocketSplitsTheBytes() {
        byte[][] sent = bodies(new Random(7));
        ByteBuf wire = wire(sent);
        int length = wire.readableBytes();
        Set<ByteBuf> direct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int split = 1; split < length; split++) { // two socket segments, split at every byte
            EmbeddedChannel channel = directReadChannel(1 << 20, false);
            direct.addAll(read(channel, wire.readerIndex(0), split, length));
            assertThat(frames(channel)).as("split at %d", split).containsExactly(sent);
            assertThat(channel.finish()).isFalse();
        }
        assertThat(direct).as("frames read into directly").isNotEmpty();
        Random random = new Random(11);
        for (int run = 0; run < 200; run++) { // many segments of random sizes, from 1 byte up
            EmbeddedChannel channel = directReadChannel(1 << 20, false);
            int[] ends = random.ints(1 + random.nextInt(30), 1, length).sorted().toArray();
            int[] all = Arrays.copyOf(ends, ends.length + 1);
            all[ends.length] = length;
            read(channel, wire.readerIndex(0), all);
            assertThat(frames(channel)).as("run %d", run).containsExactly(sent);
            assertThat(channel.finish()).isFalse();
        }
        wire.release();
    }

    @Test
    void aFrameIsReadDirectlyOnlyWhileAWholeReceiveBufferOfItIsMissing() {
        byte[][] sent = {new byte[10_000]};
        new Random(3).nextBytes(sent[0]);
        ByteBuf wire = wire(sent);
        EmbeddedChannel channel = directReadChannel(1 << 20, false);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();

        ByteBuf first = handle.allocate(channel.alloc()); // no frame yet: a receive buffer
        assertThat(first.capacity()).isEqualTo(RECEIVE_BUFFER);
        channel.writeInbound(first.writeBytes(wire, RECEIVE_BUFFER));
        ByteBuf frame = handle.allocate(channel.alloc()); // the rest of the frame, straight into it
        assertThat(frame.capacity()).isEqualTo(10_000);
        assertThat(frame.writerIndex()).isEqualTo(RECEIVE_BUFFER - 4);
        assertThat(frame.writableBytes()).isEqualTo(10_000 - (RECEIVE_BUFFER - 4));
        channel.writeInbound(frame.writeBytes(wire, frame.writableBytes() - RECEIVE_BUFFER + 1));
        ByteBuf last = handle.allocate(channel.alloc()); // less than a receive buffer missing: a plain read
        assertThat(last.capacity()).isEqualTo(RECEIVE_BUFFER);
        channel.writeInbound(last.writeBytes(wire));

        assertThat(frames(channel)).containsExactly(sent);
        assertThat(channel.finish()).isFalse();
        wire.release();
    }

    @Test
    void withAHandlerInFrontOfTheDecoderEveryReadGoesThroughAReceiveBuffer() {
        byte[][] sent = bodies(new Random(5));
        ByteBuf wire = wire(sent);
        EmbeddedChannel channel = directReadChannel(1 << 20, true);
        Set<ByteBuf> direct = read(channel, wire, wire.writerIndex());
        assertThat(direct).isEmpty();
        assertThat(frames(channel)).containsExactly(sent);
        assertThat(channel.finish()).isFalse();
        wire.release();
    }

    @Test
    void aDirectReadThatBroughtNothingOrFailedLeavesTheFrameAsItWas() {
        byte[][] sent = {new byte[5000], new byte[700]};
        new Random(9).nextBytes(sent[0]);
        new Random(10).nextBytes(sent[1]);
        ByteBuf wire = wire(sent);
        EmbeddedChannel channel = directReadChannel(1 << 20, false);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        channel.writeInbound(handle.allocate(channel.alloc()).writeBytes(wire, 100));

        ByteBuf frame = handle.allocate(channel.alloc());
        assertThat(frame.refCnt()).isEqualTo(2);
        frame.release(); // the socket had nothing (or was at its end): Netty releases the buffer unread
        assertThat(frame.refCnt()).isOne();
        assertThat(handle.allocate(channel.alloc())).isSameAs(frame);
        assertThat(frame.refCnt()).isEqualTo(2);
        channel.writeInbound(frame); // a read that failed: Netty passes on what the buffer holds before the error
        assertThat(frame.refCnt()).isEqualTo(2); // the reads' reference, kept for the next read
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(handle.allocate(channel.alloc())).isSameAs(frame);
        assertThat(frame.refCnt()).isEqualTo(2);
        frame.release(); // nothing this time either

        read(channel, wire, wire.writerIndex());
        assertThat(frames(channel)).containsExactly(sent);
        assertThat(channel.finish()).isFalse();
        wire.release();
    }

    @Test
    void aFrameBeingReadDirectlyIsReleasedWhenTheChannelCloses() {
        ByteBuf wire = Unpooled.buffer().writeInt(5000).writeBytes(new byte[2000]);
        EmbeddedChannel channel = directReadChannel(1 << 20, false);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        channel.writeInbound(handle.allocate(channel.alloc()).writeBytes(wire, RECEIVE_BUFFER));
        ByteBuf frame = handle.allocate(channel.alloc());
        channel.writeInbound(frame.writeBytes(wire)); // part of the frame, read directly
        assertThat(frame.refCnt()).isEqualTo(2);
        assertThat(channel.finish()).isFalse();
        assertThat(frame.refCnt()).isZero();
        wire.release();
    }

    @Test
    void aFrameAboveTheMaximumFailsWithDirectReadsToo() {
        EmbeddedChannel channel = directReadChannel(1024, false);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        ByteBuf tooLong = handle.allocate(channel.alloc()).writeInt(1025).writeBytes(new byte[16]);
        assertThatThrownBy(() -> channel.writeInbound(tooLong)).isInstanceOf(TooLongFrameException.class);
        ByteBuf next = handle.allocate(channel.alloc()); // no frame to read into
        assertThat(next.capacity()).isEqualTo(RECEIVE_BUFFER);
        next.release();
        channel.finishAndReleaseAll();
    }

    /**
     * Every buffer in Netty's sampling leak wrapper (the SIMPLE level wraps one in 128): frames still come out whole,
     * each as the wrapper its allocator returned, and every buffer, receive buffers and frames read into directly
     * alike, is freed through its wrapper, which reports that once.
     */
    @Test
    void buffersInTheSamplingLeakWrapperAreFreedThroughIt() {
        byte[][] bodies = bodies(new Random(7));
        List<ByteBuf> wrappers = new ArrayList<>();
        List<LeakWrappers.RecordingTracker> trackers = new ArrayList<>();
        EmbeddedChannel channel = directReadChannel(1 << 20, false);
        channel.config().setAllocator(new AbstractByteBufAllocator(true) {
            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }

            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return newDirectBuffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                LeakWrappers.RecordingTracker tracker = new LeakWrappers.RecordingTracker();
                ByteBuf wrapper = LeakWrappers.simple(Unpooled.directBuffer(initialCapacity, maxCapacity), tracker);
                wrappers.add(wrapper);
                trackers.add(tracker);
                return wrapper;
            }
        });
        ByteBuf wire = wire(bodies);
        Set<ByteBuf> direct = read(channel, wire, 2, 7, 400, 1500, wire.writerIndex());
        wire.release();

        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        List<byte[]> received = new ArrayList<>();
        for (ByteBuf f = channel.readInbound(); f != null; f = channel.readInbound()) {
            ByteBuf frame = f;
            if (frame.capacity() > 0) { // empty frames are the allocator's shared empty buffer
                assertThat(wrappers.stream().anyMatch(w -> w == frame)).isTrue();
            }
            received.add(ByteBufUtil.getBytes(frame));
            boolean kept = decoder.keeps(frame);
            assertThat(frame.release() || frame.capacity() == 0 || kept).isTrue();
        }
        assertThat(received).containsExactly(bodies);
        assertThat(direct).isNotEmpty();
        assertThat(channel.finish()).isFalse();
        for (int i = 0; i < wrappers.size(); i++) {
            assertThat(wrappers.get(i).refCnt()).isZero();
            assertThat(trackers.get(i).reported).as("buffer %d", i).containsExactly("close");
        }
    }

    @Test
    void framesSplitAtRandomBytesComeOutWhole() {
        Random random = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer();
        for (int i = 0; i < 50; i++) {
            byte[] body = new byte[i % 10 == 0 ? 200_000 + random.nextInt(100_000) : i % 7 == 0 ? 0
                    : random.nextInt(300)];
            random.nextBytes(body);
            sent.add(body);
            wire.writeInt(body.length).writeBytes(body);
        }
        EmbeddedChannel channel = new EmbeddedChannel(BrokerConnection.frameDecoder(1 << 20));
        while (wire.isReadable()) {
            int chunk = Math.min(wire.readableBytes(), 1 + random.nextInt(random.nextBoolean() ? 7 : 70_000));
            channel.writeInbound(wire.readRetainedSlice(chunk));
        }
        wire.release();

        List<byte[]> received = new ArrayList<>();
        for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            assertThat(frame.nioBufferCount()).isEqualTo(1);
            received.add(ByteBufUtil.getBytes(frame));
            frame.release();
        }
        assertThat(received).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).as("frame %d", i).isEqualTo(sent.get(i));
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameAboveTheMaximumFails() {
        EmbeddedChannel channel = new EmbeddedChannel(BrokerConnection.frameDecoder(1024));
        ByteBuf tooLong = Unpooled.buffer().writeInt(1025).writeBytes(new byte[16]);
        assertThatThrownBy(() -> channel.writeInbound(tooLong)).isInstanceOf(TooLongFrameException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void aNegativeFrameSizeFailsAndLaterBytesAreDropped() {
        EmbeddedChannel channel = new EmbeddedChannel(BrokerConnection.frameDecoder(1024));
        ByteBuf negative = Unpooled.buffer().writeInt(-1).writeInt(4).writeInt(7);
        assertThatThrownBy(() -> channel.writeInbound(negative)).isInstanceOf(CorruptedFrameException.class);
        assertThat(negative.refCnt()).isZero();
        assertThat(channel.writeInbound(Unpooled.buffer().writeInt(4).writeInt(7))).isFalse();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aPartFrameIsReleasedWhenTheChannelCloses() {
        List<ByteBuf> allocated = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(new AbstractByteBufAllocator(false) {
            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }

            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf buf = Unpooled.buffer(initialCapacity, maxCapacity);
                allocated.add(buf);
                return buf;
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf buf = Unpooled.directBuffer(initialCapacity, maxCapacity);
                allocated.add(buf);
                return buf;
            }
        });
        channel.pipeline().addLast(BrokerConnection.frameDecoder(1024));
        channel.writeInbound(Unpooled.buffer().writeInt(100).writeBytes(new byte[10]));
        assertThat(allocated).singleElement().satisfies(frame -> assertThat(frame.refCnt()).isOne());
        assertThat(channel.finish()).isFalse();
        assertThat(allocated.get(0).refCnt()).isZero();
    }

    // ---- kept buffers for large frames (FrameBuffers) ----

    private static byte[] body(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    /** A channel with Netty's pooled allocator (whose buffers can be kept) and a decoder taking frames up to 16 MiB. */
    private static EmbeddedChannel pooledChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        channel.pipeline().addLast(BrokerConnection.frameDecoder(16 << 20));
        return channel;
    }

    /** The channel receives one frame of {@code body} in one socket read and passes it on. */
    private static ByteBuf receive(EmbeddedChannel channel, byte[] body) {
        channel.writeInbound(Unpooled.buffer().writeInt(body.length).writeBytes(body));
        ByteBuf frame = channel.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(body.length);
        assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(body);
        return frame;
    }

    @Test
    void aLargeFrameReusesAKeptBufferOnlyOnceEverythingOfItsLastFrameIsReleased() {
        EmbeddedChannel channel = pooledChannel();
        byte[] firstBody = body(300_000, 1);
        ByteBuf first = receive(channel, firstBody);
        assertThat(first.refCnt()).isEqualTo(2); // the frame's reference and the keeper's
        long address = first.memoryAddress();
        ByteBuf records = first.retainedSlice(1000, 5000); // what a Fetch response keeps of its frame
        first.release();

        ByteBuf second = receive(channel, body(290_000, 2));
        assertThat(second).isNotSameAs(first); // the first is still read through its slice
        assertThat(ByteBufUtil.getBytes(records)).isEqualTo(Arrays.copyOfRange(firstBody, 1000, 6000));
        second.release();
        records.release();
        assertThat(first.refCnt()).isOne();

        for (int size : new int[] {270_000, 320_000, 262_144}) { // another size of the same size class, either way
            ByteBuf next = receive(channel, body(size, size));
            assertThat(next).isSameAs(first);
            assertThat(next.memoryAddress()).as("resized in place").isEqualTo(address);
            assertThat(next.release()).isFalse();
        }
        assertThat(channel.finish()).isFalse();
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
    }

    @Test
    void aKeptBufferStillReadWhenTheChannelClosesIsFreedWithItsLastSlice() {
        EmbeddedChannel channel = pooledChannel();
        ByteBuf frame = receive(channel, body(400_000, 3));
        ByteBuf records = frame.retainedSlice(0, 100);
        frame.release();
        assertThat(channel.finish()).isFalse();
        assertThat(frame.refCnt()).isOne();
        assertThat(records.release()).isTrue();
        assertThat(frame.refCnt()).isZero();
    }

    @Test
    void framesBeyondTheBoundsAreAllocatedAsAnyOther() {
        EmbeddedChannel channel = pooledChannel();
        ByteBuf small = receive(channel, body(FrameBuffers.MIN_BYTES - 1, 4));
        assertThat(small.release()).isTrue(); // never kept: freed with its one reference
        List<ByteBuf> held = new ArrayList<>();
        for (int i = 0; i < 7; i++) { // 3 MiB frames, all still read: kept up to MAX_KEPT_BYTES
            held.add(receive(channel, body(3 << 20, i)));
        }
        int allocated = PooledByteBufAllocator.DEFAULT.metric().directArenas().get(0).normalizeSize(3 << 20);
        int fit = (int) (FrameBuffers.MAX_KEPT_BYTES / allocated);
        assertThat(held.subList(0, fit)).allSatisfy(f -> assertThat(f.refCnt()).isEqualTo(2));
        assertThat(held.subList(fit, held.size())).allSatisfy(f -> assertThat(f.refCnt()).isOne());
        held.forEach(ByteBuf::release);
        assertThat(channel.finish()).isFalse();
        assertThat(held).allSatisfy(f -> assertThat(f.refCnt()).isZero());

        EmbeddedChannel other = pooledChannel();
        held.clear();
        for (int i = 0; i < FrameBuffers.KEEP + 2; i++) { // more frames still read than there are slots
            held.add(receive(other, body(FrameBuffers.MIN_BYTES, 100 + i)));
        }
        assertThat(held.subList(0, FrameBuffers.KEEP)).allSatisfy(f -> assertThat(f.refCnt()).isEqualTo(2));
        assertThat(held.subList(FrameBuffers.KEEP, held.size())).allSatisfy(f -> assertThat(f.refCnt()).isOne());
        held.forEach(ByteBuf::release);
        assertThat(other.finish()).isFalse();
        assertThat(held).allSatisfy(f -> assertThat(f.refCnt()).isZero());
    }

    @Test
    void aKeptBufferLeftUnusedIsFreed() {
        EmbeddedChannel channel = pooledChannel();
        ByteBuf large = receive(channel, body(500_000, 5));
        large.release();
        for (int i = 0; i < FrameBuffers.IDLE_FRAMES; i++) {
            receive(channel, body(100, i)).release();
            assertThat(large.refCnt()).isOne();
        }
        receive(channel, body(100, 0)).release();
        assertThat(large.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void nothingIsKeptWithAnAllocatorThatIsNotPooled() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
        channel.pipeline().addLast(BrokerConnection.frameDecoder(1 << 20));
        ByteBuf frame = receive(channel, body(300_000, 6));
        assertThat(frame.release()).isTrue();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void largeFramesReadDirectlyIntoKeptBuffersComeOutWhole() {
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(body(i % 2 == 0 ? 300_000 : 270_000 + 1000 * i, 20 + i));
        }
        ByteBuf wire = wire(sent.toArray(new byte[0][]));
        EmbeddedChannel channel = directReadChannel(1 << 20, false);
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        Random random = new Random(13);
        Set<ByteBuf> frames = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<ByteBuf> direct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<byte[]> received = new ArrayList<>();
        while (wire.isReadable()) { // socket segments of random sizes; each frame released before the next comes
            int end = Math.min(wire.writerIndex(), wire.readerIndex() + 1 + random.nextInt(100_000));
            direct.addAll(read(channel, wire, end));
            for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                frames.add(frame);
                received.add(ByteBufUtil.getBytes(frame));
                assertThat(frame.refCnt()).isEqualTo(2);
                frame.release();
            }
        }
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(direct).isNotEmpty();
        // Kept buffers served every frame: one, or two where a read brought the end of one frame and the start of the
        // next (the next is allocated before this test releases the one before).
        assertThat(frames).hasSizeBetween(1, 2);
        assertThat(channel.finish()).isFalse();
        assertThat(frames).allSatisfy(f -> assertThat(f.refCnt()).isZero());
        wire.release();
    }

    // ---- the kept receive buffer, and small frames passed on as their read's buffer ----

    /** A channel with direct reads and Netty's pooled allocator. */
    private static EmbeddedChannel pooledDirectReadChannel(boolean inFront) {
        EmbeddedChannel channel = directReadChannel(1 << 20, inFront);
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        return channel;
    }

    /** One socket read of {@code body}'s whole frame into the buffer the channel's allocator hands out. */
    private static ByteBuf readFrame(EmbeddedChannel channel, RecvByteBufAllocator.Handle handle, byte[] body) {
        ByteBuf buf = handle.allocate(channel.alloc());
        channel.writeInbound(buf.writeInt(body.length).writeBytes(body));
        return buf;
    }

    @Test
    void theReceiveBufferIsReusedOnlyOnceTheFrameInItIsReleased() {
        EmbeddedChannel channel = pooledDirectReadChannel(false);
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        byte[] body = body(100, 1);

        ByteBuf receive = readFrame(channel, handle, body);
        assertThat(decoder.keeps(receive)).isTrue();
        ByteBuf frame = channel.readInbound();
        assertThat(frame).isSameAs(receive); // the frame ended the read: the read's buffer is the frame
        assertThat(frame.refCnt()).isEqualTo(2); // the frame's reference and the keeper's
        assertThat(frame.readerIndex()).isEqualTo(4);
        assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(body);

        ByteBuf other = handle.allocate(channel.alloc()); // the frame is still held: a new receive buffer
        assertThat(other).isNotSameAs(receive);
        assertThat(other.refCnt()).isOne();
        assertThat(decoder.keeps(other)).isFalse();
        other.release(); // the socket had nothing

        assertThat(frame.release()).isFalse();
        assertThat(receive.refCnt()).isOne();
        ByteBuf again = handle.allocate(channel.alloc());
        assertThat(again).isSameAs(receive);
        assertThat(again.refCnt()).isEqualTo(2);
        assertThat(again.readerIndex()).isZero();
        assertThat(again.writerIndex()).isZero();
        assertThat(again.writableBytes()).isGreaterThanOrEqualTo(RECEIVE_BUFFER);
        again.release();

        for (int i = 0; i < 5; i++) { // copied frames release it at once
            byte[][] two = {body(30, i), body(50, 10 + i)};
            ByteBuf buf = handle.allocate(channel.alloc());
            assertThat(buf).isSameAs(receive);
            channel.writeInbound(buf.writeBytes(wire(two)).writerIndex(4 + 30 + 4 + 50 - 1)); // the last byte missing
            assertThat(receive.refCnt()).isOne(); // the first frame copied, the second's bytes too
            ByteBuf rest = handle.allocate(channel.alloc());
            assertThat(rest).isSameAs(receive);
            channel.writeInbound(rest.writeByte(two[1][49]));
            assertThat(frames(channel)).containsExactly(two);
        }
        assertThat(channel.finish()).isFalse();
        assertThat(receive.refCnt()).isZero();
    }

    @Test
    void theReceiveBufferIsNeverReusedWhileASliceOfItsFrameHoldsIt() {
        EmbeddedChannel channel = pooledDirectReadChannel(false);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        byte[] body = body(200, 2);
        ByteBuf receive = readFrame(channel, handle, body);
        ByteBuf frame = channel.readInbound();
        assertThat(frame).isSameAs(receive);
        ByteBuf records = frame.retainedSlice(frame.readerIndex() + 10, 100); // what a Fetch response keeps
        frame.release();

        for (int i = 0; i < 3; i++) {
            byte[] next = body(60, 20 + i);
            ByteBuf buf = readFrame(channel, handle, next);
            assertThat(buf).isNotSameAs(receive);
            ByteBuf f = channel.readInbound();
            assertThat(f).isSameAs(buf); // still passed on as its read's buffer, a new one
            assertThat(ByteBufUtil.getBytes(f)).isEqualTo(next);
            assertThat(f.release()).isTrue();
        }
        assertThat(ByteBufUtil.getBytes(records)).isEqualTo(Arrays.copyOfRange(body, 10, 110));
        records.release();
        assertThat(receive.refCnt()).isOne(); // the keeper's reference is left
        assertThat(handle.allocate(channel.alloc())).isSameAs(receive);
        receive.release();
        assertThat(channel.finish()).isFalse();
        assertThat(receive.refCnt()).isZero();
    }

    @Test
    void theReceiveBufferIsReleasedWhenTheChannelClosesOrWithTheLastFrameInIt() {
        EmbeddedChannel channel = pooledDirectReadChannel(false);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        ByteBuf receive = handle.allocate(channel.alloc());
        receive.release(); // a read that brought nothing
        assertThat(receive.refCnt()).isOne();
        assertThat(channel.finish()).isFalse();
        assertThat(receive.refCnt()).isZero();

        EmbeddedChannel held = pooledDirectReadChannel(false);
        RecvByteBufAllocator.Handle heldHandle = held.config().getRecvByteBufAllocator().newHandle();
        ByteBuf buf = readFrame(held, heldHandle, body(100, 3));
        ByteBuf frame = held.readInbound();
        assertThat(frame).isSameAs(buf);
        held.close();
        assertThat(frame.refCnt()).isOne(); // the keeper's reference is gone, the frame's is left
        assertThat(frame.release()).isTrue();
        assertThat(held.finish()).isFalse();
    }

    @Test
    void aSmallFrameEndingItsReadIsThatReadsBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(BrokerConnection.frameDecoder(1 << 20));
        byte[][] bodies = {body(10, 4), body(20, 5), body(0, 6), body(30, 7)};
        ByteBuf read = wire(bodies);
        channel.writeInbound(read);
        List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf f = channel.readInbound(); f != null; f = channel.readInbound()) {
            frames.add(f);
        }
        assertThat(frames).hasSize(4);
        assertThat(frames.subList(0, 3)).allSatisfy(f -> assertThat(f).isNotSameAs(read)); // copied
        assertThat(frames.get(3)).isSameAs(read);
        assertThat(read.readerIndex()).isEqualTo(read.writerIndex() - 30);
        for (int i = 0; i < 4; i++) {
            assertThat(ByteBufUtil.getBytes(frames.get(i))).isEqualTo(bodies[i]);
        }
        frames.forEach(ByteBuf::release);
        assertThat(read.refCnt()).isZero();

        // Not the whole rest of the read (part of the next frame follows), or too large: copied.
        ByteBuf partial = Unpooled.buffer().writeInt(8).writeLong(42).writeShort(0);
        channel.writeInbound(partial);
        ByteBuf copied = channel.readInbound();
        assertThat(copied).isNotSameAs(partial);
        assertThat(copied.readLong()).isEqualTo(42);
        copied.release();
        assertThat(partial.refCnt()).isZero();
        channel.writeInbound(Unpooled.buffer().writeShort(8).writeLong(43)); // the rest of the prefix, then the frame
        ByteBuf rest = channel.readInbound();
        assertThat(rest.readableBytes()).isEqualTo(8);
        assertThat(rest.readLong()).isEqualTo(43);
        rest.release();

        byte[] large = body(FrameBuffers.MIN_BYTES, 8);
        ByteBuf largeRead = Unpooled.buffer().writeInt(large.length).writeBytes(large);
        channel.writeInbound(largeRead);
        ByteBuf largeFrame = channel.readInbound();
        assertThat(largeFrame).isNotSameAs(largeRead);
        assertThat(ByteBufUtil.getBytes(largeFrame)).isEqualTo(large);
        largeFrame.release();
        assertThat(largeRead.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aSmallFrameInAMuchLargerReadBufferIsCopiedToItsOwnSize() {
        EmbeddedChannel channel = new EmbeddedChannel(BrokerConnection.frameDecoder(1 << 20));
        int large = 64 << 10; // what Netty's adaptive sizing reaches on a busy consumer connection
        byte[] small = body(1000, 10);
        ByteBuf smallRead = Unpooled.buffer(large, large).writeInt(small.length).writeBytes(small);
        channel.writeInbound(smallRead);
        ByteBuf copied = channel.readInbound();
        assertThat(copied).isNotSameAs(smallRead);
        assertThat(copied.capacity()).isLessThan(large);
        assertThat(ByteBufUtil.getBytes(copied)).isEqualTo(small);
        assertThat(smallRead.refCnt()).isZero(); // the large buffer is free while the frame is held
        copied.release();

        // At most the slack or the frame's own size beyond it: passed on.
        byte[] half = body(large / 2, 11);
        ByteBuf halfRead = Unpooled.buffer(large, large).writeInt(half.length).writeBytes(half);
        byte[] tiny = body(100, 12);
        int tinyCapacity = 4 + tiny.length + FrameDecoder.PASSED_SLACK_BYTES - 4;
        ByteBuf tinyRead = Unpooled.buffer(tinyCapacity, tinyCapacity).writeInt(tiny.length).writeBytes(tiny);
        for (ByteBuf read : List.of(halfRead, tinyRead)) {
            channel.writeInbound(read);
            ByteBuf frame = channel.readInbound();
            assertThat(frame).isSameAs(read);
            assertThat(frame.release()).isTrue();
        }
        byte[] justOver = body(100, 13);
        ByteBuf overRead = Unpooled.buffer(tinyCapacity + 1, tinyCapacity + 1).writeInt(justOver.length)
                .writeBytes(justOver);
        channel.writeInbound(overRead);
        ByteBuf frame = channel.readInbound();
        assertThat(frame).isNotSameAs(overRead);
        assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(justOver);
        frame.release();
        assertThat(overRead.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void withAHandlerInFrontOfTheDecoderNothingIsPassedOnOrKept() {
        EmbeddedChannel channel = pooledDirectReadChannel(true);
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
        byte[] body = body(100, 9);
        ByteBuf buf = readFrame(channel, handle, body);
        assertThat(decoder.keeps(buf)).isFalse();
        assertThat(buf.refCnt()).isZero(); // copied into the frame and released
        ByteBuf frame = channel.readInbound();
        assertThat(frame).isNotSameAs(buf);
        assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(body);
        assertThat(frame.release()).isTrue();
        assertThat(channel.finish()).isFalse();
    }
}
