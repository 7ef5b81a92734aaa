package dev.samsa.mock.internal;

import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log of one partition: record batches as bytes in offset order, the log start and end offsets, the producer
 * state of idempotent producers and the leader epoch history. Every replica is in sync the moment a batch is
 * appended (the mock has no replication lag), so the high watermark is always the log end offset, and with no
 * transactions the last stable offset is too. Guarded by the cluster lock.
 */
final class PartitionLog {
    private final ArrayList<StoredBatch> batches = new ArrayList<>();
    private long logStartOffset;
    private long logEndOffset;
    private long sizeInBytes;
    final Map<Long, ProducerEntry> producers = new HashMap<>();
    /** (epoch, start offset) pairs, ascending: the leader epoch cache of KIP-101. */
    private final List<long[]> epochs = new ArrayList<>();

    PartitionLog(int initialEpoch) {
        epochs.add(new long[] {initialEpoch, 0});
    }

    long logStartOffset() {
        return logStartOffset;
    }

    long logEndOffset() {
        return logEndOffset;
    }

    long highWatermark() {
        return logEndOffset;
    }

    long lastStableOffset() {
        return logEndOffset;
    }

    long sizeInBytes() {
        return sizeInBytes;
    }

    int batchCount() {
        return batches.size();
    }

    List<StoredBatch> batches() {
        return batches;
    }

    /** Appends a batch whose base offset is already {@link #logEndOffset()}. */
    void append(StoredBatch batch) {
        batches.add(batch);
        logEndOffset = batch.lastOffset + 1;
        sizeInBytes += batch.size;
    }

    /** A new leader epoch begins at the current end of the log. */
    void newEpoch(int epoch) {
        long[] last = epochs.get(epochs.size() - 1);
        if (last[1] == logEndOffset) {
            epochs.set(epochs.size() - 1, new long[] {epoch, logEndOffset});
        } else {
            epochs.add(new long[] {epoch, logEndOffset});
        }
    }

    /**
     * OffsetForLeaderEpoch, as Kafka's leader epoch cache answers it: for the latest epoch, {epoch, log end offset};
     * otherwise the largest epoch not above {@code epoch} and the offset where the epoch after it starts; for an epoch
     * older than the whole history, {@code epoch} itself and the start of the first known epoch; {-1, -1} for an
     * undefined ({@code < 0}) epoch or one newer than the latest.
     */
    long[] endOffsetFor(int epoch) {
        long[] latest = epochs.get(epochs.size() - 1);
        if (epoch < 0 || epoch > latest[0]) {
            return new long[] {-1, -1};
        }
        if (epoch == latest[0]) {
            return new long[] {epoch, logEndOffset};
        }
        for (int i = epochs.size() - 2; i >= 0; i--) {
            long[] e = epochs.get(i);
            if (e[0] <= epoch) {
                return new long[] {e[0], epochs.get(i + 1)[1]};
            }
        }
        return new long[] {epoch, epochs.get(0)[1]};
    }

    /**
     * Truncates the log to end at {@code offset}, as a replica does when it follows a leader whose log is shorter
     * (after an unclean leader election): batches from {@code offset} on are dropped and so are the epochs that
     * start there or later (Kafka's {@code truncateFromEnd}).
     *
     * @throws IllegalArgumentException if {@code offset} is outside [log start, log end] or inside a batch
     */
    void truncateTo(long offset) {
        if (offset < logStartOffset || offset > logEndOffset) {
            throw new IllegalArgumentException("truncation offset " + offset + " is outside the log ["
                    + logStartOffset + ", " + logEndOffset + "]");
        }
        int keep = indexOf(offset);
        if (keep < batches.size() && batches.get(keep).baseOffset < offset) {
            throw new IllegalArgumentException("truncation offset " + offset + " is inside the batch at offsets "
                    + batches.get(keep).baseOffset + ".." + batches.get(keep).lastOffset
                    + " (truncate at a batch boundary)");
        }
        List<StoredBatch> tail = batches.subList(keep, batches.size());
        for (StoredBatch b : tail) {
            sizeInBytes -= b.size;
            b.buf.release();
        }
        tail.clear();
        logEndOffset = offset;
        while (epochs.size() > 1 && epochs.get(epochs.size() - 1)[1] >= offset) {
            epochs.remove(epochs.size() - 1);
        }
    }

    /** Index of the first batch whose last offset is at or after {@code offset}; {@code batches.size()} if none. */
    int indexOf(long offset) {
        int lo = 0;
        int hi = batches.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (batches.get(mid).lastOffset < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Reads from the batch holding {@code offset} on, as Kafka's log read does: whole batches while they fit in
     * {@code maxBytes}, then the bytes that still fit of the next one (a partial batch, which clients skip), except
     * that with {@code minOneBatch} a first batch larger than the limit is returned whole (KIP-74).
     *
     * @return retained slices of the stored batches (one buffer or a composite) that the caller releases, or null
     *     if nothing is to be returned
     */
    ByteBuf read(long offset, int maxBytes, boolean minOneBatch) {
        int i = indexOf(offset);
        List<ByteBuf> parts = null;
        long total = 0;
        for (; i < batches.size(); i++) {
            StoredBatch b = batches.get(i);
            int take;
            if (total + b.size <= maxBytes || (total == 0 && minOneBatch)) {
                take = b.size;
            } else {
                take = (int) Math.max(0, maxBytes - total);
            }
            if (take == 0) {
                break;
            }
            if (parts == null) {
                parts = new ArrayList<>(4);
            }
            parts.add(b.buf.retainedSlice(b.buf.readerIndex(), take));
            total += take;
            if (take < b.size || total >= maxBytes) {
                break;
            }
        }
        if (parts == null) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        CompositeByteBuf composite = Unpooled.compositeBuffer(parts.size());
        composite.addComponents(true, parts);
        return composite;
    }

    /** How many bytes {@link #read} would return, without building anything. */
    long bytesAvailable(long offset, int maxBytes, boolean minOneBatch) {
        long total = 0;
        for (int i = indexOf(offset); i < batches.size(); i++) {
            StoredBatch b = batches.get(i);
            if (total + b.size <= maxBytes || (total == 0 && minOneBatch)) {
                total += b.size;
            } else {
                return maxBytes;
            }
            if (total >= maxBytes) {
                break;
            }
        }
        return total;
    }

    /**
     * ListOffsets by timestamp: the first record whose timestamp is at or after {@code timestamp}, as
     * {offset, timestamp}, or null if there is none.
     */
    long[] offsetForTimestamp(long timestamp) {
        for (StoredBatch b : batches) {
            if (b.maxTimestamp < timestamp) {
                continue;
            }
            RecordBatch batch = RecordBatch.wrap(b.buf.duplicate());
            try (RecordIterator it = batch.iterator()) {
                while (it.hasNext()) {
                    Record r = it.next();
                    if (r.timestamp() >= timestamp && r.offset() >= logStartOffset) {
                        return new long[] {r.offset(), r.timestamp()};
                    }
                }
            }
        }
        return null;
    }

    /** ListOffsets MAX_TIMESTAMP (KIP-734): {offset, timestamp} of the first record with the largest timestamp. */
    long[] maxTimestamp() {
        long[] best = null;
        for (StoredBatch b : batches) {
            if (best == null || b.maxTimestamp > best[1]) {
                best = new long[] {b.offsetOfMaxTimestamp, b.maxTimestamp};
            }
        }
        return best;
    }

    /** Drops the first {@code count} batches (retention), moving the log start offset past them. */
    void dropHead(int count) {
        if (count <= 0) {
            return;
        }
        List<StoredBatch> head = batches.subList(0, count);
        for (StoredBatch b : head) {
            sizeInBytes -= b.size;
            b.buf.release();
        }
        long next = count < batches.size() ? batches.get(count).baseOffset : logEndOffset;
        head.clear();
        logStartOffset = Math.max(logStartOffset, next);
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (at most the log end offset), dropping the
     * batches that lie wholly before it. A batch that straddles it stays; reads skip its records below the start.
     */
    void advanceLogStartOffset(long offset) {
        int whole = 0;
        while (whole < batches.size() && batches.get(whole).lastOffset < offset) {
            whole++;
        }
        dropHead(whole);
        logStartOffset = Math.max(logStartOffset, Math.min(offset, logEndOffset));
    }

    /** Replaces all batches (compaction), keeping the start and end offsets. */
    void replaceBatches(List<StoredBatch> kept) {
        for (StoredBatch b : batches) {
            b.buf.release();
        }
        batches.clear();
        sizeInBytes = 0;
        for (StoredBatch b : kept) {
            batches.add(b);
            sizeInBytes += b.size;
        }
    }

    /** Releases every batch (topic deleted, cluster closed). */
    void releaseAll() {
        for (StoredBatch b : batches) {
            b.buf.release();
        }
        batches.clear();
        sizeInBytes = 0;
    }
}
