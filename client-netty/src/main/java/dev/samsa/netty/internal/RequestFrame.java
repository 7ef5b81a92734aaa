package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.RecordsSink;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

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

    /**
     * @param frameSize the whole frame, size prefix included
     * @param recordsBytes how many of those bytes are record batches that will arrive through {@link #appendRecords}
     */
    RequestFrame(ByteBufAllocator alloc, int frameSize, int recordsBytes) {
        super(alloc, true, Integer.MAX_VALUE);
        this.fieldsSize = frameSize - recordsBytes;
        this.fields = alloc.ioBuffer(fieldsSize, fieldsSize);
        try {
            addComponent(false, fields.retainedSlice(0, fieldsSize));
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
        addComponent(true, records.retainedSlice(records.readerIndex(), records.readableBytes()));
        int rest = fieldsSize - fieldsUsed;
        if (rest > 0) {
            sliceStart = writerIndex();
            addComponent(false, fields.retainedSlice(fieldsUsed, rest));
        }
    }
}
