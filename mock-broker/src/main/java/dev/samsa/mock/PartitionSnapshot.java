package dev.samsa.mock;

import java.util.List;

/**
 * The state of one mock partition at the moment {@link MockCluster#partition} was called. Immutable.
 *
 * @param topic the topic
 * @param partition the partition index
 * @param leader the leader's broker id, -1 while it has none
 * @param leaderEpoch the leader epoch (bumped by every leader change)
 * @param replicas the replica broker ids, preferred leader first
 * @param isr the in-sync replicas
 * @param logStartOffset the first offset still in the log (moved by retention)
 * @param logEndOffset the offset the next record will get
 * @param highWatermark the last committed offset + 1 (equal to the log end offset in the mock)
 * @param batchCount how many record batches the log holds
 * @param sizeInBytes the bytes of those batches
 */
public record PartitionSnapshot(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas,
        List<Integer> isr, long logStartOffset, long logEndOffset, long highWatermark, int batchCount,
        long sizeInBytes) {
    /** Copies the lists. */
    public PartitionSnapshot {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
