package dev.samsa.mock.internal;

import dev.samsa.mock.ReplicaSelector;
import dev.samsa.time.Time;
import java.util.List;
import java.util.Map;

/**
 * Everything the builder of {@link dev.samsa.mock.MockCluster} collected, validated. Immutable. Durations are in ms,
 * sizes in bytes; each default mirrors the Kafka broker setting named next to it in {@code MockCluster.Builder}.
 */
public record ClusterConfig(
        String clusterId,
        int brokers,
        int firstBrokerId,
        int controllerId,
        Map<Integer, String> racks,
        boolean autoCreateTopics,
        int numPartitions,
        int defaultReplicationFactor,
        Time time,
        long seed,
        int groupMinSessionTimeoutMs,
        int groupMaxSessionTimeoutMs,
        int groupInitialRebalanceDelayMs,
        int messageMaxBytes,
        long retentionCheckIntervalMs,
        int requestLogCapacity,
        boolean encodeMessages,
        int maxFrameBytes,
        List<TopicSpec> topics,
        ReplicaSelector replicaSelector) {

    /** Copies the racks and topics. */
    public ClusterConfig {
        racks = Map.copyOf(racks);
        topics = List.copyOf(topics);
    }
}
