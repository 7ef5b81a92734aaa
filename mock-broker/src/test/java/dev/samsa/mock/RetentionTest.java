package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.only;
import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** retention.ms, retention.bytes and cleanup.policy=compact, on virtual time. */
class RetentionTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().time(time).retentionCheckInterval(Duration.ofMinutes(1))
                .topic("short", 1, 1, Map.of("retention.ms", "90000"))
                .topic("small", 1, 1, Map.of("retention.bytes", "1"))
                .topic("latest", 1, 1, Map.of("cleanup.policy", "compact", "delete.retention.ms", "1000")).build();
        transport = cluster.transport();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private void produce(String topic, ByteBuf records) {
        UUID id = Kafka.topicId(transport, topic);
        try {
            assertThat(only(send(transport, cluster.broker(0), Kafka.produce(id, topic, 0, records, 1))).errorCode())
                    .isZero();
        } finally {
            records.release();
        }
    }

    @Test
    void retentionMsAdvancesTheLogStartOffsetOnTheClusterClock() {
        long t0 = time.milliseconds();
        produce("short", batch(t0, "a=1", "b=2"));
        time.advance(Duration.ofSeconds(30));
        produce("short", batch(time.milliseconds(), "c=3"));

        time.advance(Duration.ofSeconds(90)); // checks at 60 s (nothing older than 90 s) and 120 s (the first batch)
        assertThat(cluster.partition("short", 0).logStartOffset()).isEqualTo(2);
        assertThat(cluster.records("short", 0)).extracting(MockRecord::keyString).containsExactly("c");

        UUID id = Kafka.topicId(transport, "short");
        FetchResponse.PartitionData gone = only(send(transport, cluster.broker(0), Kafka.fetch(id, "short", 0, 0,
                1000)));
        assertThat(gone.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE.code());
        assertThat(gone.logStartOffset()).isEqualTo(2);
        ListOffsetsResponse earliest = send(transport, cluster.broker(0), new ListOffsetsRequest().setReplicaId(-1)
                .setTopics(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsTopic().setName("short")
                        .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsPartition()
                                .setTimestamp(-2))))))));
        assertThat(earliest.topics().get(0).partitions().get(0).offset()).isEqualTo(2);

        time.advance(Duration.ofMinutes(2));
        PartitionSnapshot empty = cluster.partition("short", 0);
        assertThat(empty.logStartOffset()).isEqualTo(3).isEqualTo(empty.logEndOffset());
        assertThat(empty.batchCount()).isZero();
    }

    @Test
    void retentionBytesDropsTheOldestBatchesButKeepsTheLimit() {
        long now = time.milliseconds();
        produce("small", batch(now, "a=1"));
        produce("small", batch(now, "b=2"));
        produce("small", batch(now, "c=3"));

        cluster.enforceRetention();

        // retention.bytes=1: every batch but the newest goes (the rest must still hold at least 1 byte).
        assertThat(cluster.records("small", 0)).extracting(MockRecord::keyString).containsExactly("c");
        assertThat(cluster.partition("small", 0).logStartOffset()).isEqualTo(2);
    }

    @Test
    void compactionKeepsTheLatestRecordPerKeyAtItsOffset() {
        long now = time.milliseconds();
        produce("latest", batch(now, "a=1", "b=1", "a=2"));
        produce("latest", batch(now, "c=1", "b=null"));
        produce("latest", batch(now, "a=3"));

        cluster.compact("latest");

        assertThat(cluster.records("latest", 0)).extracting(r -> r.offset() + ":" + r.keyString() + "="
                + r.valueString()).containsExactly("3:c=1", "4:b=null", "5:a=3");
        PartitionSnapshot p = cluster.partition("latest", 0);
        assertThat(p.logStartOffset()).isZero();
        assertThat(p.logEndOffset()).isEqualTo(6);

        // Fetching from offset 0 skips the gaps, batch by batch, CRCs intact.
        UUID id = Kafka.topicId(transport, "latest");
        FetchResponse.PartitionData data = only(send(transport, cluster.broker(0), Kafka.fetch(id, "latest", 0, 0,
                1 << 20)));
        assertThat(Kafka.decode(data.records())).containsExactly("3:c=1", "4:b=null", "5:a=3");
        data.records().release();

        // Tombstones go once delete.retention.ms has passed (at the next periodic cleaning).
        time.advance(Duration.ofMinutes(6));
        assertThat(cluster.records("latest", 0)).extracting(MockRecord::keyString).containsExactly("c", "a");
    }
}
