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
 * <p>Each future points, from its creation, to its batch's {@link BatchResult}, which the batch fills in once when it
 * is acknowledged: completing a record writes no reference into its future (only {@link CompletableFuture}'s result,
 * the future itself, and nulls). A waiting future is usually in the old generation by then, and each reference to a
 * young object written into it (the batch's result, when that was allocated at completion) dirtied a card that G1's
 * refinement threads then scanned: about 5% of a broker-bound producer's process CPU (async-profiler, 2M records of
 * 100 B, 16 KiB batches).
 *
 * <p>Completed by {@link ProducerBatch#complete} (which fills in the batch's {@link BatchResult} and unlinks the future
 * from the batch's other futures and from its callback, so that a kept metadata keeps nothing else alive) or
 * {@link ProducerBatch#fail}; everything else a {@link CompletableFuture} offers works as usual. Thread-safety: the
 * fields are written before the future completes (under the partition queue's lock while appending, then by the
 * thread completing the batch), and completing it (a volatile write) publishes them to whoever sees it completed. The
 * metadata accessors throw {@link IllegalStateException} until the record is acknowledged (reachable only by casting
 * the future); equality is identity, as for any {@link CompletableFuture}.
 *
 * <p>48 bytes (compressed references: 12 header, 8 for {@link CompletableFuture}'s two fields, 28 for these seven); the
 * timestamp is kept as an int offset from the batch's first record's (a long would make it 56).
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
    /** The record's offset minus its batch's base offset (its position in the batch). */
    private int offsetDelta;
    /** The result of the batch the record is in, filled in once that batch is acknowledged. */
    private BatchResult batchResult;

    /**
     * @param batchResult the result of the batch the record is appended to
     * @param offsetDelta the record's position in that batch
     */
    RecordFuture(Callback callback, int timestampDelta, int keySize, int valueSize, BatchResult batchResult,
            int offsetDelta) {
        this.callback = callback;
        this.timestampDelta = timestampDelta;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.batchResult = batchResult;
        this.offsetDelta = offsetDelta;
    }

    /** Moves the record to position {@code offsetDelta} of another batch (a split: rare, off the hot path). */
    void movedTo(BatchResult batchResult, int offsetDelta) {
        this.batchResult = batchResult;
        this.offsetDelta = offsetDelta;
    }

    /** For tests: the result of the batch the record is in. */
    BatchResult batchResult() {
        return batchResult;
    }

    private BatchResult acknowledgedBatch() {
        BatchResult r = batchResult;
        if (!r.acknowledged) {
            throw new IllegalStateException("the record is not acknowledged: " + super.toString());
        }
        return r;
    }

    @Override
    public TopicPartition topicPartition() {
        return acknowledgedBatch().tp;
    }

    @Override
    public long offset() {
        BatchResult r = acknowledgedBatch();
        return r.baseOffset < 0 ? UNKNOWN_OFFSET : r.baseOffset + offsetDelta;
    }

    @Override
    public long timestamp() {
        BatchResult r = acknowledgedBatch();
        return r.logAppendTime >= 0 ? r.logAppendTime : r.timestampBase + timestampDelta;
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
        return !batchResult.acknowledged ? super.toString()
                : RecordMetadata.of(topicPartition(), offset(), timestamp(), keySize, valueSize).toString();
    }

    /**
     * What the partition leader answered for a batch, which its records' metadata read: made with the batch, filled in
     * once by the thread that completes it, before any of its records' callbacks run and futures complete (which
     * publishes it). Not thread-safe otherwise.
     */
    static final class BatchResult {
        final TopicPartition tp;
        /** The first record's offset, or -1 if unknown (acks=0, a duplicate without an offset). */
        long baseOffset = -1;
        /** The broker's append time in ms, or -1 for create time. */
        long logAppendTime = -1;
        /** The batch's first record's timestamp in ms, which the futures keep theirs relative to. */
        long timestampBase;
        /** Whether the batch was acknowledged (the fields above are its answer). */
        boolean acknowledged;

        BatchResult(TopicPartition tp) {
            this.tp = tp;
        }

        /** Fills in the answer; called once, by the thread completing the batch. */
        void acknowledge(long baseOffset, long logAppendTime, long timestampBase) {
            this.baseOffset = baseOffset;
            this.logAppendTime = logAppendTime;
            this.timestampBase = timestampBase;
            this.acknowledged = true;
        }
    }
}
