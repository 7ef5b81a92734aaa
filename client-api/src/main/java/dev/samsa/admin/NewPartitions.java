package dev.samsa.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to grow a topic with {@link Admin#createPartitions}: its new total partition count and, optionally, the replicas
 * of each added partition. Partitions are never removed (Kafka cannot shrink a topic).
 *
 * @param totalCount the partition count after the call; must exceed the current one
 * @param newAssignments for each added partition in order, its replicas' broker ids (preferred leader first); empty
 *     to let the broker place them
 * @since 0.1.0
 */
public record NewPartitions(int totalCount, List<List<Integer>> newAssignments) {
    /**
     * @throws IllegalArgumentException if {@code totalCount} is not positive
     */
    public NewPartitions {
        if (totalCount <= 0) {
            throw new IllegalArgumentException("total partition count " + totalCount + " (expected: > 0)");
        }
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> r : newAssignments) {
            copy.add(List.copyOf(r));
        }
        newAssignments = Collections.unmodifiableList(copy);
    }

    /** Grows to {@code totalCount} partitions, placed by the broker. */
    public static NewPartitions increaseTo(int totalCount) {
        return new NewPartitions(totalCount, List.of());
    }

    /** Grows to {@code totalCount} partitions with these replicas for the added ones. */
    public static NewPartitions increaseTo(int totalCount, List<List<Integer>> newAssignments) {
        return new NewPartitions(totalCount, newAssignments);
    }
}
