package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.RecordsSink;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The buffer a Produce request is encoded into: its fields go into one pooled buffer sized exactly for them, and each
 * record batch is spliced in by reference between slices of it, so a 1 MiB produce request costs no 1 MiB copy (the
 * socket write gathers the pieces). Never consolidates.
 */
final class RequestFrame extends CompositeByteBuf implements RecordsSink {
    private final ByteBuf fields;
    private final int fieldsSize;
    /** Bytes of {@link #fields} handed out to earlier components. */
    private int fieldsUsed;
    /** Where the current writable slice of {@link #fields} starts in this composite. */
    private int sliceStart;
    /** The components as added (slices of {@link #fields} and of the batches), in order, for {@link #nioBuffers}. */
    private ByteBuf[] parts = new ByteBuf[8];
    /** The bytes of each of {@link #parts} that belong to this composite. */
    private int[] partLengths = new int[8];
    private int partCount;

    /**
     * @param frameSize the whole frame, size prefix included
     * @param recordsBytes how many of those bytes are record batches that will arrive through {@link #appendRecords}
     */
    RequestFrame(ByteBufAllocator alloc, int frameSize, int recordsBytes) {
        super(alloc, true, Integer.MAX_VALUE);
        this.fieldsSize = frameSize - recordsBytes;
        this.fields = alloc.ioBuffer(fieldsSize, fieldsSize);
        try {
            addPart(false, fields.retainedSlice(0, fieldsSize), fieldsSize);
        } finally {
            fields.release(); // the slices hold it from here on
        }
    }

    /** The record bytes a Produce request carries. */
    static int recordsBytes(ProduceRequest request) {
        int total = 0;
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                if (partition.records() != null) {
                    total += partition.records().readableBytes();
                }
            }
        }
        return total;
    }

    @Override
    public void appendRecords(ByteBuf records) {
        int written = writerIndex();
        fieldsUsed += written - sliceStart;
        capacity(written); // trims the current slice of fields to what was written into it
        if (written == sliceStart) {
            partCount--; // trimmed to nothing: the composite removed it
        } else {
            partLengths[partCount - 1] = written - sliceStart;
        }
        int size = records.readableBytes();
        addPart(true, records.retainedSlice(records.readerIndex(), size), size);
        int rest = fieldsSize - fieldsUsed;
        if (rest > 0) {
            sliceStart = writerIndex();
            addPart(false, fields.retainedSlice(fieldsUsed, rest), rest);
        }
    }

    private void addPart(boolean increaseWriterIndex, ByteBuf part, int length) {
        if (partCount == parts.length) {
            parts = Arrays.copyOf(parts, partCount * 2);
            partLengths = Arrays.copyOf(partLengths, partCount * 2);
        }
        addComponent(increaseWriterIndex, part);
        parts[partCount] = part;
        partLengths[partCount++] = length;
    }

    @Override
    protected void deallocate() {
        super.deallocate(); // releases the parts
        Arrays.fill(parts, 0, partCount, null); // pooled slice objects are reused: keep no reference to them
        partCount = 0;
    }

    /**
     * The NIO buffers of a gathering socket write, one per component, straight into the array. Every component is a
     * slice of one pooled buffer, so each is one NIO buffer. {@link CompositeByteBuf}'s own version gathers them in a
     * thread-local list and copies it with {@code toArray}, whose first C2 compilation a class check threw away in
     * every benchmark run (JIT logs); falls back to it for any other shape.
     */
    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        checkIndex(index, length);
        if (length == 0 || partCount != numComponents()) {
            return super.nioBuffers(index, length);
        }
        int end = index + length;
        int first = 0;
        int firstStart = 0;
        while (firstStart + partLengths[first] <= index) {
            firstStart += partLengths[first++];
        }
        int count = 0;
        for (int start = firstStart; start < end; start += partLengths[first + count++]) {
            if (parts[first + count].nioBufferCount() != 1) {
                return super.nioBuffers(index, length);
            }
        }
        ByteBuffer[] buffers = new ByteBuffer[count];
        int start = firstStart;
        for (int i = 0; i < count; i++) {
            int partLength = partLengths[first + i];
            int from = Math.max(index, start) - start;
            int to = Math.min(end, start + partLength) - start;
            buffers[i] = parts[first + i].nioBuffer(from, to - from);
            start += partLength;
        }
        return buffers;
    }
}
