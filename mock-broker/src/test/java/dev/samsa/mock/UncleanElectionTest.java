package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.fetch;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leader epoch history after leader moves and unclean elections ({@link Faults#electUncleanLeader}), as
 * OffsetsForLeaderEpoch and Fetch's divergence check (v12+) report it, following Kafka's leader epoch cache.
 */
class UncleanElectionTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private UUID topicId;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().time(time).brokers(2).topic("t", 1, 2).build();
        transport = cluster.transport();
        topicId = Kafka.topicId(transport, "t");
    }

    @AfterEach
    void tearDown() {
        transport.close();
        cluster.close();
    }

    private Node leader() {
        return cluster.broker(cluster.partition("t", 0).leader());
    }

    private void produce(int records) {
        for (int i = 0; i < records; i++) {
            ByteBuf b = batch(5, "k=v" + i);
            try {
                assertThat(only(send(transport, leader(), Kafka.produce(topicId, "t", 0, b, -1))).errorCode())
                        .isZero();
            } finally {
                b.release();
            }
        }
    }

    private int other() {
        return 1 - cluster.partition("t", 0).leader();
    }

    /** {errorCode, leaderEpoch, endOffset} for {@code epoch}, fenced with the current leader epoch. */
    private long[] endOffsetFor(int epoch, int currentLeaderEpoch) {
        OffsetForLeaderEpochRequest request = new OffsetForLeaderEpochRequest().setReplicaId(-1);
        OffsetForLeaderEpochRequest.OffsetForLeaderTopic t = new OffsetForLeaderEpochRequest.OffsetForLeaderTopic()
                .setTopic("t");
        t.partitions().add(new OffsetForLeaderEpochRequest.OffsetForLeaderPartition().setPartition(0)
                .setLeaderEpoch(epoch).setCurrentLeaderEpoch(currentLeaderEpoch));
        request.topics().add(t);
        OffsetForLeaderEpochResponse.EpochEndOffset p = send(transport, leader(), request).topics().get(0)
                .partitions().get(0);
        return new long[] {p.errorCode(), p.leaderEpoch(), p.endOffset()};
    }

    @Test
    void offsetsForLeaderEpochFollowTheEpochHistory() {
        produce(3); // epoch 0: offsets 0..2
        cluster.faults().moveLeader("t", 0, other());
        produce(2); // epoch 1: offsets 3..4
        cluster.faults().moveLeader("t", 0, other());
        cluster.faults().moveLeader("t", 0, other()); // epoch 2 had no records: epoch 3 starts at 5 as well
        produce(1); // epoch 3: offset 5
        assertThat(cluster.partition("t", 0).leaderEpoch()).isEqualTo(3);

        assertThat(endOffsetFor(0, 3)).containsExactly(0, 0, 3);
        assertThat(endOffsetFor(1, 3)).containsExactly(0, 1, 5);
        assertThat(endOffsetFor(2, 3)).containsExactly(0, 1, 5); // not in the history: the largest epoch below
        assertThat(endOffsetFor(3, 3)).containsExactly(0, 3, 6);
        assertThat(endOffsetFor(-1, 3)).containsExactly(0, -1, -1);
        assertThat(endOffsetFor(0, 2)[0]).isEqualTo(ErrorCode.FENCED_LEADER_EPOCH.code());
        assertThat(endOffsetFor(0, 4)[0]).isEqualTo(ErrorCode.UNKNOWN_LEADER_EPOCH.code());
    }

    @Test
    void anUncleanElectionTruncatesTheLogAndItsEpochs() {
        produce(4); // epoch 0: offsets 0..3
        cluster.faults().moveLeader("t", 0, other());
        produce(4); // epoch 1: offsets 4..7
        cluster.faults().electUncleanLeader("t", 0, other(), 6);
        produce(1); // epoch 2: offset 6, over a lost record
        PartitionSnapshot p = cluster.partition("t", 0);
        assertThat(p.leaderEpoch()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(p.leader());
        List<Long> offsets = new ArrayList<>();
        cluster.records("t", 0).forEach(r -> offsets.add(r.offset()));
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(cluster.records("t", 0).get(6).leaderEpoch()).isEqualTo(2);

        // A consumer that read up to offset 8 under epoch 1 learns that epoch 1 now ends at 6.
        assertThat(endOffsetFor(1, 2)).containsExactly(0, 1, 6);
        assertThat(endOffsetFor(0, 2)).containsExactly(0, 0, 4);
        assertThat(endOffsetFor(2, 2)).containsExactly(0, 2, 7);

        // A fetch that says it last read epoch 1 at offset 8 gets a diverging epoch and no records (v12+).
        FetchRequest diverging = fetch(topicId, "t", 0, 8, 1 << 20);
        diverging.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(2).setLastFetchedEpoch(1);
        FetchResponse.PartitionData data = only(send(transport, leader(), diverging));
        assertThat(data.errorCode()).isZero();
        assertThat(data.records().readableBytes()).isZero();
        assertThat(data.divergingEpoch().epoch()).isEqualTo(1);
        assertThat(data.divergingEpoch().endOffset()).isEqualTo(6);
        data.records().release();

        // One that read epoch 1 only up to offset 5 is fine.
        FetchRequest fine = fetch(topicId, "t", 0, 5, 1 << 20);
        fine.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(2).setLastFetchedEpoch(1);
        FetchResponse.PartitionData ok = only(send(transport, leader(), fine));
        assertThat(ok.divergingEpoch().endOffset()).isEqualTo(-1);
        assertThat(ok.records().readableBytes()).isPositive();
        ok.records().release();
    }

    @Test
    void truncationMustFallOnABatchBoundaryWithinTheLog() {
        ByteBuf two = batch(5, "a=1", "b=2");
        try {
            send(transport, leader(), Kafka.produce(topicId, "t", 0, two, -1));
        } finally {
            two.release();
        }
        assertThatThrownBy(() -> cluster.faults().electUncleanLeader("t", 0, other(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the batch");
        assertThatThrownBy(() -> cluster.faults().electUncleanLeader("t", 0, other(), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the log");
    }
}
