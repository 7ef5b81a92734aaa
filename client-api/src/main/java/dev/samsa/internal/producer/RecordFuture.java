package dev.samsa.internal.producer;

import dev.samsa.common.TopicPartition;
import dev.samsa.producer.Callback;
import dev.samsa.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * The future {@code send} returns for one record, which also carries what its callback needs, links to the next record
 * of its batch and, once acknowledged, is the record's {@link RecordMetadata}: it completes with itself, so an
 * acknowledged record allocates nothing (a metadata object per record cost 40 bytes, which, since a producer faster
 * than its brokers keeps {@code buffer.memory} full and its waiting futures are promoted before they complete, young
 * collections copied and promoted once an old future referenced it).
 *
 * <p>Completed by {@link ProducerBatch#complete} (which links the future to its batch's {@link BatchResult} and unlinks
 * it from the batch's other futures and from its callback, so that a kept metadata keeps nothing else alive) or
 * {@link ProducerBatch#fail}; everything else a {@link CompletableFuture} offers works as usual. Thread-safety: the
 * fields are written before the future completes (under the partition queue's lock while appending, then by the
 * thread completing the batch), and completing it (a volatile write) publishes them to whoever sees it completed. The
 * metadata accessors throw {@link IllegalStateException} until the record is acknowledged (reachable only by casting
 * the future); equality is identity, as for any {@link CompletableFuture}.
 *
 * <p>48 bytes (compressed references: 12 header, 8 for {@link CompletableFuture}'s two fields, 28 for these seven), 8
 * more than the future was before it was its own metadata ({@link #batchResult} and {@link #offsetDelta}; an int
 * cannot reuse the reference fields {@link #next} and {@link #callback} free once completed, and 44 bytes round up to
 * 48), 32 fewer than that future and its metadata together; the timestamp is kept as an int offset from the batch's
 * first record's (a long would make it 56).
 */
final class RecordFuture extends CompletableFuture<RecordMetadata> implements RecordMetadata {
    /** The application's callback, or null; cleared once called. */
    Callback callback;
    /** The record's timestamp minus {@link ProducerBatch}'s first record's, in ms. */
    final int timestampDelta;
    final int keySize;
    final int valueSize;
    /** The next record of the same batch, or null for the last one; cleared once the batch completes. */
    RecordFuture next;
    /** The record's offset minus the batch's base offset; set with {@link #batchResult}. */
    private int offsetDelta;
    /** The acknowledged batch's result, or null until then. */
    private BatchResult batchResult;

    RecordFuture(Callback callback, int timestampDelta, int keySize, int valueSize) {
        this.callback = callback;
        this.timestampDelta = timestampDelta;
        this.keySize = keySize;
        this.valueSize = valueSize;
    }

    /** Makes this the metadata of the record at {@code offsetDelta} of the acknowledged batch {@code result}. */
    void acknowledged(BatchResult result, int offsetDelta) {
        this.batchResult = result;
        this.offsetDelta = offsetDelta;
    }

    private BatchResult acknowledgedBatch() {
        BatchResult r = batchResult;
        if (r == null) {
            throw new IllegalStateException("the record is not acknowledged: " + super.toString());
        }
        return r;
    }

    @Override
    public TopicPartition topicPartition() {
        return acknowledgedBatch().tp();
    }

    @Override
    public long offset() {
        BatchResult r = acknowledgedBatch();
        return r.baseOffset() < 0 ? UNKNOWN_OFFSET : r.baseOffset() + offsetDelta;
    }

    @Override
    public long timestamp() {
        BatchResult r = acknowledgedBatch();
        return r.logAppendTime() >= 0 ? r.logAppendTime() : r.timestampBase() + timestampDelta;
    }

    @Override
    public int serializedKeySize() {
        return keySize;
    }

    @Override
    public int serializedValueSize() {
        return valueSize;
    }

    /** The metadata once acknowledged (as {@link RecordMetadata#of}'s values read), else the future's state. */
    @Override
    public String toString() {
        return batchResult == null ? super.toString()
                : RecordMetadata.of(topicPartition(), offset(), timestamp(), keySize, valueSize).toString();
    }

    /**
     * What the partition leader answered for a batch, which its records' metadata read.
     *
     * @param tp the batch's partition
     * @param baseOffset the first record's offset, or -1 if unknown (acks=0, a duplicate without an offset)
     * @param logAppendTime the broker's append time in ms, or -1 for create time
     * @param timestampBase the batch's first record's timestamp in ms, which the futures keep theirs relative to
     */
    record BatchResult(TopicPartition tp, long baseOffset, long logAppendTime, long timestampBase) {
    }
}
