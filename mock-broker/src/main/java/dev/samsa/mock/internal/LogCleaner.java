package dev.samsa.mock.internal;

import dev.samsa.common.Header;
import dev.samsa.consumer.TimestampType;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retention and compaction, at batch granularity where Kafka works with segments.
 *
 * <p>Deviations from Kafka: time retention drops the oldest batches whose max timestamp is older than
 * {@code retention.ms} (Kafka drops whole segments by their largest timestamp); size retention drops the oldest
 * batches while the rest still hold {@code retention.bytes} (Kafka: segments). Compaction covers the whole log,
 * active segment included, keeps the latest record per key, drops tombstones older than {@code delete.retention.ms}
 * and rewrites each surviving record of a partly cleaned batch as a batch of its own (same offset, timestamp,
 * producer id and sequence, codec), where Kafka keeps one batch with gaps in its offset deltas.
 */
final class LogCleaner {
    static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private LogCleaner() {
    }

    static void applyRetention(PartitionLog log, long retentionMs, long retentionBytes, long nowMs) {
        List<StoredBatch> batches = log.batches();
        int drop = 0;
        if (retentionMs >= 0) {
            while (drop < batches.size() && batches.get(drop).maxTimestamp < nowMs - retentionMs) {
                drop++;
            }
        }
        if (retentionBytes >= 0) {
            long size = log.sizeInBytes();
            for (int i = 0; i < drop; i++) {
                size -= batches.get(i).size;
            }
            while (drop < batches.size() && size - batches.get(drop).size >= retentionBytes) {
                size -= batches.get(drop).size;
                drop++;
            }
        }
        log.dropHead(drop);
    }

    static void compact(PartitionLog log, long deleteRetentionMs, long nowMs) {
        List<StoredBatch> batches = log.batches();
        Map<ByteBuf, Long> latest = new HashMap<>();
        for (StoredBatch b : batches) {
            RecordBatch batch = RecordBatch.wrap(b.buf.duplicate());
            if (batch.isControl()) {
                continue;
            }
            try (RecordIterator it = batch.iterator()) {
                while (it.hasNext()) {
                    Record r = it.next();
                    if (r.hasKey()) {
                        latest.put(io.netty.buffer.Unpooled.wrappedBuffer(r.keyBytes()), r.offset());
                    }
                }
            }
        }
        List<StoredBatch> kept = new ArrayList<>(batches.size());
        boolean changed = false;
        for (StoredBatch b : batches) {
            RecordBatch batch = RecordBatch.wrap(b.buf.duplicate());
            if (batch.isControl()) {
                kept.add(retain(b));
                continue;
            }
            List<Record> survivors = new ArrayList<>();
            int total = 0;
            try (RecordIterator it = batch.iterator()) {
                while (it.hasNext()) {
                    Record r = it.next();
                    total++;
                    boolean latestForKey = r.hasKey()
                            && latest.get(io.netty.buffer.Unpooled.wrappedBuffer(r.keyBytes())) == r.offset();
                    boolean expiredTombstone = !r.hasValue() && b.maxTimestamp + deleteRetentionMs < nowMs;
                    if (latestForKey && !expiredTombstone) {
                        survivors.add(r);
                    }
                }
                if (survivors.size() == total) {
                    kept.add(retain(b));
                    continue;
                }
                changed = true;
                for (Record r : survivors) {
                    kept.add(rewrite(batch, b, r));
                }
            }
        }
        if (changed) {
            log.replaceBatches(kept);
        } else {
            for (StoredBatch b : kept) {
                b.buf.release();
            }
        }
    }

    private static StoredBatch retain(StoredBatch b) {
        b.buf.retain();
        return b;
    }

    private static StoredBatch rewrite(RecordBatch source, StoredBatch stored, Record r) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, source.compressionType(), 64)) {
            builder.baseOffset(r.offset()).partitionLeaderEpoch(source.partitionLeaderEpoch())
                    .producerState(source.producerId(), source.producerEpoch(), r.sequence());
            if (source.timestampType() == TimestampType.LOG_APPEND_TIME) {
                builder.logAppendTime(source.maxTimestamp());
            }
            builder.append(r.timestamp(), r.key(), r.value(), r.headers().toArray(new Header[0]));
            ByteBuf buf = builder.build();
            return new StoredBatch(buf, r.offset(), r.offset(), r.timestamp(), r.offset(), stored.leaderEpoch,
                    stored.appendTimeMs);
        }
    }
}
