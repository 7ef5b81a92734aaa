package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.batchOfSize;
import static dev.samsa.mock.Kafka.decode;
import static dev.samsa.mock.Kafka.fetch;
import static dev.samsa.mock.Kafka.fetchTopic;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetch semantics: long polls on virtual time, byte limits, offsets out of range, sessions; and ListOffsets. */
class FetchTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private Node broker;
    private UUID topicId;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().time(time).topic("t", 2).build();
        transport = cluster.transport();
        broker = cluster.broker(0);
        topicId = Kafka.topicId(transport, "t");
    }

    @AfterEach
    void tearDown() {
        transport.close();
        cluster.close();
    }

    private long produce(int partition, ByteBuf records) {
        try {
            return only(send(transport, broker, Kafka.produce(topicId, "t", partition, records, -1))).baseOffset();
        } finally {
            records.release();
        }
    }

    private static FetchRequest longPoll(FetchRequest r, int minBytes, int maxWaitMs) {
        return r.setMinBytes(minBytes).setMaxWaitMs(maxWaitMs);
    }

    @Test
    void parkedFetchCompletesWhenDataArrives() {
        CompletableFuture<FetchResponse> f = transport.send(broker, longPoll(fetch(topicId, "t", 0, 0, 1 << 20), 1,
                10_000));
        assertThat(f).isNotDone();
        assertThat(cluster.parkedFetches()).isEqualTo(1);

        produce(0, batch(5, "a=1"));

        FetchResponse.PartitionData data = only(f.join());
        try {
            assertThat(decode(data.records())).containsExactly("0:a=1");
            assertThat(data.highWatermark()).isEqualTo(1);
        } finally {
            data.records().release();
        }
        assertThat(cluster.parkedFetches()).isZero();
    }

    @Test
    void parkedFetchCompletesEmptyWhenItsMaxWaitElapsesOnTheClusterClock() {
        CompletableFuture<FetchResponse> f = transport.send(broker, longPoll(fetch(topicId, "t", 0, 0, 1 << 20), 1,
                500));
        time.advance(Duration.ofMillis(499));
        assertThat(f).isNotDone();

        time.advance(Duration.ofMillis(1));

        assertThat(f).isDone();
        FetchResponse.PartitionData data = only(f.join());
        assertThat(data.errorCode()).isZero();
        assertThat(data.records().readableBytes()).isZero();
    }

    @Test
    void fetchMinBytesWaitsForEnoughBytesNotJustAnyRecord() {
        ByteBuf probe = batchOfSize(1, 100);
        int oneBatch = probe.readableBytes();
        probe.release();
        CompletableFuture<FetchResponse> f = transport.send(broker, longPoll(fetch(topicId, "t", 0, 0, 1 << 20),
                oneBatch * 2, 10_000));

        produce(0, batchOfSize(1, 100));
        assertThat(f).isNotDone();
        produce(0, batchOfSize(1, 100));

        FetchResponse.PartitionData data = only(f.join());
        assertThat(data.records().readableBytes()).isEqualTo(2 * oneBatch);
        data.records().release();
    }

    @Test
    void firstBatchIsReturnedWholeEvenIfLargerThanTheLimitsAndLaterOnesAreCut() {
        produce(0, batchOfSize(10, 100)); // ~1.2 KB
        produce(0, batchOfSize(10, 100));
        int batchSize = cluster.batches("t", 0).get(0).length;

        FetchResponse.PartitionData small = only(send(transport, broker, fetch(topicId, "t", 0, 0, 10)));
        assertThat(small.records().readableBytes()).isEqualTo(batchSize);
        small.records().release();

        // 1.5 batches of room: the first whole, then the bytes of the second that fit (a partial batch).
        FetchResponse.PartitionData partial = only(send(transport, broker, fetch(topicId, "t", 0, 0,
                batchSize + batchSize / 2)));
        RecordBatches batches = RecordBatches.of(partial.records());
        assertThat(batches.hasNext()).isTrue();
        RecordBatch first = batches.next();
        assertThat(first.baseOffset()).isZero();
        assertThat(batches.hasNext()).isFalse();
        assertThat(batches.partialBytes()).isEqualTo(batchSize / 2);
        partial.records().release();
    }

    @Test
    void responseMaxBytesAppliesAcrossPartitionsAfterTheFirstNonEmptyOne() {
        produce(0, batchOfSize(10, 100));
        produce(1, batchOfSize(10, 100));
        int batchSize = cluster.batches("t", 0).get(0).length;
        FetchRequest request = new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(10).setSessionEpoch(-1)
                .setTopics(new ArrayList<>(List.of(new FetchRequest.FetchTopic().setTopic("t").setTopicId(topicId)
                        .setPartitions(new ArrayList<>(List.of(
                                new FetchRequest.FetchPartition().setPartition(0).setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20),
                                new FetchRequest.FetchPartition().setPartition(1).setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20)))))));

        FetchResponse r = send(transport, broker, request);

        List<FetchResponse.PartitionData> parts = r.responses().get(0).partitions();
        assertThat(parts.get(0).records().readableBytes()).isEqualTo(batchSize); // KIP-74: progress is guaranteed
        assertThat(parts.get(1).records().readableBytes()).isZero(); // the response limit is used up
        assertThat(parts.get(1).highWatermark()).isEqualTo(10);
        parts.forEach(p -> p.records().release());
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRange() {
        produce(0, batch(1, "a=1", "b=2"));

        FetchResponse.PartitionData past = only(send(transport, broker, fetch(topicId, "t", 0, 3, 1 << 20)));
        assertThat(past.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE.code());
        assertThat(past.highWatermark()).isEqualTo(2);
        FetchResponse.PartitionData atEnd = only(send(transport, broker, fetch(topicId, "t", 0, 2, 1 << 20)));
        assertThat(atEnd.errorCode()).isZero();
        assertThat(atEnd.records().readableBytes()).isZero();
        FetchResponse.PartitionData unknown = only(send(transport, broker, fetch(UUID.randomUUID(), "x", 0, 0, 100)));
        assertThat(unknown.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void fetchesByNameBelowV13AndByTopicIdFrom13() {
        produce(0, batch(1, "a=1"));

        FetchResponse byName = transport.send(broker, fetch(null, "t", 0, 0, 1 << 20), (short) 4, (short) 12).join();
        assertThat(byName.responses().get(0).topic()).isEqualTo("t");
        assertThat(decode(only(byName).records())).containsExactly("0:a=1");
        only(byName).records().release();

        FetchResponse byId = transport.send(broker, fetch(topicId, "", 0, 0, 1 << 20), (short) 13, (short) 18).join();
        assertThat(byId.responses().get(0).topicId()).isEqualTo(topicId);
        assertThat(decode(only(byId).records())).containsExactly("0:a=1");
        only(byId).records().release();

        FetchResponse wrongName = transport.send(broker, fetch(null, "nope", 0, 0, 100), (short) 4, (short) 12).join();
        assertThat(only(wrongName).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void incrementalFetchSessionsReturnOnlyWhatChanged() {
        produce(0, batch(1, "a=1"));
        FetchRequest full = new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setSessionId(0).setSessionEpoch(0)
                .setTopics(new ArrayList<>(List.of(new FetchRequest.FetchTopic().setTopicId(topicId)
                        .setPartitions(new ArrayList<>(List.of(
                                new FetchRequest.FetchPartition().setPartition(0).setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20),
                                new FetchRequest.FetchPartition().setPartition(1).setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20)))))));
        FetchResponse first = send(transport, broker, full);
        int session = first.sessionId();
        assertThat(session).isNotZero();
        assertThat(first.responses().get(0).partitions()).hasSize(2);
        first.responses().get(0).partitions().forEach(p -> p.records().release());

        // Partition 0 moves its position; nothing changed in partition 1, so it is left out.
        FetchRequest next = new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setSessionId(session).setSessionEpoch(1)
                .setTopics(new ArrayList<>(List.of(fetchTopic(topicId, "", 1 << 20, 0, 1))));
        FetchResponse second = send(transport, broker, next);
        assertThat(second.sessionId()).isEqualTo(session);
        assertThat(second.responses()).isEmpty();

        produce(1, batch(1, "b=2"));
        FetchRequest third = new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setSessionId(session)
                .setSessionEpoch(2).setTopics(new ArrayList<>());
        FetchResponse r3 = send(transport, broker, third);
        assertThat(r3.responses()).hasSize(1);
        assertThat(r3.responses().get(0).partitions()).extracting(FetchResponse.PartitionData::partitionIndex)
                .containsExactly(1);
        assertThat(decode(r3.responses().get(0).partitions().get(0).records())).containsExactly("0:b=2");
        r3.responses().get(0).partitions().get(0).records().release();

        FetchResponse stale = send(transport, broker, new FetchRequest().setSessionId(session).setSessionEpoch(2)
                .setTopics(new ArrayList<>()));
        assertThat(stale.errorCode()).isEqualTo(ErrorCode.INVALID_FETCH_SESSION_EPOCH.code());
        FetchResponse missing = send(transport, broker, new FetchRequest().setSessionId(12345).setSessionEpoch(1)
                .setTopics(new ArrayList<>()));
        assertThat(missing.errorCode()).isEqualTo(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code());
    }

    @Test
    void listOffsetsEarliestLatestByTimestampAndMaxTimestamp() {
        produce(0, batch(1_000, "a=1", "b=2")); // offsets 0,1 at 1000,1001
        produce(0, batch(5_000, "c=3")); // offset 2 at 5000
        produce(0, batch(2_000, "d=4")); // offset 3 at 2000

        assertThat(listOffset(-2)).containsExactly(0, -1);
        assertThat(listOffset(-1)).containsExactly(4, -1);
        assertThat(listOffset(1_001)).containsExactly(1, 1_001);
        assertThat(listOffset(1_500)).containsExactly(2, 5_000);
        assertThat(listOffset(9_000)).containsExactly(-1, -1);
        assertThat(listOffset(-3)).containsExactly(2, 5_000);
    }

    private long[] listOffset(long timestamp) {
        ListOffsetsResponse r = send(transport, broker, new ListOffsetsRequest().setReplicaId(-1)
                .setTopics(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsTopic().setName("t")
                        .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsPartition()
                                .setPartitionIndex(0).setTimestamp(timestamp))))))));
        ListOffsetsResponse.ListOffsetsPartitionResponse p = r.topics().get(0).partitions().get(0);
        assertThat(p.errorCode()).isZero();
        return new long[] {p.offset(), p.timestamp()};
    }

    @Test
    void fetchAtAStaleLeaderEpochIsFenced() {
        MockCluster three = MockCluster.builder().brokers(3).topic("r", 1, 2).build();
        try {
            Transport t = three.transport();
            UUID id = Kafka.topicId(t, "r");
            PartitionSnapshot before = three.partition("r", 0);
            int other = before.replicas().stream().filter(b -> b != before.leader()).findFirst().orElseThrow();
            int none = three.brokers().stream().map(Node::id).filter(b -> !before.replicas().contains(b))
                    .findFirst().orElseThrow();
            three.faults().moveLeader("r", 0, other);

            FetchRequest stale = fetch(id, "r", 0, 0, 100);
            stale.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(before.leaderEpoch());
            assertThat(only(send(t, three.broker(other), stale)).errorCode())
                    .isEqualTo(ErrorCode.FENCED_LEADER_EPOCH.code());
            // The old leader is a follower now: it fences the old epoch too, and serves a consumer without one
            // (KIP-392: followers serve consumers' Fetch v11+).
            FetchRequest staleToOld = fetch(id, "r", 0, 0, 100);
            staleToOld.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(before.leaderEpoch());
            assertThat(only(send(t, three.broker(before.leader()), staleToOld)).errorCode())
                    .isEqualTo(ErrorCode.FENCED_LEADER_EPOCH.code());
            assertThat(only(send(t, three.broker(before.leader()), fetch(id, "r", 0, 0, 100))).errorCode())
                    .isZero();
            FetchResponse.PartitionData old = only(send(t, three.broker(none), fetch(id, "r", 0, 0, 100)));
            assertThat(old.errorCode()).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
            assertThat(old.currentLeader().leaderId()).isEqualTo(other);
            assertThat(old.currentLeader().leaderEpoch()).isEqualTo(before.leaderEpoch() + 1);
        } finally {
            three.close();
        }
    }

    @Test
    void produceRequestsWithUnusedFieldsStillEncode() {
        // Guard for the helper: a produce built with a null topic id encodes at v3-12 (names only).
        ByteBuf records = batch(1, "a=1");
        assertThat(transport.send(broker, Kafka.produce(null, "t", 0, records, 1), (short) 3, (short) 12).join()
                .responses().get(0).partitionResponses().get(0).errorCode()).isZero();
        records.release();
    }
}
