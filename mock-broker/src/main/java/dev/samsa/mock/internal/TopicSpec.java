package dev.samsa.mock.internal;

import java.util.Map;

/** A topic to create when the cluster starts: name, partition count, replication factor, topic configs. */
public record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    /** Copies the configs. */
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
