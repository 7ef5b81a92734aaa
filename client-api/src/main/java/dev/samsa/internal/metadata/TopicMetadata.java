package dev.samsa.internal.metadata;

import dev.samsa.common.PartitionInfo;
import java.util.List;
import java.util.UUID;

/**
 * One topic as a Metadata response described it, with its partitions ordered by index (index {@code i} at
 * position {@code i}).
 *
 * @param name the topic name
 * @param topicId the topic id (KIP-516), or null if the broker did not send one (Metadata before v10)
 * @param internal whether it is an internal topic such as {@code __consumer_offsets}
 * @param partitions the partitions, ordered by index
 * @param partitionInfos the same as public {@link PartitionInfo}s, nodes resolved
 */
public record TopicMetadata(String name, UUID topicId, boolean internal, List<PartitionMetadata> partitions,
        List<PartitionInfo> partitionInfos) {
    public TopicMetadata {
        partitions = List.copyOf(partitions);
        partitionInfos = List.copyOf(partitionInfos);
    }

    /** The number of partitions. */
    public int partitionCount() {
        return partitions.size();
    }
}
