package dev.samsa.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.TopicPartition;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KIP-320 offset validation against the mock broker: after a leader change the consumer validates its position with
 * OffsetsForLeaderEpoch before fetching again; a log truncated below the position (an unclean leader election) moves
 * the position to the first divergent offset, or fails the poll with {@link LogTruncationException} under
 * {@code auto.offset.reset=none}; committed offsets and seeks with a leader epoch are validated too.
 */
class OffsetValidationOnMockTest {
    private static final String TOPIC = "t";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private MockCluster cluster;
    private Transport transport;
    private Producer<String, String> producer;
    private final List<Consumer<String, String>> consumers = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = MockCluster.builder().brokers(2).topic(TOPIC, 1, 2).build();
        transport = cluster.transport("test");
        producer = Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport)
                .linger(Duration.ZERO).build();
    }

    @AfterEach
    void stop() {
        consumers.forEach(Consumer::close);
        producer.close();
        transport.close();
        cluster.close();
    }

    private Consumer<String, String> consumer(AutoOffsetReset reset, String group) {
        ConsumerBuilder<String, String> b = Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(transport).autoOffsetReset(reset).fetchMaxWait(Duration.ofMillis(50))
                .retryBackoff(Duration.ofMillis(10));
        if (group != null) {
            b.groupId(group).enableAutoCommit(false);
        }
        Consumer<String, String> c = b.build();
        consumers.add(c);
        return c;
    }

    /** Produces one batch per value, so that the log can be truncated between any two. */
    private void produce(String... values) {
        for (String v : values) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", v)).join();
        }
    }

    private int follower() {
        return 1 - cluster.partition(TOPIC, 0).leader();
    }

    private static List<String> poll(Consumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(20)).forEach(got::add);
            return got.size() >= count;
        });
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : got) {
            out.add(r.offset() + ":" + r.value());
        }
        return out;
    }

    private int validations() {
        return cluster.requests(KafkaApi.OFFSET_FOR_LEADER_EPOCH).size();
    }

    /**
     * Whether a Fetch asked for {@code offset} under leader epoch {@code epoch}: a position that validation moved
     * first is never fetched from the new leader (a fetch would find out too, through its divergence check, but
     * only after the round trip).
     */
    private boolean fetched(long offset, int epoch) {
        return cluster.requests(KafkaApi.FETCH).stream()
                .map(r -> (dev.samsa.internal.protocol.message.FetchRequest) r.body())
                .flatMap(f -> f.topics().stream()).flatMap(t -> t.partitions().stream())
                .anyMatch(p -> p.fetchOffset() == offset && p.currentLeaderEpoch() == epoch);
    }

    @Test
    void aLeaderChangeIsValidatedAndConsumptionGoesOnWithoutGapsOrDuplicates() {
        produce("a0", "a1", "a2");
        Consumer<String, String> consumer = consumer(AutoOffsetReset.EARLIEST, null);
        consumer.assign(List.of(TP));
        assertThat(poll(consumer, 3)).containsExactly("0:a0", "1:a1", "2:a2");
        assertThat(validations()).isZero();

        cluster.faults().moveLeader(TOPIC, 0, follower());
        produce("b3", "b4");
        List<String> after = poll(consumer, 2);
        produce("b5");
        after.addAll(poll(consumer, 1));

        assertThat(after).containsExactly("3:b3", "4:b4", "5:b5");
        assertThat(validations()).isPositive();
        assertThat(consumer.position(TP)).isEqualTo(6);
    }

    @Test
    void aTruncatedLogMovesThePositionToTheFirstDivergentOffset() {
        produce("a0", "a1", "a2", "a3", "a4");
        Consumer<String, String> consumer = consumer(AutoOffsetReset.EARLIEST, null);
        consumer.assign(List.of(TP));
        assertThat(poll(consumer, 5)).hasSize(5);

        // The new leader had only offsets 0..2: 3 and 4 are lost, and new records take their offsets.
        cluster.faults().electUncleanLeader(TOPIC, 0, follower(), 3);
        produce("n3", "n4", "n5");

        // Resumes at 3, the first divergent offset: neither from the beginning (duplicates) nor at the end (loss).
        assertThat(poll(consumer, 3)).containsExactly("3:n3", "4:n4", "5:n5");
        assertThat(validations()).isPositive();
        assertThat(fetched(5, 1)).isFalse();
    }

    @Test
    void withAutoOffsetResetNoneATruncationFailsThePollUntilASeek() {
        produce("a0", "a1", "a2", "a3", "a4");
        Consumer<String, String> consumer = consumer(AutoOffsetReset.NONE, null);
        consumer.assign(List.of(TP));
        consumer.seek(TP, 0);
        assertThat(poll(consumer, 5)).hasSize(5);
        cluster.faults().electUncleanLeader(TOPIC, 0, follower(), 3);
        produce("n3");

        LogTruncationException e = awaitTruncation(consumer);
        assertThat(e.partition()).isEqualTo(TP);
        assertThat(e.fetchPosition()).isEqualTo(5);
        assertThat(e.divergentOffset()).hasValueSatisfying(o -> {
            assertThat(o.offset()).isEqualTo(3);
            assertThat(o.leaderEpoch()).contains(0);
        });
        assertThat(e).isInstanceOf(dev.samsa.errors.OffsetOutOfRangeException.class)
                .hasMessageContaining("t-0").hasMessageContaining("5").hasMessageContaining("3");
        // Not skipped: every poll fails again until the application seeks.
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOfSatisfying(
                    LogTruncationException.class, again -> assertThat(again.fetchPosition()).isEqualTo(5));
        }
        assertThat(fetched(5, 1)).isFalse();

        consumer.seek(TP, e.divergentOffset().orElseThrow());
        assertThat(poll(consumer, 1)).containsExactly("3:n3");
    }

    private static LogTruncationException awaitTruncation(Consumer<String, String> consumer) {
        LogTruncationException[] caught = new LogTruncationException[1];
        await().atMost(WAIT).until(() -> {
            try {
                assertThat(consumer.poll(Duration.ofMillis(20))).isEmpty();
                return false;
            } catch (LogTruncationException e) {
                caught[0] = e;
                return true;
            }
        });
        return caught[0];
    }

    /** A consumer of {@code group} reads {@code records} records, commits {@code offset} in epoch 0 and leaves. */
    private void commitAfterReading(String group, int records, long offset) {
        Consumer<String, String> first = consumer(AutoOffsetReset.EARLIEST, group);
        first.assign(List.of(TP));
        assertThat(poll(first, records)).hasSize(records);
        first.commitSync(Map.of(TP, new OffsetAndMetadata(offset, Optional.of(0), "")));
        first.close();
        consumers.remove(first);
    }

    @Test
    void aCommittedOffsetWithAnEpochIsValidatedOnAssignment() {
        produce("a0", "a1", "a2", "a3", "a4");
        commitAfterReading("g", 5, 5);

        cluster.faults().electUncleanLeader(TOPIC, 0, follower(), 2);
        produce("n2", "n3", "n4", "n5", "n6");
        int before = validations();

        // Offset 5 exists again, but it is not the record after the committed one: the consumer resumes at 2.
        Consumer<String, String> second = consumer(AutoOffsetReset.EARLIEST, "g");
        second.assign(List.of(TP));
        assertThat(poll(second, 5)).containsExactly("2:n2", "3:n3", "4:n4", "5:n5", "6:n6");
        assertThat(validations()).isGreaterThan(before);
        assertThat(fetched(5, 1)).isFalse();
    }

    @Test
    void aCommittedOffsetThatIsStillValidIsKept() {
        produce("a0", "a1", "a2");
        commitAfterReading("g2", 3, 2);
        cluster.faults().moveLeader(TOPIC, 0, follower());
        produce("b3");

        Consumer<String, String> second = consumer(AutoOffsetReset.EARLIEST, "g2");
        second.assign(List.of(TP));
        assertThat(poll(second, 2)).containsExactly("2:a2", "3:b3");
        assertThat(validations()).isPositive();
    }

    @Test
    void aSeekWithALeaderEpochIsValidated() {
        produce("a0", "a1", "a2", "a3");
        Consumer<String, String> consumer = consumer(AutoOffsetReset.NONE, null);
        consumer.assign(List.of(TP));
        cluster.faults().electUncleanLeader(TOPIC, 0, follower(), 1);

        consumer.seek(TP, new OffsetAndMetadata(3, Optional.of(0), ""));

        assertThat(awaitTruncation(consumer).divergentOffset().orElseThrow().offset()).isEqualTo(1);
        assertThat(fetched(3, 1)).isFalse();
        consumer.seek(TP, 1);
        produce("n1");
        assertThat(poll(consumer, 1)).containsExactly("1:n1");
    }
}
