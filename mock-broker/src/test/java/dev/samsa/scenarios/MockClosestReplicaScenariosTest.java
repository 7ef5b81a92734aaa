package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.ErrorCode;
import dev.samsa.mock.Fault;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.MockCluster;
import dev.samsa.mock.ReceivedRequest;
import dev.samsa.mock.ReplicaSelector;
import dev.samsa.transport.Transport;
import java.time.Duration;
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
        String topic = topicWithRecords("follower-stops");
        int leader = leader(topic);
        int follower = follower(leader);
        Reader reader = readRecords(topic, rack(follower));
        FetchCountingTransport transport = reader.transport;
        assertThat(transport.recordBytes(follower)).isPositive();
        assertThat(transport.recordBytes(leader)).isZero();

        // The follower dies: it leaves the ISR and shows as offline; its connections drop.
        cluster.faults().stopBroker(follower);
        assertThat(cluster.partition(topic, 0).isr()).doesNotContain(follower);
        transport.reset();
        produce(topic, RECORDS, 2L * RECORDS);
        reader.readUpTo(2L * RECORDS);

        assertThat(reader.read).as("every record once, in order").isEqualTo(offsets(0, 2L * RECORDS));
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isPositive();
        assertThat(transport.recordBytes(other(leader, follower))).isZero();
    }

    @Test
    void aFollowerThatLeavesTheIsrWhileRunningSendsTheConsumerBackToTheLeader() throws Exception {
        String topic = topicWithRecords("follower-leaves-isr");
        int leader = leader(topic);
        int follower = follower(leader);
        // A short metadata.max.age.ms: the consumer learns of the ISR change at its next periodic metadata refresh.
        Reader reader = readRecords(topic, rack(follower), b -> b.metadataMaxAge(Duration.ofMillis(100)));
        FetchCountingTransport transport = reader.transport;
        assertThat(transport.recordBytes(follower)).as("record bytes from follower %d", follower).isPositive();
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isZero();

        // The follower falls out of the ISR but keeps running (and would still answer fetches).
        cluster.faults().shrinkIsr(topic, 0, follower);
        assertThat(cluster.partition(topic, 0).isr()).doesNotContain(follower);
        transport.reset();
        // Caught up, the consumer long-polls; after its next metadata refresh it fetches from the leader again.
        reader.pollUntil("a fetch to leader " + leader, () -> transport.fetches(leader) > 0);
        produce(topic, RECORDS, 2L * RECORDS);
        reader.readUpTo(2L * RECORDS);
        // Any fetch still parked on the follower has been answered by now; from here on only the leader serves.
        transport.reset();
        produce(topic, 2L * RECORDS, 3L * RECORDS);
        reader.readUpTo(3L * RECORDS);

        assertThat(reader.read).as("every record once, in order").isEqualTo(offsets(0, 3L * RECORDS));
        assertThat(transport.redirects(leader)).as("the leader names no replica out of the ISR").isZero();
        assertThat(transport.recordBytes(leader)).as("record bytes from leader %d", leader).isPositive();
        assertThat(transport.fetches(follower)).as("fetches to follower %d", follower).isZero();
        assertThat(transport.recordBytes(other(leader, follower))).isZero();
    }

    @Test
    void positionValidationAfterALeaderChangeGoesToTheNewLeader() throws Exception {
        String topic = topicWithRecords("validation");
        int leader = leader(topic);
        int follower = follower(leader);
        int next = other(leader, follower);
        Reader reader = readRecords(topic, rack(follower));
        FetchCountingTransport transport = reader.transport;

        cluster.clearRequests();
        moveLeader(topic, next);
        produce(topic, RECORDS, 2L * RECORDS);
        reader.readUpTo(2L * RECORDS);

        assertThat(reader.read).isEqualTo(offsets(0, 2L * RECORDS));
        // KIP-320's OffsetsForLeaderEpoch is never sent to the preferred read replica, only to the leader.
        assertThat(cluster.requests(KafkaApi.OFFSET_FOR_LEADER_EPOCH)).extracting(ReceivedRequest::brokerId)
                .containsOnly(next);
    }

    @Test
    void outOfRangeFromTheFollowerGoesBackToTheLeaderWithoutAReset() throws Exception {
        String topic = topicWithRecords("follower-out-of-range");
        int leader = leader(topic);
        int follower = follower(leader);
        // A lagging follower answers a fetch offset past its log end with OFFSET_OUT_OF_RANGE; the consumer must ask
        // the leader rather than reset (with auto.offset.reset=none, a reset would fail the poll).
        Fault lagging = cluster.faults().on(KafkaApi.FETCH).toBroker(follower).forPartition(topic, 0).times(2)
                .failWith(ErrorCode.OFFSET_OUT_OF_RANGE);
        Reader reader = readRecords(topic, rack(follower));
        FetchCountingTransport transport = reader.transport;

        assertThat(lagging.hits()).isEqualTo(2);
        assertThat(reader.read).as("every record once, in order").isEqualTo(offsets(0, RECORDS));
        assertThat(transport.redirects(leader)).as("redirects after each failure").isGreaterThanOrEqualTo(3);
        assertThat(transport.recordBytes(follower)).isPositive();
        assertThat(cluster.requests(KafkaApi.LIST_OFFSETS)).as("no reset").isEmpty();
    }

    @Test
    void notLeaderOrFollowerFromTheFollowerGoesBackToTheLeader() throws Exception {
        String topic = topicWithRecords("follower-not-replica");
        int leader = leader(topic);
        int follower = follower(leader);
        cluster.faults().on(KafkaApi.FETCH).toBroker(follower).forPartition(topic, 0).times(1)
                .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        Reader reader = readRecords(topic, rack(follower));
        FetchCountingTransport transport = reader.transport;

        assertThat(reader.read).isEqualTo(offsets(0, RECORDS));
        assertThat(transport.redirects(leader)).isGreaterThanOrEqualTo(2);
        assertThat(transport.recordBytes(leader)).isZero();
    }

    @Test
    void thePreferredReplicaExpiresAfterMetadataMaxAgeAndTheLeaderIsAskedAgain() throws Exception {
        String topic = topicWithRecords("expiry");
        int leader = leader(topic);
        int follower = follower(leader);
        Reader reader = readRecords(topic, rack(follower), b -> b.metadataMaxAge(Duration.ofMillis(50)));
        FetchCountingTransport transport = reader.transport;
        // Caught up, the consumer keeps long-polling; each expiry sends it to the leader, which names the follower.
        reader.pollUntil("3 redirects from leader " + leader, () -> transport.redirects(leader) >= 3);
        assertThat(reader.read).isEqualTo(offsets(0, RECORDS));
        assertThat(transport.recordBytes(leader)).isZero();
    }
}
