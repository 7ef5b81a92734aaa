package dev.samsa.internal.metadata;

import dev.samsa.common.TopicPartition;
import java.util.List;

/**
 * One partition as a Metadata response described it.
 *
 * @param topicPartition the partition
 * @param leaderId the leader's broker id, or -1 for none
 * @param leaderEpoch the leader epoch (KIP-320), or -1 if the broker did not say
 * @param replicaIds the replicas' broker ids
 * @param isrIds the in-sync replicas' broker ids
 * @param offlineIds the offline replicas' broker ids
 * @param errorCode the partition's error code (e.g. {@code LEADER_NOT_AVAILABLE}), 0 for none
 */
public record PartitionMetadata(TopicPartition topicPartition, int leaderId, int leaderEpoch, List<Integer> replicaIds,
        List<Integer> isrIds, List<Integer> offlineIds, short errorCode) {
    public PartitionMetadata {
        replicaIds = List.copyOf(replicaIds);
        isrIds = List.copyOf(isrIds);
        offlineIds = List.copyOf(offlineIds);
    }

    /** The partition index. */
    public int partition() {
        return topicPartition.partition();
    }
}
