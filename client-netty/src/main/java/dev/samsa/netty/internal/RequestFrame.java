package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.RecordsSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import java.util.Arrays;

/**
 * A Produce request frame: its fields written into one plain pooled buffer, and its record batches taken by
 * reference (as the {@link RecordsSink} while the request is encoded), so a 1 MiB Produce request costs no 1 MiB
 * copy. {@link #writeTo} writes slices of the fields interleaved with the batches to the channel, which gathers them
 * into one socket write. It used to be a {@code CompositeByteBuf} the fields were written through; the composite's
 * component-finding writes were then what C2 compiled into every generated {@code write} method of the request.
 *
 * <p>Owns the fields buffer and one retained slice of each batch until {@link #writeTo} hands them to the channel,
 * or {@link #release} drops them. The fields buffer is the connection's kept one whenever the channel has written and
 * released the last frame's ({@link KeptBuffer}): a pooled allocation per request was what had Netty's allocator
 * compiled by C2 mid-run; it is taken and given up as any other.
 */
final class RequestFrame implements RecordsSink {
    /** What the fields buffer starts at: a one-partition request needs about 70 bytes; more grow it. */
    private static final int INITIAL_FIELDS_CAPACITY = 256;

    /** Owns the fields: released, sliced, and handed to the channel through this reference. */
    private final ByteBuf fields;
    /**
     * {@link #fields}, or the pooled buffer inside Netty's sampling leak wrapper: what the generated code writes into,
     * so that it sees one buffer class ({@link ByteBufs#withoutSamplingLeakWrapper}).
     */
    private final ByteBuf out;
    /** Where in {@link #fields} each of {@link #batches} goes. */
    private int[] offsets = new int[4];
    /** Retained slices of the record batches, in order. */
    private ByteBuf[] batches = new ByteBuf[4];
    private int count;
    private int recordsBytes;

    /**
     * @param keeper the connection's kept fields buffer, taken when free ({@link KeptBuffer}: the channel wrote and
     *     released the last frame's), else the fields go into a new buffer of {@code alloc}; null for a new one always
     */
    RequestFrame(ByteBufAllocator alloc, KeptBuffer keeper) {
        ByteBuf kept = keeper != null ? keeper.take(alloc, INITIAL_FIELDS_CAPACITY) : null;
        this.fields = kept != null ? kept : alloc.ioBuffer(INITIAL_FIELDS_CAPACITY);
        this.out = ByteBufs.withoutSamplingLeakWrapper(fields);
    }

    /** The buffer to write the frame's fields into. */
    ByteBuf fields() {
        return out;
    }

    /** The record bytes taken so far. */
    int recordsBytes() {
        return recordsBytes;
    }

    @Override
    public boolean appendRecords(ByteBuf target, ByteBuf records) {
        if (target != out) {
            return false;
        }
        int size = records.readableBytes();
        if (size == 0) {
            return true; // nothing to splice
        }
        if (count == batches.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            batches = Arrays.copyOf(batches, count * 2);
        }
        offsets[count] = out.writerIndex();
        // A slice of its own: the channel moves a buffer's reader index as it writes, and the sender's batch is
        // left untouched (a retry sends it again).
        batches[count++] = records.retainedSlice(records.readerIndex(), size);
        recordsBytes += size;
        return true;
    }

    /**
     * Writes the frame to {@code ch} (without flushing): the fields up to the first batch, the batch, the fields up to
     * the next one, and so on. Only the last piece gets {@code promise}: the channel completes writes in order, so it
     * completes once the whole frame is written, or fails if any of it could not be. The other pieces go with the void
     * promise, whose failure reaches the pipeline's {@code exceptionCaught}, as a whole frame's would. This frame gives
     * up everything it holds, even if a write throws.
     */
    void writeTo(Channel ch, ChannelPromise promise) {
        int end = fields.writerIndex();
        int from = 0; // the fields from here on are still this frame's to write
        int next = 0; // the next batch to write
        try {
            // One write call site, so that the channel's write path is compiled into this method once.
            while (from >= 0) {
                ByteBuf piece;
                if (next < count && offsets[next] == from) {
                    piece = batches[next];
                    batches[next++] = null;
                } else if (next < count) {
                    piece = fields.retainedSlice(from, offsets[next] - from);
                    from = offsets[next];
                } else {
                    fields.readerIndex(from);
                    piece = fields;
                    from = -1;
                }
                boolean last = from < 0 || next == count && from == end;
                ch.write(piece, last ? promise : ch.voidPromise());
                if (last && from >= 0) {
                    from = -1;
                    fields.release(); // its slices hold it
                }
            }
        } finally {
            for (; next < count; next++) {
                batches[next].release();
                batches[next] = null;
            }
            if (from >= 0) {
                fields.release();
            }
        }
    }

    /** Drops the frame unwritten. */
    void release() {
        for (int i = 0; i < count; i++) {
            if (batches[i] != null) {
                batches[i].release();
                batches[i] = null;
            }
        }
        fields.release();
    }
}
