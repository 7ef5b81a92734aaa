package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.consumer.Consumer;
import dev.samsa.errors.ErrorCode;
import dev.samsa.mock.Fault;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.mock.ReceivedRequest;
import dev.samsa.mock.ReplicaSelector;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closest-replica scenarios on a 3-broker mock cluster (brokers 1-3 in racks {@code rack-1..3}, the rack-aware
 * replica selector on), plus what the mock's fault injection and request log can show: the follower a consumer reads
 * from stops, leaves the ISR while running, or answers {@code OFFSET_OUT_OF_RANGE} or {@code NOT_LEADER_OR_FOLLOWER},
 * the preferred replica expires, and position validation after a leader change goes to the new leader.
 */
class MockClosestReplicaScenariosTest extends ClosestReplicaScenarios {
    private MockCluster cluster;

    @BeforeEach
    void start() {
        MockCluster.Builder b = MockCluster.builder().brokers(3).firstBrokerId(1)
                .replicaSelector(ReplicaSelector.RACK_AWARE);
        for (int id = 1; id <= 3; id++) {
            b.rack(id, rack(id));
        }
        cluster = b.build();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Override
    protected Transport openTransport() {
        return cluster.transport();
    }

    @Override
    protected void createTopic(String topic) {
        cluster.createTopic(topic, 1, 3);
    }

    @Override
    protected int leader(String topic) {
        return cluster.partition(topic, 0).leader();
    }

    @Override
    protected List<Integer> brokerIds() {
        return List.of(1, 2, 3);
    }

    @Override
    protected void moveLeader(String topic, int brokerId) {
        cluster.faults().moveLeader(topic, 0, brokerId);
    }

    @Test
    void aFollowerThatStopsSendsTheConsumerBackToTheLeader() throws Exception {
        String topic = topic("follower-stops");
        createTopic(topic);
        produce(topic, 0, RECORDS);
        int leader = leader(topic);
        int follower = follower(leader);
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        Consumer<String, String> consumer = consumer(topic, rack(follower), transport);
        List<Long> read = new ArrayList<>();
        readUpTo(consumer, RECORDS, read);
        assertThat(transport.recordBytes(follower)).isPositive();
        assertThat(transport.recordBytes(leader)).isZero();

        // The follower dies: it leaves the ISR and shows as offline; its connections drop.
        cluster.faults().stopBroker(follower);
        assertThat(cluster.partition(topic, 0).isr()).doesNotContain(follower);
        transport.reset();
        produce(topic, RECORDS, 2L * RECORDS);
        readUpTo(consumer, 2L * RECORDS, read);

        assertThat(read).as("every record once, in order").isEqualTo(offsets(0, 2L * RECORDS));
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isPositive();
        assertThat(transport.recordBytes(other(leader, follower))).isZero();
    }

    @Test
    void aFollowerThatLeavesTheIsrWhileRunningSendsTheConsumerBackToTheLeader() throws Exception {
        String topic = topic("follower-leaves-isr");
        createTopic(topic);
        produce(topic, 0, RECORDS);
        int leader = leader(topic);
        int follower = follower(leader);
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        // A short metadata.max.age.ms: the consumer learns of the ISR change at its next periodic metadata refresh.
        Consumer<String, String> consumer = consumer(topic, rack(follower), transport,
                b -> b.metadataMaxAge(Duration.ofMillis(100)));
        List<Long> read = new ArrayList<>();
        readUpTo(consumer, RECORDS, read);
        assertThat(transport.recordBytes(follower)).as("record bytes from follower %d", follower).isPositive();
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isZero();

        // The follower falls out of the ISR but keeps running (and would still answer fetches).
        cluster.faults().shrinkIsr(topic, 0, follower);
        assertThat(cluster.partition(topic, 0).isr()).doesNotContain(follower);
        transport.reset();
        // Caught up, the consumer long-polls; after its next metadata refresh it fetches from the leader again.
        await("a fetch to leader " + leader).atMost(LONG).pollDelay(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.offset()));
            return transport.fetches(leader) > 0;
        });
        produce(topic, RECORDS, 2L * RECORDS);
        readUpTo(consumer, 2L * RECORDS, read);
        // Any fetch still parked on the follower has been answered by now; from here on only the leader serves.
        transport.reset();
        produce(topic, 2L * RECORDS, 3L * RECORDS);
        readUpTo(consumer, 3L * RECORDS, read);

        assertThat(read).as("every record once, in order").isEqualTo(offsets(0, 3L * RECORDS));
        assertThat(transport.redirects(leader)).as("the leader names no replica out of the ISR").isZero();
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isPositive();
        assertThat(transport.fetches(follower)).as("fetches to follower %d", follower).isZero();
        assertThat(transport.recordBytes(other(leader, follower))).isZero();
    }

    @Test
    void positionValidationAfterALeaderChangeGoesToTheNewLeader() throws Exception {
        String topic = topic("validation");
        createTopic(topic);
        produce(topic, 0, RECORDS);
        int leader = leader(topic);
        int follower = follower(leader);
        int next = other(leader, follower);
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        Consumer<String, String> consumer = consumer(topic, rack(follower), transport);
        List<Long> read = new ArrayList<>();
        readUpTo(consumer, RECORDS, read);

        cluster.clearRequests();
        moveLeader(topic, next);
        produce(topic, RECORDS, 2L * RECORDS);
        readUpTo(consumer, 2L * RECORDS, read);

        assertThat(read).isEqualTo(offsets(0, 2L * RECORDS));
        // KIP-320's OffsetsForLeaderEpoch is never sent to the preferred read replica, only to the leader.
        assertThat(cluster.requests(KafkaApi.OFFSET_FOR_LEADER_EPOCH)).extracting(ReceivedRequest::brokerId)
                .containsOnly(next);
    }

    @Test
    void outOfRangeFromTheFollowerGoesBackToTheLeaderWithoutAReset() throws Exception {
        String topic = topic("follower-out-of-range");
        createTopic(topic);
        produce(topic, 0, RECORDS);
        int leader = leader(topic);
        int follower = follower(leader);
        // A lagging follower answers a fetch offset past its log end with OFFSET_OUT_OF_RANGE; the consumer must ask
        // the leader rather than reset (with auto.offset.reset=none, a reset would fail the poll).
        Fault lagging = cluster.faults().on(KafkaApi.FETCH).toBroker(follower).forPartition(topic, 0).times(2)
                .failWith(ErrorCode.OFFSET_OUT_OF_RANGE);
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        Consumer<String, String> consumer = consumer(topic, rack(follower), transport);
        List<Long> read = new ArrayList<>();
        readUpTo(consumer, RECORDS, read);

        assertThat(lagging.hits()).isEqualTo(2);
        assertThat(read).as("every record once, in order").isEqualTo(offsets(0, RECORDS));
        assertThat(transport.redirects(leader)).as("redirects after each failure").isGreaterThanOrEqualTo(3);
        assertThat(transport.recordBytes(follower)).isPositive();
        assertThat(cluster.requests(KafkaApi.LIST_OFFSETS)).as("no reset").isEmpty();
    }

    @Test
    void notLeaderOrFollowerFromTheFollowerGoesBackToTheLeader() throws Exception {
        String topic = topic("follower-not-replica");
        createTopic(topic);
        produce(topic, 0, RECORDS);
        int leader = leader(topic);
        int follower = follower(leader);
        cluster.faults().on(KafkaApi.FETCH).toBroker(follower).forPartition(topic, 0).times(1)
                .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        Consumer<String, String> consumer = consumer(topic, rack(follower), transport);
        List<Long> read = new ArrayList<>();
        readUpTo(consumer, RECORDS, read);

        assertThat(read).isEqualTo(offsets(0, RECORDS));
        assertThat(transport.redirects(leader)).isGreaterThanOrEqualTo(2);
        assertThat(transport.recordBytes(leader)).isZero();
    }

    @Test
    void thePreferredReplicaExpiresAfterMetadataMaxAgeAndTheLeaderIsAskedAgain() throws Exception {
        String topic = topic("expiry");
        createTopic(topic);
        produce(topic, 0, RECORDS);
        int leader = leader(topic);
        int follower = follower(leader);
        FetchCountingTransport transport = new FetchCountingTransport(openTransport());
        Consumer<String, String> consumer = consumer(topic, rack(follower), transport,
                b -> b.metadataMaxAge(Duration.ofMillis(50)));
        List<Long> read = new ArrayList<>();
        readUpTo(consumer, RECORDS, read);
        // Caught up, the consumer keeps long-polling; each expiry sends it to the leader, which names the follower.
        await().atMost(LONG).pollDelay(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.offset()));
            return transport.redirects(leader) >= 3;
        });
        assertThat(read).isEqualTo(offsets(0, RECORDS));
        assertThat(transport.recordBytes(leader)).isZero();
    }
}
