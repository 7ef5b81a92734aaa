package dev.samsa.internal.producer;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.common.Header;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.producer.Callback;
import dev.samsa.producer.RecordMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records bound for one partition that travel together as one record batch. Appended to by application threads
 * (under its deque's lock in the {@link RecordAccumulator}) until closed, then owned by the sender: built once (with
 * the producer id, epoch and base sequence known at drain time), possibly resent, completed once.
 *
 * <p>Its bytes ({@code buffer.memory} accounting and the built buffer) are released once the batch is completed and no
 * request carrying it is outstanding, so a transport still writing a request never sees freed memory.
 */
final class ProducerBatch {
    private static final Logger log = LoggerFactory.getLogger(ProducerBatch.class);

    final TopicPartition tp;
    final long createdMs;
    final int reservedBytes;
    private final int batchSize;
    private RecordBatchBuilder builder;
    private ByteBuf built;
    private final List<Thunk> thunks = new ArrayList<>();
    private int recordCount;
    private int uncompressedBytes;

    // Sender-owned state (sender loop only).
    /** Produce requests that carried this batch so far. */
    int attempts;
    /** When the last of them was sent (monotonic ms). */
    long lastAttemptMs;
    /** When a retry may be sent (monotonic ms). */
    long retryAtMs;
    long producerId = RecordBatch.NO_PRODUCER_ID;
    short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    int baseSequence = RecordBatch.NO_SEQUENCE;
    /**
     * An attempt ended with no answer from the broker (disconnect, request timeout) or with an error that may follow
     * the append, so the broker may hold these records: the failure of that attempt, else null. Such a batch can be
     * resent only under the producer id and sequence it was written with, where the broker recognises a duplicate.
     */
    RuntimeException unknownOutcome;
    /** A Produce request carrying this batch is outstanding. */
    boolean inFlight;
    /** Completed by the outcome of all records, for flush and close. */
    final CompletableFuture<Void> completion = new CompletableFuture<>();
    private boolean done;
    private boolean released;
    private final BufferPool pool;

    ProducerBatch(TopicPartition tp, long createdMs, int reservedBytes, int batchSize, ByteBufAllocator alloc,
            CompressionType compression, int level, float estimatedRatio, BufferPool pool) {
        this.tp = tp;
        this.createdMs = createdMs;
        this.reservedBytes = reservedBytes;
        this.batchSize = batchSize;
        this.pool = pool;
        this.builder = new RecordBatchBuilder(alloc, compression, level, Math.min(Math.max(batchSize, 256),
                reservedBytes));
        if (compression != CompressionType.NONE) {
            builder.estimatedCompressionRatio(estimatedRatio);
        }
    }

    /** A record's future and callback, and what its {@link RecordMetadata} needs. */
    record Thunk(CompletableFuture<RecordMetadata> future, Callback callback, int offsetDelta, long timestamp,
            int keySize, int valueSize) {
    }

    /**
     * Appends a record if it fits within {@code batch.size} (an empty batch takes any record).
     *
     * @return the record's future, or null if the batch is full or closed
     */
    CompletableFuture<RecordMetadata> tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers,
            Callback callback) {
        if (builder == null) {
            return null;
        }
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        if (!builder.hasRoomFor(timestamp, keySize, valueSize, headers, batchSize)) {
            return null;
        }
        int before = builder.uncompressedRecordsSizeInBytes();
        int delta = builder.append(timestamp, key, value, headers);
        uncompressedBytes += builder.uncompressedRecordsSizeInBytes() - before;
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        thunks.add(new Thunk(future, callback, delta, timestamp, keySize, valueSize));
        recordCount++;
        return future;
    }

    /** Whether appends are closed or the batch reached {@code batch.size} by estimate. */
    boolean isFull() {
        return builder == null || builder.estimatedSizeInBytes() >= batchSize;
    }

    int recordCount() {
        return recordCount;
    }

    /** The built size, or the estimate while open. */
    int sizeInBytes() {
        return built != null ? built.readableBytes() : builder != null ? builder.estimatedSizeInBytes() : 0;
    }

    boolean isBuilt() {
        return built != null;
    }

    boolean isDone() {
        return done;
    }

    /**
     * Closes the batch to appends and encodes it with the given producer state (no-ops for a non-idempotent
     * producer). A batch built earlier gets the new producer state rewritten in place.
     *
     * @return the compression ratio of a newly built batch, or -1
     */
    float build(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        if (built == null) {
            builder.producerState(producerId, producerEpoch, baseSequence);
            built = builder.build();
            float ratio = builder.compressionType() == CompressionType.NONE ? -1 : builder.compressionRatio();
            builder = null;
            return ratio;
        }
        RecordBatch.wrap(built).setProducerState(producerId, producerEpoch, baseSequence);
        return -1;
    }

    /** The built batch's bytes, not retained (the batch keeps its own reference until released). */
    ByteBuf records() {
        return built.duplicate();
    }

    int uncompressedBytes() {
        return uncompressedBytes;
    }

    /**
     * Completes every record successfully, in order: callback, then future. Idempotent.
     *
     * @param baseOffset the first record's offset, or -1 if unknown (acks=0)
     * @param logAppendTime the broker's append time, or -1 for create time
     */
    boolean complete(long baseOffset, long logAppendTime) {
        if (done) {
            return false;
        }
        done = true;
        for (Thunk t : thunks) {
            RecordMetadata md = new RecordMetadata(tp, baseOffset < 0 ? RecordMetadata.UNKNOWN_OFFSET
                    : baseOffset + t.offsetDelta(), logAppendTime >= 0 ? logAppendTime : t.timestamp(), t.keySize(),
                    t.valueSize());
            callback(t, md, null);
            t.future().complete(md);
        }
        completion.complete(null);
        maybeRelease();
        return true;
    }

    /** Fails every record with {@code e}, in order. Idempotent. */
    boolean fail(RuntimeException e) {
        if (done) {
            return false;
        }
        done = true;
        for (Thunk t : thunks) {
            callback(t, null, e);
            t.future().completeExceptionally(e);
        }
        completion.complete(null);
        maybeRelease();
        return true;
    }

    /** Called when a request carrying the batch has completed, one way or another. */
    void requestDone() {
        inFlight = false;
        maybeRelease();
    }

    /** Frees the bytes of a batch that is done and not in flight. Idempotent. */
    void maybeRelease() {
        if (!done || inFlight || released) {
            return;
        }
        released = true;
        if (builder != null) {
            builder.close();
            builder = null;
        }
        if (built != null) {
            built.release();
            built = null;
        }
        pool.deallocate(reservedBytes);
    }

    private static void callback(Thunk t, RecordMetadata md, Exception e) {
        if (t.callback() == null) {
            return;
        }
        try {
            t.callback().onCompletion(md, e);
        } catch (RuntimeException ex) {
            log.error("Producer callback for {} threw; ignored", md == null ? "a failed record" : md, ex);
        }
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + tp + ", records=" + recordCount + ", attempts=" + attempts + ", baseSequence="
                + baseSequence + ")";
    }
}
