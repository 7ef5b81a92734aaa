package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.bytes;
import static dev.samsa.mock.Kafka.decode;
import static dev.samsa.mock.Kafka.fetch;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.produce;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Produce and fetch through the in-process transport, with raw protocol messages. */
class ProduceFetchTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private Node leader;
    private UUID topicId;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(3).time(time).topic("orders", 2, 3)
                .topic("stamped", 1, 1, Map.of("message.timestamp.type", "LogAppendTime"))
                .topic("compacted", 1, 1, Map.of("cleanup.policy", "compact")).build();
        transport = cluster.transport();
        leader = cluster.broker(cluster.partition("orders", 0).leader());
        topicId = Kafka.topicId(transport, "orders");
    }

    @AfterEach
    void tearDown() {
        transport.close();
        cluster.close();
    }

    private ProduceResponse.PartitionProduceResponse produceTo(Node node, String topic, int partition, ByteBuf records,
            int acks) {
        UUID id = topic.equals("orders") ? topicId : Kafka.topicId(transport, topic);
        try {
            return only(send(transport, node, produce(id, topic, partition, records, acks)));
        } finally {
            records.release();
        }
    }

    private FetchResponse.PartitionData fetchFrom(Node node, long offset, int maxBytes) {
        return only(send(transport, node, fetch(topicId, "orders", 0, offset, maxBytes)));
    }

    @Test
    void producedBatchIsFetchedBackByteForByteWithTheBrokersOffsetsAndEpoch() {
        ByteBuf produced = batch(1_000, "a=1", "b=2", "c=3");
        byte[] sent = bytes(produced);

        ProduceResponse.PartitionProduceResponse r = produceTo(leader, "orders", 0, produced, -1);

        assertThat(r.errorCode()).isZero();
        assertThat(r.baseOffset()).isZero();
        assertThat(r.logAppendTimeMs()).isEqualTo(-1);
        FetchResponse.PartitionData data = fetchFrom(leader, 0, 1 << 20);
        try {
            assertThat(data.errorCode()).isZero();
            assertThat(data.highWatermark()).isEqualTo(3);
            assertThat(data.lastStableOffset()).isEqualTo(3);
            assertThat(data.logStartOffset()).isZero();
            byte[] fetched = bytes(data.records());
            assertThat(fetched).hasSize(sent.length);
            // Only the base offset (bytes 0-7) and the partition leader epoch (12-15), outside the CRC, change.
            assertThat(Arrays.copyOfRange(fetched, 16, fetched.length)).isEqualTo(Arrays.copyOfRange(sent, 16,
                    sent.length));
            assertThat(Arrays.copyOfRange(fetched, 8, 12)).isEqualTo(Arrays.copyOfRange(sent, 8, 12));
            RecordBatch batch = RecordBatch.wrap(data.records());
            batch.ensureValid();
            assertThat(batch.baseOffset()).isZero();
            assertThat(batch.partitionLeaderEpoch()).isEqualTo(cluster.partition("orders", 0).leaderEpoch());
            assertThat(decode(data.records())).containsExactly("0:a=1", "1:b=2", "2:c=3");
        } finally {
            data.records().release();
        }
        assertThat(cluster.batches("orders", 0).get(0)).isEqualTo(bytes(fetchAndRelease(0)));
    }

    private ByteBuf fetchAndRelease(long offset) {
        FetchResponse.PartitionData data = fetchFrom(leader, offset, 1 << 20);
        ByteBuf copy = io.netty.buffer.Unpooled.copiedBuffer(data.records());
        data.records().release();
        return copy;
    }

    @Test
    void offsetsAreAssignedConsecutivelyAcrossBatchesAndCompressionCodecs() {
        assertThat(produceTo(leader, "orders", 0, batch(1, "a=1", "b=2"), 1).baseOffset()).isZero();
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.GZIP, -1, (short) -1, -1, 5, "c=3",
                "d=4", "e=5"), 1).baseOffset()).isEqualTo(2);
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.ZSTD, -1, (short) -1, -1, 9, "f=6"), 1)
                .baseOffset()).isEqualTo(5);

        PartitionSnapshot p = cluster.partition("orders", 0);
        assertThat(p.logEndOffset()).isEqualTo(6);
        assertThat(p.highWatermark()).isEqualTo(6);
        assertThat(p.batchCount()).isEqualTo(3);
        assertThat(cluster.records("orders", 0)).extracting(MockRecord::offset, MockRecord::keyString)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, "a"), org.assertj.core.groups.Tuple.tuple(1L,
                        "b"), org.assertj.core.groups.Tuple.tuple(2L, "c"), org.assertj.core.groups.Tuple.tuple(3L,
                        "d"), org.assertj.core.groups.Tuple.tuple(4L, "e"), org.assertj.core.groups.Tuple.tuple(5L,
                        "f"));
        FetchResponse.PartitionData fromMiddle = fetchFrom(leader, 3, 1 << 20);
        try {
            // Fetching from an offset inside a batch returns that whole batch, as Kafka does.
            assertThat(decode(fromMiddle.records())).containsExactly("2:c=3", "3:d=4", "4:e=5", "5:f=6");
        } finally {
            fromMiddle.records().release();
        }
    }

    @Test
    void acksZeroCompletesWithNullAndStillAppends() {
        ByteBuf records = batch(1, "k=v");
        CompletableFuture<ProduceResponse> f = transport.send(leader, produce(topicId, "orders", 0, records, 0));
        records.release();

        assertThat(f).isCompletedWithValue(null);
        assertThat(cluster.records("orders", 0)).extracting(MockRecord::valueString).containsExactly("v");
    }

    @Test
    void logAppendTimeTopicsStampTheBatchWithTheClusterClock() {
        time.advance(java.time.Duration.ofSeconds(5));
        long now = time.milliseconds();
        Node stampedLeader = cluster.broker(cluster.partition("stamped", 0).leader());

        ProduceResponse.PartitionProduceResponse r = produceTo(stampedLeader, "stamped", 0, batch(42, "a=1", "b=2"), 1);

        assertThat(r.logAppendTimeMs()).isEqualTo(now);
        assertThat(cluster.records("stamped", 0)).allSatisfy(rec -> {
            assertThat(rec.logAppendTime()).isTrue();
            assertThat(rec.timestamp()).isEqualTo(now);
        });
        RecordBatch stored = RecordBatch.wrap(io.netty.buffer.Unpooled.wrappedBuffer(cluster.batches("stamped", 0)
                .get(0)));
        stored.ensureValid(); // the CRC was recomputed after the timestamp rewrite
        assertThat(stored.maxTimestamp()).isEqualTo(now);
    }

    @Test
    void idempotentProducerRetriesAreDeduplicatedAndGapsRejected() {
        long pid = 7;
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 0, 1, "a=1", "b=2"),
                -1).baseOffset()).isZero();
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 2, 1, "c=3"), -1)
                .baseOffset()).isEqualTo(2);

        // The first batch again (a retry after a lost response): its original offset, nothing appended.
        ProduceResponse.PartitionProduceResponse dup = produceTo(leader, "orders", 0,
                Kafka.batch(CompressionType.NONE, pid, (short) 0, 0, 1, "a=1", "b=2"), -1);
        assertThat(dup.errorCode()).isZero();
        assertThat(dup.baseOffset()).isZero();
        assertThat(cluster.partition("orders", 0).logEndOffset()).isEqualTo(3);

        ProduceResponse.PartitionProduceResponse gap = produceTo(leader, "orders", 0,
                Kafka.batch(CompressionType.NONE, pid, (short) 0, 5, 1, "x=1"), -1);
        assertThat(gap.errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code());

        // A bumped epoch must restart at sequence 0; after that the old epoch is fenced.
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 1, 3, 1, "y=1"), -1)
                .errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 1, 0, 1, "y=1"), -1)
                .errorCode()).isZero();
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 3, 1, "z=1"), -1)
                .errorCode()).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH.code());
        assertThat(cluster.records("orders", 0)).extracting(MockRecord::keyString).containsExactly("a", "b", "c", "y");
    }

    @Test
    void onlyTheLastFiveBatchesOfAProducerAreRecognisedAsDuplicates() {
        long pid = 9;
        for (int i = 0; i < 6; i++) {
            produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 0, i, 1, "k=" + i), -1);
        }
        // Sequence 1 is among the last five: a duplicate. Sequence 0 is not: out of order.
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 1, 1, "k=1"), -1)
                .baseOffset()).isEqualTo(1);
        assertThat(produceTo(leader, "orders", 0, Kafka.batch(CompressionType.NONE, pid, (short) 0, 0, 1, "k=0"), -1)
                .errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
    }

    @Test
    void corruptOversizedAndMisaddressedBatchesAreRefusedAsKafkaDoes() {
        ByteBuf corrupt = batch(1, "a=1");
        corrupt.setByte(corrupt.writerIndex() - 1, corrupt.getByte(corrupt.writerIndex() - 1) ^ 0x55);
        assertThat(produceTo(leader, "orders", 0, corrupt, 1).errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE.code());

        ByteBuf large = Kafka.batchOfSize(1, MockCluster.DEFAULT_MESSAGE_MAX_BYTES);
        assertThat(produceTo(leader, "orders", 0, large, 1).errorCode()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE.code());

        ByteBuf two = io.netty.buffer.Unpooled.wrappedBuffer(batch(1, "a=1"), batch(2, "b=2"));
        assertThat(produceTo(leader, "orders", 0, two, 1).errorCode()).isEqualTo(ErrorCode.INVALID_RECORD.code());

        Node follower = cluster.brokers().stream().filter(n -> n.id() != leader.id()).findFirst().orElseThrow();
        ProduceResponse.PartitionProduceResponse notLeader = produceTo(follower, "orders", 0, batch(1, "a=1"), 1);
        assertThat(notLeader.errorCode()).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(notLeader.currentLeader().leaderId()).isEqualTo(leader.id());

        assertThat(produceTo(leader, "orders", 7, batch(1, "a=1"), 1).errorCode())
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(only(send(transport, leader, produce(UUID.randomUUID(), "nope", 0, batch(1, "a=1"), 1)))
                .errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_ID.code());
        assertThat(only(transport.send(leader, produce(null, "nope", 0, batch(1, "a=1"), 1), (short) 3,
                (short) 12).join()).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());

        Node compactedLeader = cluster.broker(cluster.partition("compacted", 0).leader());
        assertThat(produceTo(compactedLeader, "compacted", 0, batch(1, "=keyless"), 1).errorCode())
                .isEqualTo(ErrorCode.INVALID_RECORD.code());
        assertThat(cluster.partition("orders", 0).logEndOffset()).isZero();
    }

    @Test
    void acksAllNeedsMinInsyncReplicas() {
        cluster.createTopic("safe", 1, 3, Map.of("min.insync.replicas", "3"));
        int safeLeader = cluster.partition("safe", 0).leader();
        int other = cluster.partition("safe", 0).replicas().stream().filter(r -> r != safeLeader).findFirst()
                .orElseThrow();
        cluster.faults().stopBroker(other);

        assertThat(produceTo(cluster.broker(safeLeader), "safe", 0, batch(1, "a=1"), -1).errorCode())
                .isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS.code());
        assertThat(produceTo(cluster.broker(safeLeader), "safe", 0, batch(1, "a=1"), 1).errorCode()).isZero();
    }
}
