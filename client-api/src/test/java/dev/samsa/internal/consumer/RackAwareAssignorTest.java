package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rack-aware assignment (KIP-881) on small hand-checked groups; {@link AssignorOracleTest} compares random ones with
 * the official assignors.
 */
class RackAwareAssignorTest {
    private static Assignor.Member member(String id, String rack, List<String> topics, List<TopicPartition> owned,
            int generation) {
        return new Assignor.Member(id, null, new ConsumerProtocol.Subscription(topics, null, owned, generation, rack));
    }

    private static Map<String, Assignor.Member> members(Assignor.Member... ms) {
        Map<String, Assignor.Member> out = new LinkedHashMap<>();
        for (Assignor.Member m : ms) {
            out.put(m.memberId(), m);
        }
        return out;
    }

    /** Partition p of each topic has its single replica on rack {@code racks[p % racks.length]}. */
    private static Map<TopicPartition, Set<String>> striped(Map<String, Integer> topics, String... racks) {
        Map<TopicPartition, Set<String>> out = new HashMap<>();
        topics.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                out.put(new TopicPartition(t, p), Set.of(racks[p % racks.length]));
            }
        });
        return out;
    }

    private static Set<TopicPartition> tps(String topic, int... partitions) {
        Set<TopicPartition> out = new HashSet<>();
        for (int p : partitions) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = AssignmentStrategy.class, names = {"RANGE", "STICKY", "COOPERATIVE_STICKY"})
    void eachMemberGetsThePartitionsOnItsRack(AssignmentStrategy strategy) {
        Map<String, Integer> topics = Map.of("t", 6);
        var group = members(member("m1", "a", List.of("t"), List.of(), -1),
                member("m2", "b", List.of("t"), List.of(), -1), member("m3", "c", List.of("t"), List.of(), -1));
        var result = Assignor.of(strategy).assign(topics, striped(topics, "a", "b", "c"), group);
        assertThat(new HashSet<>(result.get("m1"))).isEqualTo(tps("t", 0, 3));
        assertThat(new HashSet<>(result.get("m2"))).isEqualTo(tps("t", 1, 4));
        assertThat(new HashSet<>(result.get("m3"))).isEqualTo(tps("t", 2, 5));
    }

    @Test
    void rangeKeepsCoPartitionedTopicsTogetherOnTheirRack() {
        Map<String, Integer> topics = Map.of("orders", 4, "payments", 4);
        var group = members(member("m1", "a", List.of("orders", "payments"), List.of(), -1),
                member("m2", "b", List.of("orders", "payments"), List.of(), -1));
        var result = Assignor.of(AssignmentStrategy.RANGE).assign(topics, striped(topics, "a", "b"), group);
        // without racks: m1 would take partitions 0-1 of both topics
        assertThat(result.get("m1")).containsExactly(new TopicPartition("orders", 0),
                new TopicPartition("orders", 2), new TopicPartition("payments", 0), new TopicPartition("payments", 2));
        assertThat(result.get("m2")).containsExactly(new TopicPartition("orders", 1),
                new TopicPartition("orders", 3), new TopicPartition("payments", 1), new TopicPartition("payments", 3));
    }

    @ParameterizedTest
    @EnumSource(value = AssignmentStrategy.class, names = {"RANGE", "STICKY", "COOPERATIVE_STICKY"})
    void balanceComesBeforeRackLocality(AssignmentStrategy strategy) {
        Map<String, Integer> topics = Map.of("t", 4);
        Map<TopicPartition, Set<String>> racks = new HashMap<>(striped(topics, "a"));
        racks.put(new TopicPartition("t", 3), Set.of("b")); // three partitions on rack a, one on b
        var group = members(member("m1", "a", List.of("t"), List.of(), -1),
                member("m2", "b", List.of("t"), List.of(), -1));
        var result = Assignor.of(strategy).assign(topics, racks, group);
        assertThat(result.get("m1")).hasSize(2);
        assertThat(result.get("m2")).hasSize(2).contains(new TopicPartition("t", 3));
    }

    @Test
    void stickyMovesAnOwnedPartitionOffTheMembersRack() {
        Map<String, Integer> topics = Map.of("t", 4);
        // m1 (rack a) owns 0 and 1, m2 (rack b) owns 2 and 3; replicas alternate a, b
        var group = members(
                member("m1", "a", List.of("t"), List.of(new TopicPartition("t", 0), new TopicPartition("t", 1)), 3),
                member("m2", "b", List.of("t"), List.of(new TopicPartition("t", 2), new TopicPartition("t", 3)), 3));
        var result = Assignor.of(AssignmentStrategy.COOPERATIVE_STICKY).assign(topics, striped(topics, "a", "b"),
                group);
        // partitions 1 and 2 change owner: under the cooperative protocol they are first revoked, so nobody gets
        // them in this rebalance; each member keeps its rack-local one
        assertThat(result.get("m1")).containsExactly(new TopicPartition("t", 0));
        assertThat(result.get("m2")).containsExactly(new TopicPartition("t", 3));
    }

    @ParameterizedTest
    @EnumSource(AssignmentStrategy.class)
    void withoutMemberRacksTheAssignmentIsTheRackBlindOne(AssignmentStrategy strategy) {
        Map<String, Integer> topics = Map.of("t", 5, "u", 3);
        var group = members(member("m1", null, List.of("t", "u"), List.of(), -1),
                member("m2", "", List.of("t", "u"), List.of(), -1));
        var withRacks = Assignor.of(strategy).assign(topics, striped(topics, "a", "b"), group);
        var without = Assignor.of(strategy).assign(topics, group);
        assertThat(withRacks).isEqualTo(without);
    }

    @Test
    void roundRobinIgnoresRacks() {
        Map<String, Integer> topics = Map.of("t", 4);
        var group = members(member("m1", "a", List.of("t"), List.of(), -1),
                member("m2", "b", List.of("t"), List.of(), -1));
        var result = Assignor.of(AssignmentStrategy.ROUND_ROBIN).assign(topics, striped(topics, "b", "a"), group);
        assertThat(result.get("m1")).containsExactly(new TopicPartition("t", 0), new TopicPartition("t", 2));
    }

    @Test
    void useRackAwareAssignmentOnlyWhenRacksOverlapAndDiffer() {
        assertThat(Assignor.useRackAwareAssignment(Set.of(), Set.of("a"), List.of(Set.of("a")))).isFalse();
        assertThat(Assignor.useRackAwareAssignment(Set.of("c"), Set.of("a", "b"), List.of(Set.of("a"),
                Set.of("b")))).isFalse();
        assertThat(Assignor.useRackAwareAssignment(Set.of("a"), Set.of("a", "b"), List.of(Set.of("a", "b"),
                Set.of("a", "b")))).isFalse();
        assertThat(Assignor.useRackAwareAssignment(Set.of("a"), Set.of("a", "b"), List.of(Set.of("a"),
                Set.of("a", "b")))).isTrue();
    }
}
