package dev.samsa.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create with {@link Admin#createTopics}: a name and either a partition count and replication factor
 * (each possibly left to the broker's {@code num.partitions} / {@code default.replication.factor}) or an explicit
 * replica assignment, plus topic config overrides (Kafka's topic config keys, e.g. {@code retention.ms}).
 *
 * <p>Immutable and thread-safe; {@link #config(String, String)} returns a copy.
 *
 * @param name the topic name
 * @param partitions the partition count, or -1 for the broker's {@code num.partitions} (also -1 with an assignment)
 * @param replicationFactor the replication factor, or -1 for the broker's {@code default.replication.factor} (also -1
 *     with an assignment)
 * @param replicaAssignment the broker ids of each partition's replicas, partition 0 first, the first id the preferred
 *     leader; empty unless created with {@link #withAssignment}
 * @param configs topic config overrides
 * @since 0.1.0
 */
public record NewTopic(String name, int partitions, short replicationFactor, List<List<Integer>> replicaAssignment,
        Map<String, String> configs) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code partitions} or {@code replicationFactor} is neither -1 nor positive,
     *     or an assignment is combined with a partition count or replication factor
     */
    public NewTopic {
        Objects.requireNonNull(name, "name");
        if (partitions == 0 || partitions < -1) {
            throw new IllegalArgumentException("topic '" + name + "': partitions " + partitions
                    + " (expected: > 0, or -1 for the broker's num.partitions)");
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("topic '" + name + "': replication factor " + replicationFactor
                    + " (expected: > 0, or -1 for the broker's default.replication.factor)");
        }
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> r : Objects.requireNonNull(replicaAssignment, "replicaAssignment")) {
            copy.add(List.copyOf(r));
        }
        replicaAssignment = Collections.unmodifiableList(copy);
        if (!replicaAssignment.isEmpty() && (partitions != -1 || replicationFactor != -1)) {
            throw new IllegalArgumentException("topic '" + name + "': a replica assignment excludes a partition count "
                    + "and replication factor (pass -1 for both)");
        }
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(configs, "configs")));
    }

    /**
     * A topic with {@code partitions} partitions of {@code replicationFactor} replicas each, placed by the broker.
     *
     * @param partitions the count, or -1 for the broker's default
     * @param replicationFactor the replicas per partition, or -1 for the broker's default
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static NewTopic of(String name, int partitions, int replicationFactor) {
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic '" + name + "': replication factor " + replicationFactor
                    + " (expected: <= " + Short.MAX_VALUE + ")");
        }
        return new NewTopic(name, partitions, (short) replicationFactor, List.of(), Map.of());
    }

    /**
     * A topic with the broker's default partition count and replication factor.
     */
    public static NewTopic withDefaults(String name) {
        return of(name, -1, -1);
    }

    /**
     * A topic whose partition {@code i} has the replicas {@code assignment.get(i)} (broker ids, preferred leader first).
     *
     * @throws IllegalArgumentException if {@code assignment} is empty
     */
    public static NewTopic withAssignment(String name, List<List<Integer>> assignment) {
        if (assignment.isEmpty()) {
            throw new IllegalArgumentException("topic '" + name + "': empty replica assignment");
        }
        return new NewTopic(name, -1, (short) -1, assignment, Map.of());
    }

    /**
     * A copy with one more topic config override (a later value for the same key wins).
     *
     * @param key a Kafka topic config key, e.g. {@code cleanup.policy}
     * @param value its value
     */
    public NewTopic config(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(configs);
        next.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new NewTopic(name, partitions, replicationFactor, replicaAssignment, next);
    }
}
