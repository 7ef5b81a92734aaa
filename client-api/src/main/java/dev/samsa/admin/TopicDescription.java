package dev.samsa.admin;

import dev.samsa.common.PartitionInfo;
import java.util.List;
import java.util.UUID;

/**
 * A topic as {@link Admin#describeTopics} describes it, from a Metadata response (API key 3).
 *
 * @param name the topic
 * @param topicId its id (KIP-516), or null if the broker did not report one
 * @param internal whether it is an internal topic
 * @param partitions every partition ordered by index: leader (null if none), replicas, in-sync replicas and offline
 *     replicas as nodes; a replica on a broker that is not running is a node with its id, an empty host and port 0
 * @since 0.1.0
 */
public record TopicDescription(String name, UUID topicId, boolean internal, List<PartitionInfo> partitions) {
    /** Copies the partitions. */
    public TopicDescription {
        partitions = List.copyOf(partitions);
    }
}
