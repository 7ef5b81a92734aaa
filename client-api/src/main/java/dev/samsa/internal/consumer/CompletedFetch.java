package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.IsolationLevel;
import dev.samsa.consumer.TimestampType;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.errors.RecordTooLargeException;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.record.BatchHeader;
import dev.samsa.internal.record.ControlRecordType;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.internal.record.RecordReader;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The records one Fetch response returned for one partition, buffered until polls drain them. It owns a retained
 * slice of the response ({@link #release()} gives it back) and walks it batch by batch: checking CRCs
 * ({@code check.crcs}), decompressing, skipping control batches and, under {@code read_committed}, the batches of
 * aborted transactions (the response's aborted-transaction list, KIP-98), and skipping records before the fetch
 * offset (a compressed batch may start before it). Its {@link #nextFetchOffset()} moves past everything consumed or
 * skipped, so that a partition whose log ends in a control batch is not fetched again from before it.
 *
 * <p>Records are decoded by a {@link RecordReader} from a heap copy of one batch at a time, straight into the poll's
 * {@link FetchedRecords}: its columns (no object per record but the key and value copies, and headers if any), or,
 * with byte-array or UTF-8 string deserializers, the {@code ConsumerRecord}s themselves. The
 * reader comes from the fetcher's {@link ReaderPool} while a batch is being read and goes back when it is done.
 *
 * <p>A corrupt batch ends the walk: {@link #drain} throws a {@link CorruptRecordException} naming the partition and
 * the offset, now and on every later call, with {@link #nextFetchOffset()} left at that offset.
 *
 * <p>Not thread-safe: confined to the consumer's {@link SerialExecutor}.
 */
final class CompletedFetch {
    /** {@link #endOffset} met a bad batch header. */
    private static final long BAD_HEADER = Long.MIN_VALUE;
    /** Aborted transactions by first offset; one constant, not a comparator (and its lambdas) per fetch. */
    private static final Comparator<FetchResponse.AbortedTransaction> BY_FIRST_OFFSET =
            (a, b) -> Long.compare(a.firstOffset(), b.firstOffset());
    private final TopicPartition tp;
    /**
     * Fetcher's queue of this partition's buffers, this one among them while it is buffered: drain reads it here
     * instead of looking the partition up on every poll. Set and read by Fetcher, on the executor.
     */
    ArrayList<CompletedFetch> queue;
    private final String topic;
    private final int partition;
    /** The response's records: the reference this object owns and releases. */
    private final ByteBuf records;
    /**
     * The complete batches of {@link #records} (all batches, if a header is bad), read through the buffer inside a
     * leak detector's sampling wrapper ({@link ByteBufs#withoutSamplingLeakWrapper}); {@link #release()} goes through
     * {@link #records}.
     */
    private final RecordBatches batches;
    /** The bytes of a partial batch after the complete ones (a response cut at its size limit). */
    private final int partialBytes;
    /** The header of the batch being read, copied once (one buffer read instead of one per field). */
    private final BatchHeader header = new BatchHeader();
    private final boolean checkCrcs;
    private final boolean readCommitted;
    private final PriorityQueue<FetchResponse.AbortedTransaction> aborted;
    private final Set<Long> abortedProducers = new HashSet<>();
    final long fetchOffset;
    final long highWatermark;
    final long lastStableOffset;
    final long logStartOffset;
    private long nextFetchOffset;
    /** Where the next fetch of this partition may start while this buffer is drained; -1 for nowhere yet. */
    private long prefetchOffset;
    private int lastEpoch = -1;
    private final ReaderPool readers;
    /**
     * The offset after the batch being read (its last offset + 1), read from its header once: finishing the batch
     * then reads no buffer (whose class a leak-detecting wrapper may change now and then, a deoptimisation in the
     * per-record loop).
     */
    private long batchEnd;
    /** Reading the current batch; null between batches. */
    private RecordReader reader;
    private TimestampType timestampType;
    private int batchEpoch;
    /** {@link #batchEpoch} boxed (null if none), once per batch, for records built at once. */
    private Integer boxedEpoch;
    private RuntimeException failure;
    private boolean released;

    /**
     * @param records the partition's records, retained for this object (released by {@link #release()})
     */
    CompletedFetch(TopicPartition tp, FetchResponse.PartitionData data, ByteBuf records, long fetchOffset,
            boolean checkCrcs, IsolationLevel isolation, ReaderPool readers) {
        this.tp = tp;
        this.topic = tp.topic();
        this.partition = tp.partition();
        this.readers = readers;
        this.records = records;
        this.checkCrcs = checkCrcs;
        this.readCommitted = isolation == IsolationLevel.READ_COMMITTED;
        this.fetchOffset = fetchOffset;
        this.nextFetchOffset = fetchOffset;
        this.highWatermark = data.highWatermark();
        this.lastStableOffset = data.lastStableOffset();
        this.logStartOffset = data.logStartOffset();
        List<FetchResponse.AbortedTransaction> list = data.abortedTransactions();
        this.aborted = new PriorityQueue<>(Math.max(1, list == null ? 1 : list.size()), BY_FIRST_OFFSET);
        if (readCommitted && list != null) {
            aborted.addAll(list);
        }
        // One walk over the batch headers: where the complete batches end (the drain reads those, and stops at the
        // end of the bytes rather than at a partial batch: the walk ends the same way whether or not the response
        // ends with one, so the JIT's per-batch code meets no late first-time branch), and the offset after them.
        ByteBuf source = ByteBufs.withoutSamplingLeakWrapper(records);
        RecordBatches walk = RecordBatches.of(source);
        long end = endOffset(walk, fetchOffset);
        // A bad batch header: the drain's walk reports it after the batches before it; nothing is fetched ahead.
        boolean badHeader = end == BAD_HEADER;
        this.batches = badHeader ? RecordBatches.of(source) : RecordBatches.of(source, walk.position());
        this.partialBytes = badHeader ? 0 : walk.partialBytes();
        this.prefetchOffset = badHeader ? -1 : end;
    }

    /**
     * Walks the batch headers to the end of the complete batches, where {@code walk} stays. A method of its own (its
     * loop is what makes it hot), so that the constructor around it is not compiled with it.
     *
     * @return the offset after the last complete batch (where {@link #nextFetchOffset()} ends once this is drained
     *     without error), -1 if no complete batch ends past {@code fetchOffset}, or {@link #BAD_HEADER}
     */
    private static long endOffset(RecordBatches walk, long fetchOffset) {
        long end = -1;
        try {
            while (walk.hasNext()) {
                end = walk.next().nextOffset();
            }
        } catch (RuntimeException e) {
            return BAD_HEADER;
        }
        return end > fetchOffset ? end : -1;
    }

    /**
     * The offset a fetch ahead of this buffer starts from (the end of its last complete batch), or -1 if this buffer
     * must be drained before its partition is fetched again.
     */
    long prefetchOffset() {
        return failure != null ? -1 : prefetchOffset;
    }

    /** A fetch ahead of this buffer failed: its partition is fetched again from its position once this is drained. */
    void stopPrefetch() {
        prefetchOffset = -1;
    }

    TopicPartition partition() {
        return tp;
    }

    /** The offset the next fetch of this partition should start from, once this buffer is drained. */
    long nextFetchOffset() {
        return nextFetchOffset;
    }

    /** The leader epoch of the last record returned, -1 if none. */
    int lastEpoch() {
        return lastEpoch;
    }

    /** Whether a batch failed (corrupt, or too large): the buffer stays until a seek or revocation drops it. */
    boolean failed() {
        return failure != null;
    }

    /** Whether every record was drained (or the buffer released). */
    boolean isDrained() {
        return released || (failure == null && reader == null && !hasMoreBatches());
    }

    /**
     * Whether the buffer was released: {@link #drain} releases it once every record was drained, so after a drain
     * that returned this is {@link #isDrained()}, known without reading the buffer.
     */
    boolean isReleased() {
        return released;
    }

    private boolean hasMoreBatches() {
        try {
            return batches.hasNext();
        } catch (CorruptRecordException e) {
            return true; // next() will report it
        }
    }

    /**
     * Takes up to {@code max} records, in offset order, appending them to {@code out}.
     *
     * @return the number of records taken
     * @throws CorruptRecordException naming the partition and offset if a batch fails its CRC or does not decode,
     *     after none of its records were returned (records before it come back from the previous call)
     * @throws RecordTooLargeException if the response held only part of one batch (a broker older than KIP-74)
     */
    int drain(int max, FetchedRecords out) {
        if (failure != null) {
            throw failure;
        }
        int taken = 0;
        try {
            while (taken < max) {
                RecordReader r = reader;
                if (r == null || !r.hasNext()) {
                    if (!nextBatch()) {
                        break;
                    }
                    continue;
                }
                r.next();
                long offset = r.offset();
                if (offset < nextFetchOffset) {
                    if (!r.hasNext()) {
                        finishBatch();
                    }
                    continue;
                }
                long timestamp = r.timestamp();
                TimestampType type = timestamp < 0 ? TimestampType.NO_TIMESTAMP_TYPE : timestampType;
                if (out.asRecords) {
                    out.addRecord(topic, partition, offset, timestamp, type, r, boxedEpoch);
                } else {
                    out.add(offset, timestamp, type, r.key(), r.value(), r.headers(), batchEpoch);
                }
                nextFetchOffset = offset + 1;
                lastEpoch = batchEpoch;
                taken++;
                if (!r.hasNext()) {
                    finishBatch();
                }
            }
        } catch (CorruptRecordException e) {
            closeReader();
            failure = new CorruptRecordException("Partition " + tp + ": record batch at offset " + nextFetchOffset
                    + " is corrupt (" + e.getMessage() + "); seek past it to skip it", e);
            if (taken == 0) {
                throw failure;
            }
        }
        if (isDrained()) {
            release();
        }
        return taken;
    }

    /** Moves to the next batch that has records to return. @return false if there is none */
    private boolean nextBatch() {
        closeReader();
        if (!batches.hasNext()) {
            if (batches.position() == 0 && partialBytes > 0) {
                throw tooLarge();
            }
            return false;
        }
        RecordBatch next = batches.next();
        BatchHeader h = header;
        h.read(next);
        long end = h.nextOffset();
        if (end <= nextFetchOffset) {
            return true; // wholly before the fetch offset
        }
        if (checkCrcs) {
            next.ensureValid();
        }
        if (readCommitted ? skipUnderReadCommitted(next, h) : h.isControl()) {
            nextFetchOffset = end; // a control batch, or (read_committed) an aborted transaction's data
            return true;
        }
        batchEnd = end;
        timestampType = h.timestampType();
        batchEpoch = h.partitionLeaderEpoch();
        boxedEpoch = batchEpoch >= 0 ? batchEpoch : null;
        reader = readers.acquire();
        reader.load(next, h, RecordBatch.DEFAULT_MAX_UNCOMPRESSED_BYTES);
        if (!reader.hasNext()) {
            finishBatch();
        }
        return true;
    }

    /**
     * Under {@code read_committed}: whether {@code next} is to be skipped, as a control batch or data of an aborted
     * transaction (the response's aborted-transaction list, KIP-98). Out of line: nextBatch runs per batch and is
     * compiled early, C1 compiling every path of a method; most consumers read uncommitted.
     */
    private boolean skipUnderReadCommitted(RecordBatch next, BatchHeader h) {
        // Every aborted transaction that began at or before this batch's last offset is now in scope.
        while (!aborted.isEmpty() && aborted.peek().firstOffset() <= h.lastOffset()) {
            abortedProducers.add(aborted.poll().producerId());
        }
        if (h.isControl()) {
            if (h.isTransactional() && isAbortMarker(next)) {
                abortedProducers.remove(h.producerId());
            }
            return true;
        }
        return h.isTransactional() && abortedProducers.contains(h.producerId());
    }

    /** The response held only part of one batch (a broker older than KIP-74): out of line, rare. */
    private RuntimeException tooLarge() {
        failure = new RecordTooLargeException("Partition " + tp + ": the record batch at offset " + nextFetchOffset
                + " is larger than the " + partialBytes
                + " bytes the broker returned; raise max.partition.fetch.bytes / fetch.max.bytes");
        return failure;
    }

    private static boolean isAbortMarker(RecordBatch batch) {
        try (RecordIterator it = batch.iterator()) {
            return it.hasNext() && ControlRecordType.parse(it.next().key()) == ControlRecordType.ABORT;
        }
    }

    /** After a batch's last record: skip any offsets it covers past that record (compaction leaves gaps). */
    private void finishBatch() {
        nextFetchOffset = Math.max(nextFetchOffset, batchEnd);
        closeReader();
    }

    private void closeReader() {
        if (reader != null) {
            readers.release(reader);
            reader = null;
        }
    }

    /** Releases the response buffer and any decompressed data. Idempotent. */
    void release() {
        if (!released) {
            released = true;
            closeReader();
            records.release();
        }
    }

    /**
     * The {@link RecordReader}s of one consumer's buffers: a buffer holds one only while it is in the middle of a
     * batch, so a handful serve every partition and their arrays are reused. Confined to the consumer's executor.
     */
    static final class ReaderPool {
        private static final int KEEP = 4;
        private final ArrayDeque<RecordReader> free = new ArrayDeque<>();

        RecordReader acquire() {
            RecordReader r = free.poll();
            return r != null ? r : new RecordReader();
        }

        void release(RecordReader r) {
            r.clear();
            if (free.size() < KEEP) {
                free.push(r);
            }
        }
    }
}
