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
