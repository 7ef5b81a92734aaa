package dev.samsa.internal.metadata;

import dev.samsa.common.Node;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable snapshot of the cluster metadata: brokers by id and topics by name. A new snapshot replaces the old
 * one on every Metadata response, so a reader holding one sees a consistent view. Thread-safe.
 */
public final class Cluster {
    /** No brokers, no topics: the state before the first Metadata response. */
    public static final Cluster EMPTY = new Cluster(null, -1, Map.of(), Map.of(), -1);

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, Node> nodes;
    private final Map<String, TopicMetadata> topics;
    private final Map<String, List<PartitionInfo>> available;
    private final long updatedMs;

    /**
     * @param clusterId the cluster id, or null
     * @param controllerId the controller's broker id as the response gave it, or -1
     * @param nodes brokers by id (copied)
     * @param topics topics by name (copied)
     * @param updatedMs when the response arrived, on the monotonic clock in ms; -1 for never
     */
    public Cluster(String clusterId, int controllerId, Map<Integer, Node> nodes, Map<String, TopicMetadata> topics,
            long updatedMs) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.nodes = Map.copyOf(nodes);
        this.topics = Map.copyOf(topics);
        this.updatedMs = updatedMs;
        Map<String, List<PartitionInfo>> avail = new HashMap<>();
        for (TopicMetadata t : topics.values()) {
            List<PartitionInfo> list = new ArrayList<>();
            for (PartitionInfo p : t.partitionInfos()) {
                if (p.leader() != null) {
                    list.add(p);
                }
            }
            avail.put(t.name(), List.copyOf(list));
        }
        this.available = Collections.unmodifiableMap(avail);
    }

    /** The cluster id, or null if not known. */
    public String clusterId() {
        return clusterId;
    }

    /** The controller id the last response named, or -1. */
    public int controllerId() {
        return controllerId;
    }

    /** When this snapshot was taken (monotonic ms), -1 for {@link #EMPTY}. */
    public long updatedMs() {
        return updatedMs;
    }

    /** Every known broker. */
    public Collection<Node> nodes() {
        return nodes.values();
    }

    /** The broker with this id, or null. */
    public Node node(int id) {
        return nodes.get(id);
    }

    /** The topic's metadata, or null if this snapshot does not hold it. */
    public TopicMetadata topic(String topic) {
        return topics.get(topic);
    }

    /** The names of the topics this snapshot holds. */
    public Collection<String> topicNames() {
        return topics.keySet();
    }

    /** The topic's partitions ordered by index, or an empty list if unknown. */
    public List<PartitionInfo> partitionsFor(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? List.of() : t.partitionInfos();
    }

    /** The partitions of the topic that have a leader, ordered by index; empty if unknown. */
    public List<PartitionInfo> availablePartitionsFor(String topic) {
        return available.getOrDefault(topic, List.of());
    }

    /** The topic's partition count, or -1 if unknown. */
    public int partitionCount(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? -1 : t.partitionCount();
    }

    /** The topic id, or null if unknown or not sent by the broker. */
    public UUID topicId(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? null : t.topicId();
    }

    /** The partition's metadata, or null if unknown. */
    public PartitionMetadata partition(TopicPartition tp) {
        TopicMetadata t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitionCount()) {
            return null;
        }
        return t.partitions().get(tp.partition());
    }

    /** The partition's leader, or null if unknown or leaderless. */
    public Node leaderFor(TopicPartition tp) {
        TopicMetadata t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitionCount()) {
            return null;
        }
        return t.partitionInfos().get(tp.partition()).leader();
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", nodes=" + nodes.values() + ", topics=" + topics.keySet() + ")";
    }
}
