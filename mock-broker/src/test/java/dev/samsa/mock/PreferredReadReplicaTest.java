package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.decode;
import static dev.samsa.mock.Kafka.fetch;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mock's side of KIP-392 at the protocol level: which Fetch requests a leader answers with a
 * {@code preferred_read_replica}, and which ones a follower serves. Brokers 1-3 are in racks {@code a}, {@code b},
 * {@code c}; partition 0 of topic {@code t} is replicated on all three.
 */
class PreferredReadReplicaTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private UUID topicId;
    private int leader;
    private int follower;

    private void start(ReplicaSelector selector) {
        cluster = MockCluster.builder().time(time).brokers(3).firstBrokerId(1).rack(1, "a").rack(2, "b")
                .rack(3, "c").replicaSelector(selector).topic("t", 1, 3).build();
        transport = cluster.transport();
        topicId = Kafka.topicId(transport, "t");
        leader = cluster.partition("t", 0).leader();
        follower = cluster.partition("t", 0).replicas().stream().filter(r -> r != leader).findFirst().orElseThrow();
        produceBatch("a=1", "b=2");
    }

    /** Produces one batch of {@code records} ({@code key=value}) to the leader. */
    private void produceBatch(String... records) {
        ByteBuf batch = batch(5, records);
        try {
            assertThat(only(send(transport, cluster.broker(leader), Kafka.produce(topicId, "t", 0, batch, -1)))
                    .errorCode()).isZero();
        } finally {
            batch.release();
        }
    }

    @AfterEach
    void tearDown() {
        transport.close();
        cluster.close();
    }

    private static String rackOf(int broker) {
        return String.valueOf((char) ('a' + broker - 1));
    }

    private FetchResponse.PartitionData fetchFrom(int broker, String rack, long offset, int maxVersion) {
        FetchRequest r = fetch(topicId, "t", 0, offset, 1 << 20).setRackId(rack);
        return only(transport.send(cluster.broker(broker), r, (short) 4, (short) maxVersion).join());
    }

    /** Asserts that {@code broker} serves both records itself to a Fetch from {@code rack}, naming no other replica. */
    private void assertServes(int broker, String rack, int maxVersion) {
        FetchResponse.PartitionData d = fetchFrom(broker, rack, 0, maxVersion);
        try {
            assertThat(d.preferredReadReplica()).as("rack '%s'", rack).isEqualTo(-1);
            assertThat(decode(d.records())).hasSize(2);
        } finally {
            d.records().release();
        }
    }

    @Test
    void theRackAwareLeaderSendsAConsumerInAFollowersRackToThatFollowerWithNoRecords() {
        start(ReplicaSelector.RACK_AWARE);
        FetchResponse.PartitionData d = fetchFrom(leader, rackOf(follower), 0, 17);
        assertThat(d.errorCode()).isZero();
        assertThat(d.preferredReadReplica()).isEqualTo(follower);
        assertThat(d.records().readableBytes()).isZero();
        assertThat(d.highWatermark()).isEqualTo(2);

        FetchResponse.PartitionData fromFollower = fetchFrom(follower, rackOf(follower), 0, 17);
        try {
            assertThat(fromFollower.errorCode()).isZero();
            assertThat(fromFollower.preferredReadReplica()).isEqualTo(-1);
            assertThat(decode(fromFollower.records())).containsExactly("0:a=1", "1:b=2");
        } finally {
            fromFollower.records().release();
        }
    }

    @Test
    void theLeaderServesItsOwnRackNoRackUnknownRacksOffsetsOutOfRangeAndOldVersions() {
        start(ReplicaSelector.RACK_AWARE);
        for (String rack : new String[] {rackOf(leader), "", "elsewhere"}) {
            assertServes(leader, rack, 17);
        }
        assertThat(fetchFrom(leader, rackOf(follower), 3, 17).errorCode())
                .isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE.code());
        // Fetch v10 carries no rack_id: no redirect, and followers do not serve it.
        assertServes(leader, rackOf(follower), 10);
        assertThat(fetchFrom(follower, rackOf(follower), 0, 10).errorCode())
                .isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
    }

    @Test
    void aFollowerOutOfTheIsrIsNotNamed() {
        start(ReplicaSelector.RACK_AWARE);
        cluster.faults().stopBroker(follower);
        assertServes(leader, rackOf(follower), 17);
    }

    @Test
    void withoutASelectorEveryConsumerReadsFromTheLeaderButFollowersStillServeFetchV11() {
        start(ReplicaSelector.LEADER);
        assertServes(leader, rackOf(follower), 17);
        assertServes(follower, "", 11);
    }

    @Test
    void theOfficialConsumerFollowsTheMocksPreferredReadReplicaOverTcp() {
        // The oracle: Kafka's own consumer, with client.rack, against the mock's TCP listener on the system clock.
        cluster = MockCluster.builder().brokers(3).firstBrokerId(1).rack(1, "a").rack(2, "b").rack(3, "c")
                .replicaSelector(ReplicaSelector.RACK_AWARE).topic("t", 1, 3).build();
        transport = cluster.transport();
        String bootstrap = cluster.listen();
        leader = cluster.partition("t", 0).leader();
        follower = cluster.partition("t", 0).replicas().stream().filter(r -> r != leader).findFirst().orElseThrow();
        topicId = Kafka.topicId(transport, "t");
        for (int i = 0; i < 10; i++) {
            produceBatch("k" + i + "=" + i);
        }
        cluster.clearRequests();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_RACK_CONFIG, rackOf(follower));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        List<Long> offsets = new ArrayList<>();
        try (KafkaConsumer<String, String> official = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("t", 0);
            official.assign(List.of(tp));
            official.seek(tp, 0);
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> {
                official.poll(Duration.ofMillis(100)).forEach(r -> offsets.add(r.offset()));
                return offsets.size() >= 10;
            });
        }
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(cluster.requests(follower)).as("fetches to the follower in the consumer's rack")
                .anyMatch(r -> r.api() == KafkaApi.FETCH);
    }

    @Test
    void aLongPollThatWouldBeRedirectedIsAnsweredAtOnce() {
        start(ReplicaSelector.RACK_AWARE);
        FetchRequest r = fetch(topicId, "t", 0, 2, 1 << 20).setRackId(rackOf(follower)).setMinBytes(1)
                .setMaxWaitMs(10_000);
        CompletableFuture<FetchResponse> f = transport.send(cluster.broker(leader), r);
        assertThat(f).isDone();
        assertThat(only(f.join()).preferredReadReplica()).isEqualTo(follower);
    }
}
