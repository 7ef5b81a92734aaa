package dev.samsa.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The connection's frame decoder copies socket reads into one buffer per frame: frames of any size (empty ones too),
 * split at any byte (the size prefix too), come out whole and byte for byte as sent, stripped of the size prefix,
 * each one contiguous buffer, with the bytes of the frame after them left for the next; the maximum frame size holds
 * and a negative size is refused.
 */
class FrameDecoderTest {
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
}
