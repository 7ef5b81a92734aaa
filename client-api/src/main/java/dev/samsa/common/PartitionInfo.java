package dev.samsa.common;

import java.util.List;
import java.util.Objects;

/**
 * One partition of a topic as the cluster metadata (Metadata API, key 3) describes it: its leader and replicas.
 * Returned by {@code Producer.partitionsFor(topic)} and handed to a custom partitioner. Immutable and thread-safe.
 *
 * @param topic the topic name
 * @param partition the partition index, {@code >= 0}
 * @param leader the broker leading the partition, or null while it has none (for example during an election)
 * @param replicas the brokers holding a replica, in the controller's preferred order; unknown brokers are omitted
 * @param inSyncReplicas the replicas in the ISR
 * @param offlineReplicas the replicas whose log directory is offline
 * @since 0.1.0
 */
public record PartitionInfo(String topic, int partition, Node leader, List<Node> replicas, List<Node> inSyncReplicas,
        List<Node> offlineReplicas) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if {@code topic} or a list is null
     */
    public PartitionInfo {
        Objects.requireNonNull(topic, "topic");
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
        offlineReplicas = List.copyOf(offlineReplicas);
    }

    /** This partition's topic and index. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
