package dev.samsa.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestFrameTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final byte[] CLIENT_ID = "client-1".getBytes(StandardCharsets.UTF_8);

    private final List<ByteBuf> batches = new ArrayList<>();

    /** Two topics of three partitions with batches of random sizes, one partition with empty and one with no records. */
    private ProduceRequest request() {
        Random random = new Random(42);
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>();
        for (String topic : List.of("orders", "payments")) {
            List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                ProduceRequest.PartitionProduceData partition = new ProduceRequest.PartitionProduceData().setIndex(p);
                if (topic.equals("payments") && p == 1) {
                    partition.setRecords(null);
                } else if (topic.equals("payments") && p == 2) {
                    ByteBuf empty = ALLOC.directBuffer(16);
                    batches.add(empty);
                    partition.setRecords(empty);
                } else {
                    byte[] bytes = new byte[100 + random.nextInt(5000)];
                    random.nextBytes(bytes);
                    ByteBuf batch = ALLOC.directBuffer(bytes.length + 10);
                    batch.writeZero(10).writeBytes(bytes).readerIndex(10); // records need not start at index 0
                    batches.add(batch);
                    partition.setRecords(batch);
                }
                partitions.add(partition);
            }
            topics.add(new ProduceRequest.TopicProduceData().setName(topic).setPartitionData(partitions));
        }
        return new ProduceRequest().setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics);
    }

    @Test
    void writesTheSameBytesAsAPlainEncodingWithBatchesByReference() {
        ProduceRequest request = request();
        for (short version = ApiKey.PRODUCE.lowestVersion(); version <= ApiKey.PRODUCE.highestVersion(); version++) {
            if (version >= 13) {
                request.topicData().forEach(t -> t.setTopicId(new java.util.UUID(1, t.name().length())));
            }
            ByteBuf plain = Frames.encode(ALLOC, request, version, 7, CLIENT_ID);
            RequestFrame frame = Frames.encodeProduce(ALLOC, null, request, version, 7, CLIENT_ID);
            ByteBuf fields = frame.fields();
            // The four non-empty batches are held by the frame (a retained slice each), the empty one is not.
            assertThat(batches.stream().filter(b -> b.refCnt() == 2).count()).isEqualTo(4);

            EmbeddedChannel ch = new EmbeddedChannel();
            ChannelPromise promise = ch.newPromise();
            frame.writeTo(ch, promise);
            assertThat(promise.isDone()).isFalse(); // written, not flushed
            ch.flush();
            assertThat(promise.isSuccess()).isTrue();

            List<ByteBuf> pieces = new ArrayList<>();
            for (ByteBuf piece; (piece = ch.readOutbound()) != null; ) {
                pieces.add(piece);
            }
            // Fields before each non-empty batch, the batch, and the fields after the last one.
            assertThat(pieces).hasSize(4 * 2 + 1);
            ByteBuf wire = Unpooled.wrappedBuffer(pieces.toArray(ByteBuf[]::new));
            assertThat(ByteBufUtil.hexDump(wire)).as("v%d", version).isEqualTo(ByteBufUtil.hexDump(plain));
            // Each batch went out as a view of the sender's buffer: same memory, no copy.
            for (int i = 0; i < 4; i++) {
                ByteBuf piece = pieces.get(2 * i + 1);
                ByteBuf batch = batches.stream().filter(b -> b.readableBytes() > 0).toList().get(i);
                assertThat(piece.memoryAddress()).isEqualTo(batch.memoryAddress() + batch.readerIndex());
            }

            wire.release(); // releases the pieces
            plain.release();
            ch.finishAndReleaseAll();
            assertThat(fields.refCnt()).isZero();
            assertThat(batches).allMatch(b -> b.refCnt() == 1);
            assertThat(batches.stream().filter(b -> b.readableBytes() > 0).toList())
                    .allMatch(b -> b.readerIndex() == 10); // the sender's buffers are left as they were
        }
        batches.forEach(ByteBuf::release);
    }

    @Test
    void fieldsBeyondTheInitialCapacityGrowTheirBuffer() {
        List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>();
        for (int p = 0; p < 200; p++) { // about 2 KB of fields
            ByteBuf batch = ALLOC.directBuffer(8).writeLong(p);
            batches.add(batch);
            partitions.add(new ProduceRequest.PartitionProduceData().setIndex(p).setRecords(batch));
        }
        ProduceRequest request = new ProduceRequest().setAcks((short) 1).setTimeoutMs(1000).setTopicData(
                List.of(new ProduceRequest.TopicProduceData().setName("t".repeat(200)).setPartitionData(partitions)));
        ByteBuf plain = Frames.encode(ALLOC, request, (short) 9, 3, CLIENT_ID);
        EmbeddedChannel ch = new EmbeddedChannel();
        Frames.encodeProduce(ALLOC, null, request, (short) 9, 3, CLIENT_ID).writeTo(ch, ch.newPromise());
        ch.flush();
        List<ByteBuf> pieces = new ArrayList<>();
        for (ByteBuf piece; (piece = ch.readOutbound()) != null; ) {
            pieces.add(piece);
        }
        assertThat(pieces).hasSize(2 * 200 + 1);
        ByteBuf wire = Unpooled.wrappedBuffer(pieces.toArray(ByteBuf[]::new));
        assertThat(ByteBufUtil.hexDump(wire)).isEqualTo(ByteBufUtil.hexDump(plain));
        wire.release();
        plain.release();
        ch.finishAndReleaseAll();
        assertThat(batches).allMatch(b -> b.refCnt() == 1);
        batches.forEach(ByteBuf::release);
    }

    @Test
    void onlyTheLastPieceCarriesThePromise() {
        ProduceRequest request = request();
        List<Boolean> voidPromises = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                voidPromises.add(promise.isVoid());
                ctx.write(msg, promise);
            }
        });
        ChannelPromise promise = ch.newPromise();
        Frames.encodeProduce(ALLOC, null, request, (short) 9, 1, null).writeTo(ch, promise);
        assertThat(voidPromises).hasSize(9).endsWith(false);
        assertThat(voidPromises.subList(0, 8)).containsOnly(true);
        ch.flush();
        ch.finishAndReleaseAll();
        assertThat(promise.isSuccess()).isTrue();
        assertThat(batches).allMatch(b -> b.refCnt() == 1);
        batches.forEach(ByteBuf::release);
    }

    @Test
    void aWriteToAClosedChannelFailsThePromiseAndReleasesEverything() {
        ProduceRequest request = request();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.close();
        RequestFrame frame = Frames.encodeProduce(ALLOC, null, request, (short) 9, 1, CLIENT_ID);
        ByteBuf fields = frame.fields();
        ChannelPromise promise = ch.newPromise();
        frame.writeTo(ch, promise);
        assertThat(promise.isDone()).isTrue();
        assertThat(promise.isSuccess()).isFalse();
        assertThat(fields.refCnt()).isZero();
        assertThat(batches).allMatch(b -> b.refCnt() == 1);
        batches.forEach(ByteBuf::release);
    }

    @Test
    void aFrameDroppedUnwrittenOrFailingToEncodeReleasesWhatItHeld() {
        ProduceRequest request = request();
        RequestFrame frame = Frames.encodeProduce(ALLOC, null, request, (short) 9, 1, CLIENT_ID);
        ByteBuf fields = frame.fields();
        frame.release();
        assertThat(fields.refCnt()).isZero();
        assertThat(batches).allMatch(b -> b.refCnt() == 1);

        // Fails in the second topic, after the first one's batches were taken.
        request.topicData().get(1).setName("x".repeat(Short.MAX_VALUE + 1));
        assertThatThrownBy(() -> Frames.encodeProduce(ALLOC, null, request, (short) 9, 1, CLIENT_ID))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(batches).allMatch(b -> b.refCnt() == 1);

        // The sink is gone once encoding ends: a plain encoding on this thread copies the records.
        request.topicData().get(1).setName("payments");
        ByteBuf plain = Frames.encode(ALLOC, request, (short) 9, 1, CLIENT_ID);
        assertThat(plain.readableBytes()).isEqualTo(4 + 2 + 2 + 4 + 2 + CLIENT_ID.length + 1 + request.size((short) 9));
        assertThat(batches).allMatch(b -> b.refCnt() == 1);
        plain.release();
        batches.forEach(ByteBuf::release);
    }

    @Test
    void theKeptFieldsBufferIsReusedOnceTheChannelReleasedIt() {
        ProduceRequest request = request();
        KeptBuffer keeper = new KeptBuffer();
        ByteBuf plain = Frames.encode(ALLOC, request, (short) 9, 5, CLIENT_ID);
        EmbeddedChannel ch = new EmbeddedChannel();
        RequestFrame first = Frames.encodeProduce(ALLOC, keeper, request, (short) 9, 5, CLIENT_ID);
        ByteBuf fields = first.fields();
        assertThat(keeper.holds(fields)).isTrue();
        assertThat(fields.refCnt()).isEqualTo(2);
        first.writeTo(ch, ch.voidPromise());

        // Written, not flushed: the channel still holds it, so the next frame gets a new buffer.
        RequestFrame second = Frames.encodeProduce(ALLOC, keeper, request, (short) 9, 5, CLIENT_ID);
        assertThat(second.fields()).isNotSameAs(fields);
        assertThat(keeper.holds(second.fields())).isFalse();
        second.release();

        ch.flush();
        List<ByteBuf> pieces = new ArrayList<>();
        for (ByteBuf piece; (piece = ch.readOutbound()) != null; ) {
            pieces.add(piece);
        }
        ByteBuf wire = Unpooled.wrappedBuffer(pieces.toArray(ByteBuf[]::new));
        assertThat(ByteBufUtil.hexDump(wire)).isEqualTo(ByteBufUtil.hexDump(plain));
        wire.release(); // what the channel does once the frame is written
        assertThat(fields.refCnt()).isOne();

        for (int i = 0; i < 3; i++) {
            RequestFrame next = Frames.encodeProduce(ALLOC, keeper, request, (short) 9, 5, CLIENT_ID);
            assertThat(next.fields()).isSameAs(fields);
            next.writeTo(ch, ch.voidPromise());
            ch.flush();
            pieces.clear();
            for (ByteBuf piece; (piece = ch.readOutbound()) != null; ) {
                pieces.add(piece);
            }
            ByteBuf again = Unpooled.wrappedBuffer(pieces.toArray(ByteBuf[]::new));
            assertThat(ByteBufUtil.hexDump(again)).isEqualTo(ByteBufUtil.hexDump(plain));
            again.release();
        }
        keeper.release();
        assertThat(fields.refCnt()).isZero();
        plain.release();
        ch.finishAndReleaseAll();
        assertThat(batches).allMatch(b -> b.refCnt() == 1);
        batches.forEach(ByteBuf::release);
    }
}
