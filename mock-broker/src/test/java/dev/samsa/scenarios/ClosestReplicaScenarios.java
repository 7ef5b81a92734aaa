package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerBuilder;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fetching from the closest replica (KIP-392), written once and run against every backend whose brokers have racks
 * and a rack-aware replica selector: the mock cluster ({@code MockClosestReplicaScenariosTest}, which adds the
 * failure cases its fault injection can stage) and a real 3-broker KRaft cluster with {@code broker.rack} per broker
 * and {@code replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector}
 * ({@code RealKafkaClosestReplicaIT}).
 *
 * <p>Broker {@code n} is in rack {@code rack-n}. Every topic has one partition replicated on all three brokers.
 * Which broker served the records is observed on the client side, by a {@link FetchCountingTransport} that counts
 * Fetch requests, record bytes and {@code preferred_read_replica} answers per broker before the consumer sees
 * them.
 */
abstract class ClosestReplicaScenarios {
    static final int RECORDS = 2_000;
    static final Duration LONG = Duration.ofSeconds(60);

    protected final List<AutoCloseable> closeables = new ArrayList<>();

    /** A transport to the backend, closed by the scenario. */
    protected abstract Transport openTransport();

    /** Creates {@code topic} with one partition replicated on all three brokers, and waits until it has a leader. */
    protected abstract void createTopic(String topic) throws Exception;

    /** The leader of partition 0 of {@code topic} now. */
    protected abstract int leader(String topic) throws Exception;

    /** The three broker ids. */
    protected abstract List<Integer> brokerIds();

    /** Makes {@code brokerId} (an in-sync replica) the leader of partition 0 of {@code topic}, and waits for it. */
    protected abstract void moveLeader(String topic, int brokerId) throws Exception;

    static String rack(int brokerId) {
        return "rack-" + brokerId;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
    }

    /** A fresh topic name. */
    static String topic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends records {@code from..to-1} (values are their sequence numbers) with acks=all and waits for them. */
    protected void produce(String topic, long from, long to) throws Exception {
        Transport transport = openTransport();
        closeables.add(transport);
        try (Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).acks(Acks.ALL).linger(Duration.ofMillis(5)).build()) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (long i = from; i < to; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, 0, null, Long.toString(i))));
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(LONG.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A fresh topic (see {@link #topic}), created, with records {@code 0..RECORDS-1} produced to it. */
    protected String topicWithRecords(String prefix) throws Exception {
        String topic = topic(prefix);
        createTopic(topic);
        produce(topic, 0, RECORDS);
        return topic;
    }

    /**
     * A group-less consumer of partition 0 of {@code topic} in {@code rack} ("" for none), at offset 0, with
     * {@code auto.offset.reset=none} (an out-of-range answer it wrongly took as its own would fail its poll), that has
     * read the first {@link #RECORDS} records.
     */
    protected Reader readRecords(String topic, String rack) {
        return readRecords(topic, rack, b -> b);
    }

    /** As {@link #readRecords(String, String)}, with more settings applied by {@code tune}. */
    protected Reader readRecords(String topic, String rack, UnaryOperator<ConsumerBuilder<String, String>> tune) {
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        closeables.add(transport);
        Consumer<String, String> consumer = tune.apply(Consumer.builder(Deserializers.forString(),
                Deserializers.forString()).transport(transport).clientRack(rack)
                .autoOffsetReset(AutoOffsetReset.NONE)).build();
        closeables.add(consumer);
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, 0);
        Reader reader = new Reader(consumer, transport);
        reader.readUpTo(RECORDS);
        return reader;
    }

    /**
     * A consumer of one partition, the transport that counts what each broker served it, and the offsets it has read
     * so far, in order.
     */
    protected static final class Reader {
        final Consumer<String, String> consumer;
        final FetchCountingTransport transport;
        final List<Long> read = new ArrayList<>();
        private final TopicPartition tp;

        Reader(Consumer<String, String> consumer, FetchCountingTransport transport) {
            this.consumer = consumer;
            this.transport = transport;
            this.tp = consumer.assignment().iterator().next();
        }

        /** Polls until the position reaches {@code end}. */
        void readUpTo(long end) {
            await("reading " + tp + " up to offset " + end).atMost(LONG).pollDelay(Duration.ZERO).until(() -> {
                poll(Duration.ofMillis(200));
                return consumer.position(tp) >= end;
            });
        }

        /** Polls until {@code done} holds, {@code what} naming it for the timeout's message. */
        void pollUntil(String what, BooleanSupplier done) {
            await(what).atMost(LONG).pollDelay(Duration.ZERO).until(() -> {
                poll(Duration.ofMillis(100));
                return done.getAsBoolean();
            });
        }

        /** One poll, adding each record's offset to {@link #read}; a record's value is its offset. */
        private void poll(Duration timeout) {
            for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
                assertThat(Long.parseLong(r.value())).as("value at offset %d", r.offset()).isEqualTo(r.offset());
                read.add(r.offset());
            }
        }
    }

    /** The broker that is neither {@code a} nor {@code b}. */
    protected int other(int a, int b) {
        return brokerIds().stream().filter(id -> id != a && id != b).findFirst().orElseThrow();
    }

    /** The follower with the lowest id. */
    protected int follower(int leader) {
        return brokerIds().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    static List<Long> offsets(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void aConsumerInAFollowersRackReadsEverythingFromThatFollower() throws Exception {
        String topic = topicWithRecords("closest");
        int leader = leader(topic);
        int follower = follower(leader);
        Reader reader = readRecords(topic, rack(follower));
        FetchCountingTransport transport = reader.transport;

        assertThat(reader.read).as("every record once, in order").isEqualTo(offsets(0, RECORDS));
        assertThat(transport.redirects(leader)).as("preferred_read_replica answers from leader %d", leader)
                .isPositive();
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isZero();
        assertThat(transport.recordBytes(follower)).as("record bytes from follower %d", follower).isPositive();
        assertThat(transport.recordBytes(other(leader, follower))).isZero();
        System.out.printf("[%s] closest replica: leader %d, follower %d; fetches %d/%d, record bytes %d/%d%n",
                getClass().getSimpleName(), leader, follower, transport.fetches(leader), transport.fetches(follower),
                transport.recordBytes(leader), transport.recordBytes(follower));
    }

    @Test
    void aLeaderChangeDropsThePreferredReplicaAndTheNewLeaderNamesOneAgain() throws Exception {
        String topic = topicWithRecords("leader-moves");
        int leader = leader(topic);
        int follower = follower(leader);
        int next = other(leader, follower);
        Reader reader = readRecords(topic, rack(follower));
        FetchCountingTransport transport = reader.transport;

        moveLeader(topic, next);
        transport.reset();
        produce(topic, RECORDS, 2L * RECORDS);
        reader.readUpTo(2L * RECORDS);

        assertThat(reader.read).as("every record once, in order").isEqualTo(offsets(0, 2L * RECORDS));
        // The new leader was asked (the leader epoch changed) and sent the consumer back to the follower in its rack.
        assertThat(transport.redirects(next)).as("preferred_read_replica answers from new leader %d", next)
                .isPositive();
        assertThat(transport.recordBytes(next)).as("record bytes from new leader %d", next).isZero();
        assertThat(transport.recordBytes(leader)).as("record bytes from old leader %d", leader).isZero();
        assertThat(transport.recordBytes(follower)).as("record bytes from follower %d", follower).isPositive();
    }

    @Test
    void aConsumerWithoutARackReadsFromTheLeader() throws Exception {
        String topic = topicWithRecords("leader");
        int leader = leader(topic);
        Reader reader = readRecords(topic, "");
        FetchCountingTransport transport = reader.transport;

        assertThat(reader.read).isEqualTo(offsets(0, RECORDS));
        assertThat(transport.recordBytes(leader)).isPositive();
        for (int id : brokerIds()) {
            assertThat(transport.redirects(id)).isZero();
            if (id != leader) {
                assertThat(transport.fetches(id)).as("fetches to follower %d", id).isZero();
            }
        }
    }

    @Test
    void aConsumerInTheLeadersRackReadsFromTheLeader() throws Exception {
        String topic = topicWithRecords("same-rack");
        int leader = leader(topic);
        Reader reader = readRecords(topic, rack(leader));
        FetchCountingTransport transport = reader.transport;

        assertThat(reader.read).isEqualTo(offsets(0, RECORDS));
        assertThat(transport.redirects(leader)).isZero();
        assertThat(transport.recordBytes(leader)).isPositive();
    }
}
