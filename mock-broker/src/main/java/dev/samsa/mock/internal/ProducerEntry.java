package dev.samsa.mock.internal;

import java.util.ArrayDeque;

/**
 * What a partition remembers of one idempotent producer (Kafka's producer state): its epoch and the metadata of its
 * last five batches, enough to recognise a retried batch and answer it with its original offset.
 */
final class ProducerEntry {
    /** Kafka keeps the last five batches per producer and partition: max.in.flight.requests.per.connection. */
    static final int CACHED_BATCHES = 5;

    short epoch;
    final ArrayDeque<BatchMeta> batches = new ArrayDeque<>(CACHED_BATCHES);

    record BatchMeta(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long logAppendTime) {
    }

    ProducerEntry(short epoch) {
        this.epoch = epoch;
    }

    int lastSeq() {
        return batches.isEmpty() ? -1 : batches.peekLast().lastSeq();
    }

    BatchMeta duplicateOf(short epoch, int firstSeq, int lastSeq) {
        if (epoch != this.epoch) {
            return null;
        }
        for (BatchMeta b : batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return b;
            }
        }
        return null;
    }

    void add(short epoch, BatchMeta meta) {
        if (epoch != this.epoch) {
            this.epoch = epoch;
            batches.clear();
        }
        if (batches.size() == CACHED_BATCHES) {
            batches.pollFirst();
        }
        batches.addLast(meta);
    }
}
