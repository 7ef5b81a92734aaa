package dev.samsa.internal.producer;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.common.Header;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.producer.Callback;
import dev.samsa.producer.RecordMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    /** {@link #completion}'s value once the batch completed before anyone asked for its completion. */
    private static final CompletableFuture<Void> COMPLETED = CompletableFuture.completedFuture(null);
    private static final VarHandle COMPLETION;

    static {
        try {
            COMPLETION = MethodHandles.lookup().findVarHandle(ProducerBatch.class, "completion",
                    CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TopicPartition tp;
    final long createdMs;
    final int reservedBytes;
    private final int batchSize;
    private RecordBatchBuilder builder;
    private ByteBuf built;
    /** The size of {@link #built} in bytes, kept so that reading it makes no call on the buffer (see sizeInBytes). */
    private int builtBytes;
    /** The records' futures in append order (offset delta order), linked through {@link RecordFuture#next}. */
    private RecordFuture first;
    private RecordFuture last;
    /** The first record's timestamp in ms, which the records' futures keep theirs relative to. */
    private long timestampBase;
    /** What the broker answers for this batch, which every record's future points to from its append. */
    private final RecordFuture.BatchResult result;
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
     * The producer state in the built bytes ({@link #buildEarly} leaves the defaults), so that {@link #build} of a
     * batch built early by a producer without idempotence rewrites nothing: re-reading the header to find that out
     * (a view of the batch and five bounds-checked reads) was most of that method's compiled code.
     */
    private long builtProducerId = RecordBatch.NO_PRODUCER_ID;
    private short builtProducerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int builtBaseSequence = RecordBatch.NO_SEQUENCE;
    /**
     * The base sequence unwrapped (the partition's record position under the current producer id and epoch), which
     * orders batches across the wrap of sequences at {@code Integer.MAX_VALUE}; -1 while the batch has no sequence.
     */
    long sequenceOrder = -1;
    /**
     * An attempt ended with no answer from the broker (disconnect, request timeout) or with an error that may follow
     * the append, so the broker may hold these records: the failure of that attempt, else null. Such a batch can be
     * resent only under the producer id and sequence it was written with, where the broker recognises a duplicate.
     */
    RuntimeException unknownOutcome;
    /** A Produce request carrying this batch is outstanding. */
    boolean inFlight;
    /** The accumulator's list of incomplete batches: links and membership, guarded by that list. */
    ProducerBatch prevIncomplete;
    ProducerBatch nextIncomplete;
    boolean incompleteTracked;
    /**
     * What {@link #completion()} returns: null until someone asks (flush, close, a split) or the batch completes, then
     * a future, or {@link #COMPLETED}. Most batches are never waited for, so most never make a future of their own.
     */
    private volatile CompletableFuture<Void> completion;
    private boolean done;
    private boolean released;
    /** A half of a split batch: its records are fixed (they may already own a sequence range). */
    private boolean sealed;
    private final BufferPool pool;
    private final ByteBufAllocator alloc;
    private final CompressionType compression;
    private final int level;
    /** Where the built buffer goes back to once released, or null (released to its allocator). */
    private final BatchBuffers buffers;

    ProducerBatch(TopicPartition tp, long createdMs, int reservedBytes, int batchSize, ByteBufAllocator alloc,
            CompressionType compression, int level, float estimatedRatio, BufferPool pool) {
        this(tp, createdMs, reservedBytes, batchSize, alloc, compression, level, estimatedRatio, pool, null);
    }

    /**
     * @param buffers where the batch takes its buffers from (an uncompressed batch for its records, a compressed one
     *                for its compressed records and, lz4, its uncompressed ones) and gives them back to, or null to
     *                allocate them from {@code alloc} (batches of {@code batchSize} bytes only)
     */
    ProducerBatch(TopicPartition tp, long createdMs, int reservedBytes, int batchSize, ByteBufAllocator alloc,
            CompressionType compression, int level, float estimatedRatio, BufferPool pool, BatchBuffers buffers) {
        this.tp = tp;
        this.createdMs = createdMs;
        this.reservedBytes = reservedBytes;
        this.batchSize = batchSize;
        this.pool = pool;
        this.alloc = alloc;
        this.compression = compression;
        this.level = level;
        this.buffers = buffers;
        this.result = new RecordFuture.BatchResult(tp);
        int capacity = Math.min(Math.max(batchSize, 256), reservedBytes);
        this.builder = buffers == null ? new RecordBatchBuilder(alloc, compression, level, capacity)
                : compression == CompressionType.NONE ? new RecordBatchBuilder(alloc, buffers.take())
                : new RecordBatchBuilder(alloc, compression, level, capacity, buffers);
        if (compression != CompressionType.NONE) {
            builder.estimatedCompressionRatio(estimatedRatio);
        }
    }

    /**
     * Appends a record if it fits within {@code batch.size} (an empty batch takes any record) and its timestamp is
     * within an int of milliseconds (24.8 days) of the first record's, which its future keeps it relative to.
     *
     * @return the record's future, or null if the batch is full or closed, or the timestamp is that far off
     */
    RecordFuture tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers, Callback callback) {
        if (builder == null || sealed) {
            return null;
        }
        long base = last == null ? timestamp : timestampBase;
        long delta = timestamp - base; // timestamps are >= 0: no overflow
        if (delta != (int) delta || builder.tryAppend(timestamp, key, value, headers, batchSize) < 0) {
            return null;
        }
        timestampBase = base;
        RecordFuture future = new RecordFuture(callback, (int) delta, key == null ? -1 : key.length,
                value == null ? -1 : value.length, result, recordCount);
        if (last == null) {
            first = future;
        } else {
            last.next = future;
        }
        last = future;
        recordCount++;
        return future;
    }

    /**
     * The bytes left below {@code batch.size} by estimate: 0 or less once the batch is full, or closed to appends
     * (then {@link #isFull}).
     */
    int room() {
        return builder == null || sealed ? 0 : batchSize - builder.estimatedSizeInBytes();
    }

    /** Whether appends are closed or the batch reached {@code batch.size} by estimate. */
    boolean isFull() {
        return builder == null || sealed || builder.estimatedSizeInBytes() >= batchSize;
    }

    /**
     * Whether another record of {@code recordBytes} (its estimated size in the batch) would still fit within
     * {@code batch.size}: false once appends are closed. The sticky partitioner waits for a partition's last batch to
     * have no such room before it switches (KAFKA-14156).
     */
    boolean hasRoomFor(int recordBytes) {
        return builder != null && !sealed && built == null
                && (long) builder.estimatedSizeInBytes() + recordBytes <= batchSize;
    }

    int recordCount() {
        return recordCount;
    }

    /**
     * The built size, or the estimate while open. Called several times per record: it reads fields only, since a call
     * on a buffer is a check of the buffer's class, and a second class (a leak detector's sampled wrapper) turning up
     * deoptimised the send path.
     */
    int sizeInBytes() {
        return built != null ? builtBytes : builder != null ? builder.estimatedSizeInBytes() : 0;
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
            uncompressedBytes = builder.uncompressedRecordsSizeInBytes();
            built = builder.build();
            builtBytes = built.readableBytes();
            float ratio = builder.compressionType() == CompressionType.NONE ? -1 : builder.compressionRatio();
            builder = null;
            builtWith(producerId, producerEpoch, baseSequence);
            return ratio;
        }
        if (producerId != builtProducerId || producerEpoch != builtProducerEpoch
                || baseSequence != builtBaseSequence) {
            RecordBatch.wrap(built).setProducerState(producerId, producerEpoch, baseSequence);
            builtWith(producerId, producerEpoch, baseSequence);
        }
        return -1;
    }

    /** Records the producer state the built bytes now hold. */
    private void builtWith(long producerId, short producerEpoch, int baseSequence) {
        builtProducerId = producerId;
        builtProducerEpoch = producerEpoch;
        builtBaseSequence = baseSequence;
    }

    /**
     * Closes the batch to appends and encodes it (compresses it) without producer state, for a batch that is full:
     * {@link #build} then only stamps the producer state in. Called under the batch's queue lock, so never while
     * the sender builds it (the sender takes a batch out of its queue first).
     *
     * @return the compression ratio of the batch, or -1 if it was built already, is sealed or is not compressed
     */
    float buildEarly() {
        if (built != null || builder == null || sealed || recordCount == 0) {
            return -1;
        }
        uncompressedBytes = builder.uncompressedRecordsSizeInBytes();
        built = builder.build();
        builtBytes = built.readableBytes();
        float ratio = builder.compressionType() == CompressionType.NONE ? -1 : builder.compressionRatio();
        builder = null;
        return ratio;
    }

    /**
     * The built batch's bytes, not retained (the batch keeps its own reference until released): the buffer itself, not
     * a duplicate, so a request costs no view object per batch and the transport's retained slice of it is a pooled
     * one. Its readers must not move its indices: a retry sends the same buffer again. The encoders read it by absolute
     * index ({@code ByteBufs.writeRecords}, and the Netty transport's slice of it).
     */
    ByteBuf records() {
        return built;
    }

    int uncompressedBytes() {
        return builder != null ? builder.uncompressedRecordsSizeInBytes() : uncompressedBytes;
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
        // One object for the batch, which each record's future (its own metadata) points to since its append: no
        // reference is written into a future here (see RecordFuture on why that matters).
        result.acknowledge(baseOffset, logAppendTime, timestampBase);
        RecordFuture t = detachRecords();
        while (t != null) {
            RecordFuture next = unlink(t);
            callback(t, t, null);
            t.complete(t);
            t = next;
        }
        finished();
        return true;
    }

    /** Fails every record with {@code e}, in order. Idempotent. */
    boolean fail(RuntimeException e) {
        if (done) {
            return false;
        }
        done = true;
        RecordFuture t = detachRecords();
        while (t != null) {
            RecordFuture next = unlink(t);
            callback(t, null, e);
            t.completeExceptionally(e);
            t = next;
        }
        finished();
        return true;
    }

    /** Hands over the records' chain: the done batch keeps none of its records' futures. */
    private RecordFuture detachRecords() {
        RecordFuture t = first;
        first = null;
        last = null;
        return t;
    }

    /** After every record is completed or failed: completes {@link #completion} and releases what can be. */
    private void finished() {
        completeCompletion();
        if (!inFlight) { // completed by its response: requestDone() releases it once the request is done with it
            maybeRelease();
        }
    }

    /**
     * A future completed once every record of the batch is (for flush and close). Thread-safe: made on first use, or
     * an already completed one.
     */
    @SuppressWarnings("unchecked")
    CompletableFuture<Void> completion() {
        CompletableFuture<Void> f = completion;
        if (f != null) {
            return f;
        }
        CompletableFuture<Void> created = new CompletableFuture<>();
        Object witness = COMPLETION.compareAndExchange(this, null, created);
        return witness == null ? created : (CompletableFuture<Void>) witness;
    }

    /** Completes {@link #completion()}: the future made for it if someone asked, else marks it completed. */
    private void completeCompletion() {
        Object f = COMPLETION.getAndSet(this, COMPLETED);
        if (f != null) {
            ((CompletableFuture<?>) f).complete(null);
        }
    }

    /**
     * Splits a built batch that a broker refused as too large (MESSAGE_TOO_LARGE) into two batches holding the first
     * and second half of its records, re-encoded from its bytes, carrying the same record futures and callbacks, and
     * the same creation time (for {@code delivery.timeout.ms}). Halving always makes progress: a batch that is still
     * too large is split again, down to single records. The new batches reserve their share of this batch's
     * {@code buffer.memory} without blocking; this batch is done (its own bytes are released as usual) and its
     * {@link #completion()} follows both halves'.
     *
     * @return the two halves, in record order
     * @throws IllegalStateException if the batch is not built, is done, or holds fewer than two records
     */
    List<ProducerBatch> split() {
        if (built == null || done || recordCount < 2) {
            throw new IllegalStateException("cannot split " + this);
        }
        int firstCount = (recordCount + 1) / 2;
        int share = Math.max(RecordBatch.HEADER_SIZE, reservedBytes / 2);
        pool.reserve(2 * share);
        ProducerBatch a = new ProducerBatch(tp, createdMs, share, Integer.MAX_VALUE, alloc, compression, level, 1.0f,
                pool);
        ProducerBatch b = new ProducerBatch(tp, createdMs, share, Integer.MAX_VALUE, alloc, compression, level, 1.0f,
                pool);
        a.timestampBase = timestampBase; // the futures keep their timestamps relative to this batch's
        b.timestampBase = timestampBase;
        RecordFuture future = first;
        try (RecordIterator it = RecordBatch.wrap(built.duplicate()).iterator(Integer.MAX_VALUE)) {
            int i = 0;
            while (it.hasNext()) {
                Record r = it.next();
                RecordFuture next = future.next;
                future.next = null;
                (i++ < firstCount ? a : b).appendSplit(r, future);
                future = next;
            }
        } catch (RuntimeException e) {
            a.abandon();
            b.abandon();
            throw e;
        }
        a.sealed = true;
        b.sealed = true;
        done = true;
        CompletableFuture.allOf(a.completion(), b.completion()).whenComplete((v, e) -> completeCompletion());
        return List.of(a, b);
    }

    private void appendSplit(Record r, RecordFuture future) {
        List<Header> headers = r.headers();
        builder.append(r.timestamp(), r.key(), r.value(), headers.isEmpty() ? null : headers.toArray(new Header[0]));
        future.movedTo(result, recordCount);
        if (last == null) {
            first = future;
        } else {
            last.next = future;
        }
        last = future;
        recordCount++;
    }

    /** Drops a batch whose records were never handed out (a failed split): frees its bytes, completes nothing. */
    private void abandon() {
        done = true;
        maybeRelease();
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
            if (buffers != null) {
                buffers.recycle(built);
            } else {
                built.release();
            }
            built = null;
        }
        pool.deallocate(reservedBytes);
    }

    /**
     * Unlinks a future from the next one, which it returns, so that a future the application keeps (its record's
     * metadata) keeps none of the batch's other futures alive.
     */
    private static RecordFuture unlink(RecordFuture t) {
        RecordFuture next = t.next;
        t.next = null;
        return next;
    }

    /** Calls the record's callback, if any, once: the future forgets it, so a kept metadata does not keep it. */
    private static void callback(RecordFuture t, RecordMetadata md, Exception e) {
        Callback callback = t.callback;
        if (callback == null) {
            return;
        }
        t.callback = null;
        try {
            callback.onCompletion(md, e);
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
