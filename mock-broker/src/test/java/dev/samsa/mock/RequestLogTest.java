package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MockCluster#requests()}: what the in-process transport's requests are recorded as (TCP: TcpListenerTest). */
class RequestLogTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private UUID topicId;
    private Node leader;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(2).time(time).topic("t", 2, 2).build();
        cluster.faults().moveLeader("t", 1, cluster.partition("t", 0).leader());
        leader = cluster.broker(cluster.partition("t", 0).leader());
        transport = cluster.transport("app");
        topicId = Kafka.topicId(transport, "t");
        cluster.clearRequests();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void aProduceIsRecordedWithItsApiVersionClientAndPartitions() {
        time.advance(Duration.ofSeconds(5));
        ByteBuf r0 = batch(1, "a=1");
        ByteBuf r1 = batch(1, "b=1");
        ProduceRequest both = Kafka.produce(topicId, "t", 1, r1, -1);
        both.topicData().get(0).partitionData().add(new ProduceRequest.PartitionProduceData().setIndex(0)
                .setRecords(r0));
        try {
            send(transport, leader, both);
        } finally {
            r0.release();
            r1.release();
        }

        assertThat(cluster.requests()).singleElement().satisfies(r -> {
            assertThat(r.api()).isEqualTo(KafkaApi.PRODUCE);
            assertThat(r.brokerId()).isEqualTo(leader.id());
            assertThat(r.version()).isPositive();
            assertThat(r.clientId()).isEqualTo("app");
            assertThat(r.correlationId()).isEqualTo(-1); // in process: no request header
            assertThat(r.timeMs()).isEqualTo(time.milliseconds());
            assertThat(r.principal()).isEqualTo("User:ANONYMOUS");
            assertThat(r.partitions()).containsExactly(new TopicPartition("t", 1), new TopicPartition("t", 0));
            assertThat(r.names("t", 0)).isTrue();
            assertThat(r.names("t", 2)).isFalse();
            assertThat(r.body()).isInstanceOf(ProduceRequest.class);
        });
        assertThat(cluster.requests(KafkaApi.PRODUCE)).hasSize(1);
        assertThat(cluster.requests(KafkaApi.FETCH)).isEmpty();
        assertThat(cluster.requests(leader.id())).hasSize(1);
    }

    @Test
    void aFetchByTopicIdIsRecordedWithTopicNamesAndOtherApisWithNoPartitions() {
        FetchRequest fetch = Kafka.fetch(topicId, "t", 1, 0, 1 << 20);
        fetch.topics().add(Kafka.fetchTopic(UUID.randomUUID(), "gone", 1 << 20, 0, 0));
        send(transport, leader, fetch);
        send(transport, leader, new MetadataRequest().setTopics(null));

        assertThat(cluster.requests()).extracting(ReceivedRequest::api)
                .containsExactly(KafkaApi.FETCH, KafkaApi.METADATA);
        ReceivedRequest fetched = cluster.requests(KafkaApi.FETCH).get(0);
        assertThat(fetched.version()).isGreaterThanOrEqualTo((short) 13); // named by topic id on the wire
        // The unknown topic id names no partition the log could show.
        assertThat(fetched.partitions()).containsExactly(new TopicPartition("t", 1));
        assertThat(cluster.requests(KafkaApi.METADATA).get(0).partitions()).isEmpty();
    }

    @Test
    void aZeroCapacityLogKeepsNothing() {
        try (MockCluster quiet = MockCluster.builder().requestLogCapacity(0).topic("t", 1).build()) {
            Transport t = quiet.transport();
            send(t, t.bootstrapNodes().get(0), new MetadataRequest().setTopics(null));
            assertThat(quiet.requests()).isEmpty();
        }
    }
}
