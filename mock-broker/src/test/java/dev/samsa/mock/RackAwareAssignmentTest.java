package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.serde.Deserializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rack-aware assignment (KIP-881) end to end: brokers on three racks, one replica per partition, a group of three
 * Samsa consumers each with its own {@code client.rack}. The leader reads every member's rack from the JoinGroup
 * subscriptions and the replica racks from Metadata, so each member gets exactly the partitions led on its rack,
 * even where the rack-blind assignment would hand out other ones (range: partitions 0-1, 2-3, 4-5).
 */
class RackAwareAssignmentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;

    private MockCluster cluster;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = AssignmentStrategy.class, names = {"RANGE", "STICKY", "COOPERATIVE_STICKY"})
    void membersWithClientRackGetThePartitionsOnTheirRack(AssignmentStrategy strategy) {
        cluster = MockCluster.builder().brokers(3).rack(0, "rack-a").rack(1, "rack-b").rack(2, "rack-c")
                .topic(TOPIC, PARTITIONS, 1).build();
        Map<Integer, String> brokerRacks = Map.of(0, "rack-a", 1, "rack-b", 2, "rack-c");
        Map<String, Set<TopicPartition>> expected = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int broker = cluster.partition(TOPIC, p).replicas().get(0);
            expected.computeIfAbsent(brokerRacks.get(broker), k -> new HashSet<>()).add(new TopicPartition(TOPIC, p));
        }
        // the test means something only if the rack-local assignment differs from contiguous ranges
        assertThat(expected.values()).allSatisfy(parts -> assertThat(parts).hasSize(2))
                .doesNotContain(Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1)));

        Map<String, Consumer<String, String>> consumers = new HashMap<>();
        for (String rack : List.of("rack-a", "rack-b", "rack-c")) {
            Consumer<String, String> c = consumer(strategy, rack);
            c.subscribe(List.of(TOPIC));
            consumers.put(rack, c);
        }
        pollUntil(consumers.values(), () -> {
            Set<TopicPartition> all = new HashSet<>();
            for (Consumer<String, String> c : consumers.values()) {
                if (c.assignment().size() != 2) {
                    return false;
                }
                all.addAll(c.assignment());
            }
            return all.size() == PARTITIONS;
        });
        consumers.forEach((rack, c) -> assertThat(c.assignment()).as("member on " + rack)
                .isEqualTo(expected.get(rack)));
    }

    private Consumer<String, String> consumer(AssignmentStrategy strategy, String rack) {
        Transport transport = cluster.transport();
        closeables.add(transport);
        Consumer<String, String> c = Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(transport).groupId("rack-aware").clientRack(rack).assignmentStrategies(strategy)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).retryBackoff(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(50)).defaultApiTimeout(TIMEOUT).build();
        closeables.add(c);
        return c;
    }

    /**
     * Polls every consumer in turn, on this thread (the consumers' polling thread), until the condition holds; fails
     * if the group has not settled within the timeout.
     */
    private static void pollUntil(Iterable<Consumer<String, String>> consumers,
            java.util.function.BooleanSupplier done) {
        await("group settled").atMost(TIMEOUT).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1)).until(() -> {
                    if (done.getAsBoolean()) {
                        return true;
                    }
                    for (Consumer<String, String> c : consumers) {
                        c.poll(Duration.ofMillis(50));
                    }
                    return done.getAsBoolean();
                });
    }
}
