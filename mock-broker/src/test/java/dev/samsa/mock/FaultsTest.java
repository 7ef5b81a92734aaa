package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.errors.DisconnectException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed, deterministic fault injection. */
class FaultsTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private UUID topicId;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(3).time(time).topic("t", 2, 3).build();
        transport = cluster.transport("app");
        topicId = Kafka.topicId(transport, "t");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Node leader(int partition) {
        return cluster.broker(cluster.partition("t", partition).leader());
    }

    private CompletableFuture<ProduceResponse> produce(int partition, ByteBuf records) {
        try {
            return transport.send(leader(partition), Kafka.produce(topicId, "t", partition, records, -1));
        } finally {
            records.release();
        }
    }

    @Test
    void failTheNextRequestsOfAnApiWithAnErrorCode() {
        Fault fault = cluster.faults().on(KafkaApi.PRODUCE).times(2).failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);

        assertThat(only(produce(0, batch(1, "a=1")).join()).errorCode())
                .isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(only(produce(0, batch(1, "a=1")).join()).errorCode())
                .isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(only(produce(0, batch(1, "a=1")).join()).errorCode()).isZero();

        assertThat(fault.hits()).isEqualTo(2);
        assertThat(fault.remaining()).isZero();
        assertThat(cluster.partition("t", 0).logEndOffset()).isEqualTo(1); // failed requests were not executed
    }

    @Test
    void aPartitionScopedFaultFailsOnlyThatPartition() {
        cluster.faults().moveLeader("t", 1, cluster.partition("t", 0).leader());
        cluster.faults().on(KafkaApi.PRODUCE).forPartition("t", 1).always().failWith(ErrorCode.KAFKA_STORAGE_ERROR);
        ByteBuf r0 = batch(1, "a=1");
        ByteBuf r1 = batch(1, "b=1");
        ProduceRequest both = Kafka.produce(topicId, "t", 0, r0, -1);
        both.topicData().get(0).partitionData().add(new ProduceRequest.PartitionProduceData().setIndex(1)
                .setRecords(r1));

        ProduceResponse r = send(transport, leader(0), both);

        assertThat(r.responses().get(0).partitionResponses()).extracting(
                ProduceResponse.PartitionProduceResponse::errorCode).containsExactly((short) 0,
                ErrorCode.KAFKA_STORAGE_ERROR.code());
        assertThat(cluster.partition("t", 0).logEndOffset()).isEqualTo(1);
        assertThat(cluster.partition("t", 1).logEndOffset()).isZero();
    }

    @Test
    void delayedResponsesArriveWhenTheClusterClockSaysSoAndHoldBackLaterOnes() {
        cluster.faults().on(KafkaApi.METADATA).toBroker(0).delayResponse(Duration.ofSeconds(2));

        CompletableFuture<MetadataResponse> delayed = transport.send(cluster.broker(0), new MetadataRequest());
        CompletableFuture<MetadataResponse> behind = transport.send(cluster.broker(0), new MetadataRequest());
        CompletableFuture<MetadataResponse> elsewhere = transport.send(cluster.broker(1), new MetadataRequest());

        assertThat(elsewhere).isDone();
        assertThat(delayed).isNotDone();
        assertThat(behind).isNotDone(); // same connection: responses come in request order
        time.advance(Duration.ofMillis(1999));
        assertThat(delayed).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(delayed).isDone();
        assertThat(behind).isDone();
    }

    @Test
    void droppedResponsesNeverArriveButTheRequestTookEffect() {
        cluster.faults().on(KafkaApi.PRODUCE).dropResponse();

        CompletableFuture<ProduceResponse> f = produce(0, batch(1, "a=1"));
        time.advance(Duration.ofMinutes(10));

        assertThat(f).isNotDone();
        assertThat(cluster.partition("t", 0).logEndOffset()).isEqualTo(1);
    }

    @Test
    void aDisconnectAfterTheAppendMakesTheRetryADuplicate() {
        cluster.faults().on(KafkaApi.PRODUCE).fromClient("app").disconnect();
        long pid = 77;

        CompletableFuture<ProduceResponse> first = produce(0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 0, 1,
                "a=1"));
        assertThatThrownBy(first::join).hasCauseInstanceOf(DisconnectException.class);

        ProduceResponse retry = produce(0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 0, 1, "a=1")).join();
        assertThat(only(retry).errorCode()).isZero();
        assertThat(only(retry).baseOffset()).isZero();
        assertThat(cluster.records("t", 0)).hasSize(1);
    }

    @Test
    void aStoppedBrokerRefusesConnectionsAndHandsOverLeadershipAndCoordination() {
        int oldLeader = cluster.partition("t", 0).leader();
        int oldEpoch = cluster.partition("t", 0).leaderEpoch();
        int coordinator = coordinatorOf("g");
        Node stopped = cluster.broker(oldLeader);

        cluster.faults().stopBroker(oldLeader);

        assertThatThrownBy(() -> transport.send(stopped, new MetadataRequest()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ConnectionRefusedException.class);
        PartitionSnapshot p = cluster.partition("t", 0);
        assertThat(p.leader()).isNotEqualTo(oldLeader);
        assertThat(p.leaderEpoch()).isEqualTo(oldEpoch + 1);
        assertThat(p.isr()).doesNotContain(oldLeader);
        if (coordinator == oldLeader) {
            assertThat(coordinatorOf("g")).isNotEqualTo(oldLeader);
        }
        assertThat(only(produce(0, batch(1, "a=1")).join()).errorCode()).isZero();

        cluster.faults().startBroker(oldLeader);
        assertThat(cluster.partition("t", 0).isr()).contains(oldLeader);
        assertThat(send(transport, stopped, new MetadataRequest()).brokers()).hasSize(3);
    }

    /** The ISR of {@code topic}'s partition {@code partition} as a Metadata response from broker 0 shows it. */
    private List<Integer> isrInMetadata(String topic, int partition) {
        MetadataResponse m = send(transport, cluster.broker(0), new MetadataRequest().setTopics(new ArrayList<>(
                List.of(new MetadataRequest.MetadataRequestTopic().setName(topic)))));
        return m.topics().get(0).partitions().stream().filter(p -> p.partitionIndex() == partition).findFirst()
                .orElseThrow().isrNodes();
    }

    @Test
    void aShrunkIsrShowsInMetadataWithoutALeaderChangeAndExpandingRestoresIt() {
        PartitionSnapshot before = cluster.partition("t", 0);
        int follower = before.replicas().stream().filter(r -> r != before.leader()).findFirst().orElseThrow();

        cluster.faults().shrinkIsr("t", 0, follower);

        PartitionSnapshot shrunk = cluster.partition("t", 0);
        assertThat(shrunk.isr()).doesNotContain(follower).hasSize(2).contains(before.leader());
        assertThat(isrInMetadata("t", 0)).containsExactlyInAnyOrderElementsOf(shrunk.isr());
        assertThat(shrunk.leader()).isEqualTo(before.leader());
        assertThat(shrunk.leaderEpoch()).as("an ISR change bumps no leader epoch").isEqualTo(before.leaderEpoch());
        assertThat(isrInMetadata("t", 1)).as("the other partition").hasSize(3);
        // Still running: it answers requests.
        assertThat(send(transport, cluster.broker(follower), new MetadataRequest()).brokers()).hasSize(3);
        cluster.faults().shrinkIsr("t", 0, follower); // idempotent
        assertThat(cluster.partition("t", 0).isr()).isEqualTo(shrunk.isr());

        cluster.faults().expandIsr("t", 0, follower);

        assertThat(cluster.partition("t", 0).isr()).containsExactlyInAnyOrderElementsOf(before.isr());
        assertThat(isrInMetadata("t", 0)).containsExactlyInAnyOrderElementsOf(before.isr());
        assertThat(cluster.partition("t", 0).leaderEpoch()).isEqualTo(before.leaderEpoch());
        cluster.faults().expandIsr("t", 0, follower); // idempotent
        assertThat(cluster.partition("t", 0).isr()).hasSize(3);
    }

    @Test
    void theIsrFaultsRefuseTheLeaderNonReplicasAndStoppedBrokers() {
        int leader = cluster.partition("t", 0).leader();
        assertThatThrownBy(() -> cluster.faults().shrinkIsr("t", 0, leader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker " + leader).hasMessageContaining("partition 0")
                .hasMessageContaining("'t'").hasMessageContaining("leader cannot leave its own ISR");
        cluster.createTopic("two", 1, 2);
        int outsider = cluster.brokers().stream().map(Node::id)
                .filter(id -> !cluster.partition("two", 0).replicas().contains(id)).findFirst().orElseThrow();
        assertThatThrownBy(() -> cluster.faults().shrinkIsr("two", 0, outsider))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a replica of two-0");
        assertThatThrownBy(() -> cluster.faults().expandIsr("two", 0, outsider))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a replica of two-0");
        assertThatThrownBy(() -> cluster.faults().shrinkIsr("t", 0, 99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no broker 99");
        assertThatThrownBy(() -> cluster.faults().shrinkIsr("t", 7, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no partition 7");
        assertThatThrownBy(() -> cluster.faults().expandIsr("nope", 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no topic 'nope'");
        int follower = cluster.partition("t", 0).replicas().stream().filter(r -> r != leader).findFirst()
                .orElseThrow();
        cluster.faults().stopBroker(follower);
        assertThatThrownBy(() -> cluster.faults().expandIsr("t", 0, follower))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is stopped");
        assertThat(cluster.partition("t", 0).isr()).doesNotContain(follower);
    }

    @Test
    void acksAllNeedsTheFollowerBackInTheIsr() {
        cluster.createTopic("pair", 1, 2, Map.of("min.insync.replicas", "2"));
        UUID pairId = Kafka.topicId(transport, "pair");
        PartitionSnapshot p = cluster.partition("pair", 0);
        int follower = p.replicas().stream().filter(r -> r != p.leader()).findFirst().orElseThrow();
        Node leader = cluster.broker(p.leader());

        cluster.faults().shrinkIsr("pair", 0, follower);

        assertThat(only(Kafka.get(transport.send(leader, Kafka.produce(pairId, "pair", 0, batch(1, "a=1"), -1))))
                .errorCode()).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS.code());
        assertThat(cluster.partition("pair", 0).logEndOffset()).as("nothing appended").isZero();
        assertThat(only(Kafka.get(transport.send(leader, Kafka.produce(pairId, "pair", 0, batch(1, "b=2"), 1))))
                .errorCode()).as("acks=1 needs no ISR").isZero();

        cluster.faults().expandIsr("pair", 0, follower);

        assertThat(only(Kafka.get(transport.send(leader, Kafka.produce(pairId, "pair", 0, batch(1, "c=3"), -1))))
                .errorCode()).isZero();
        assertThat(cluster.records("pair", 0)).hasSize(2);
    }

    /** FindCoordinator, asked of a running broker (the current leader of t-0). */
    private int coordinatorOf(String group) {
        return send(transport, leader(0), new FindCoordinatorRequest().setCoordinatorKeys(
                new ArrayList<>(List.of(group)))).coordinators().get(0).nodeId();
    }

    @Test
    void movingTheCoordinatorAnswersParkedJoinsWithNotCoordinator() {
        int coordinator = coordinatorOf("g");
        JoinGroupRequest join = new JoinGroupRequest().setGroupId("g").setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(60_000).setProtocolType("consumer").setProtocols(new ArrayList<>(List.of(
                        new JoinGroupRequest.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]))));
        JoinGroupResponse a = send(transport, cluster.broker(coordinator), join.setGroupInstanceId("a"));
        assertThat(a.errorCode()).isZero();
        Transport other = cluster.transport("other");
        CompletableFuture<JoinGroupResponse> parked = other.send(cluster.broker(coordinator),
                new JoinGroupRequest().setGroupId("g").setGroupInstanceId("b").setSessionTimeoutMs(10_000)
                        .setRebalanceTimeoutMs(60_000).setProtocolType("consumer").setProtocols(join.protocols()));
        assertThat(parked).isNotDone();
        int target = (coordinator + 1) % 3;

        cluster.faults().moveCoordinator("g", target);

        assertThat(parked.join().errorCode()).isEqualTo(ErrorCode.NOT_COORDINATOR.code());
        assertThat(coordinatorOf("g")).isEqualTo(target);
        assertThat(cluster.group("g").orElseThrow().coordinatorId()).isEqualTo(target);
    }

    @Test
    void disconnectingAClientFailsItsParkedFetch() {
        CompletableFuture<FetchResponse> parked = transport.send(leader(0), Kafka.fetch(topicId, "t", 0, 0, 1000)
                .setMaxWaitMs(30_000));
        assertThat(parked).isNotDone();

        assertThat(cluster.faults().disconnectClient("app")).isEqualTo(1);

        assertThatThrownBy(parked::join).hasCauseInstanceOf(DisconnectException.class);
        assertThat(cluster.parkedFetches()).isZero();
        assertThat(send(transport, leader(0), new MetadataRequest()).brokers()).hasSize(3); // it reconnects
    }

    @Test
    void faultBuildersValidate() {
        assertThatThrownBy(() -> cluster.faults().on(KafkaApi.METADATA).forPartition("t", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name no partitions");
        assertThatThrownBy(() -> cluster.faults().on(KafkaApi.DESCRIBE_DELEGATION_TOKEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not serve");
        assertThatThrownBy(() -> cluster.faults().on(KafkaApi.FETCH).times(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times: 0");
        Fault f = cluster.faults().on(KafkaApi.METADATA).always().failWith(ErrorCode.UNKNOWN_SERVER_ERROR);
        f.cancel();
        assertThat(f.remaining()).isZero();
        assertThat(send(transport, cluster.broker(0), new MetadataRequest()).topics()).isEmpty();
    }
}
