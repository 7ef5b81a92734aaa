package dev.samsa.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.consumer.TimestampType;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.common.Header;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import dev.samsa.transport.ApiVersionRanges;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The foundation's proof against a real Kafka broker started by the build: through {@link NettyTransport}, ApiVersions,
 * CreateTopics, Metadata, a Produce of a batch built by Samsa's codec and a Fetch that returns it, field by field.
 */
@RealKafka
class RealBrokerIT {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void apiVersionsAdvertisesTheCoreApis(KafkaCluster kafka) {
        try (NettyTransport transport = NettyTransport.builder().bootstrapServers(kafka.bootstrapServers()).build()) {
            ApiVersionRanges versions = transport.apiVersions(transport.bootstrapNodes().get(0)).join();

            for (ApiKey api : List.of(ApiKey.API_VERSIONS, ApiKey.METADATA, ApiKey.PRODUCE, ApiKey.FETCH,
                    ApiKey.CREATE_TOPICS, ApiKey.LIST_OFFSETS, ApiKey.JOIN_GROUP, ApiKey.OFFSET_COMMIT)) {
                assertThat(versions.supports(api)).as(api.title()).isTrue();
                assertThat(versions.max(api)).as(api.title()).isGreaterThanOrEqualTo(api.lowestVersion());
            }
            // Kafka 4.1 speaks at least the flexible versions we negotiate for produce and fetch.
            assertThat(versions.max(ApiKey.PRODUCE)).isGreaterThanOrEqualTo((short) 9);
            assertThat(versions.max(ApiKey.FETCH)).isGreaterThanOrEqualTo((short) 13);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void createTopicThenMetadataThenProduceThenFetchFieldByField(CompressionType compression, KafkaCluster kafka) {
        String topic = "samsa-it-" + compression.configName() + "-" + UUID.randomUUID();
        try (NettyTransport transport = NettyTransport.builder().bootstrapServers(kafka.bootstrapServers())
                .clientId("samsa-it").build()) {
            Node bootstrap = transport.bootstrapNodes().get(0);

            // CreateTopics: three partitions, one replica.
            CreateTopicsResponse created = transport.send(bootstrap, new CreateTopicsRequest().setTimeoutMs(30_000)
                    .setTopics(List.of(new CreateTopicsRequest.CreatableTopic().setName(topic).setNumPartitions(3)
                            .setReplicationFactor((short) 1)))).join();
            assertThat(created.topics()).hasSize(1);
            CreateTopicsResponse.CreatableTopicResult result = created.topics().get(0);
            assertThat(result.name()).isEqualTo(topic);
            assertThat(result.errorCode()).isZero();
            assertThat(result.numPartitions()).isEqualTo(3);
            assertThat(result.replicationFactor()).isEqualTo((short) 1);

            // Metadata: the broker, the controller, the topic with its id, partitions, leaders, replicas, ISR.
            int brokerId = kafka.nodeIds().get(0);
            MetadataResponse[] metadata = new MetadataResponse[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                metadata[0] = transport.send(bootstrap, new MetadataRequest().setTopics(List.of(
                        new MetadataRequest.MetadataRequestTopic().setName(topic)))).join();
                MetadataResponse.MetadataResponseTopic t = metadata[0].topics().get(0);
                return t.errorCode() == 0 && t.partitions().size() == 3
                        && t.partitions().stream().allMatch(p -> p.errorCode() == 0 && p.leaderId() == brokerId);
            });
            MetadataResponse md = metadata[0];
            assertThat(md.clusterId()).isEqualTo(kafka.clusterId());
            assertThat(md.controllerId()).isEqualTo(brokerId);
            assertThat(md.brokers()).singleElement().satisfies(b -> {
                assertThat(b.nodeId()).isEqualTo(brokerId);
                assertThat(b.host()).isEqualTo("127.0.0.1");
                assertThat(b.port()).isEqualTo(kafka.port(brokerId));
            });
            MetadataResponse.MetadataResponseTopic topicMetadata = md.topics().get(0);
            assertThat(topicMetadata.name()).isEqualTo(topic);
            assertThat(topicMetadata.isInternal()).isFalse();
            UUID topicId = topicMetadata.topicId();
            assertThat(topicId).isNotEqualTo(new UUID(0, 0));
            assertThat(topicMetadata.partitions()).extracting(MetadataResponse.MetadataResponsePartition::partitionIndex)
                    .containsExactlyInAnyOrder(0, 1, 2);
            for (MetadataResponse.MetadataResponsePartition p : topicMetadata.partitions()) {
                assertThat(p.replicaNodes()).containsExactly(brokerId);
                assertThat(p.isrNodes()).containsExactly(brokerId);
                assertThat(p.leaderEpoch()).isGreaterThanOrEqualTo(0);
            }
            Node leader = new Node(brokerId, "127.0.0.1", kafka.port(brokerId));

            // Produce a batch built by Samsa's codec to partition 1.
            long now = System.currentTimeMillis();
            List<String[]> sent = new ArrayList<>();
            ByteBuf batch;
            try (RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT, compression, 1024)) {
                for (int i = 0; i < 5; i++) {
                    String key = i == 3 ? null : "key-" + i;
                    String value = "value-" + i + "-" + "x".repeat(i * 40);
                    sent.add(new String[] {key, value});
                    builder.append(now + i, key == null ? null : utf8(key), utf8(value),
                            new Header[] {new Header("h" + i, utf8("hv" + i))});
                }
                batch = builder.build();
            }
            ProduceResponse produced = transport.send(leader, new ProduceRequest().setAcks((short) -1)
                    .setTimeoutMs(30_000).setTopicData(List.of(new ProduceRequest.TopicProduceData()
                            .setName(topic).setTopicId(topicId).setPartitionData(List.of(
                                    new ProduceRequest.PartitionProduceData().setIndex(1).setRecords(batch))))))
                    .join();
            batch.release();
            ProduceResponse.PartitionProduceResponse partitionResponse =
                    produced.responses().get(0).partitionResponses().get(0);
            assertThat(partitionResponse.index()).isEqualTo(1);
            assertThat(partitionResponse.errorCode()).isZero();
            assertThat(partitionResponse.baseOffset()).isZero();
            assertThat(partitionResponse.logAppendTimeMs()).isEqualTo(-1L); // CreateTime topic
            assertThat(partitionResponse.logStartOffset()).isZero();

            // Fetch it back from offset 0.
            FetchResponse fetched = transport.send(leader, new FetchRequest().setMaxWaitMs(500).setMinBytes(1)
                    .setMaxBytes(1 << 20).setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequest.FetchTopic().setTopic(topic).setTopicId(topicId)
                            .setPartitions(List.of(new FetchRequest.FetchPartition().setPartition(1)
                                    .setFetchOffset(0).setPartitionMaxBytes(1 << 20)))))).join();
            assertThat(fetched.errorCode()).isZero();
            FetchResponse.PartitionData data = fetched.responses().get(0).partitions().get(0);
            assertThat(data.partitionIndex()).isEqualTo(1);
            assertThat(data.errorCode()).isZero();
            assertThat(data.highWatermark()).isEqualTo(5);
            assertThat(data.lastStableOffset()).isEqualTo(5);
            assertThat(data.logStartOffset()).isZero();

            List<RecordBatch> batches = new ArrayList<>();
            RecordBatches.iterable(data.records()).forEach(batches::add);
            assertThat(batches).hasSize(1);
            RecordBatch back = batches.get(0);
            back.ensureValid();
            assertThat(back.baseOffset()).isZero();
            assertThat(back.lastOffset()).isEqualTo(4);
            assertThat(back.recordCount()).isEqualTo(5);
            assertThat(back.compressionType()).isEqualTo(compression);
            assertThat(back.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(back.maxTimestamp()).isEqualTo(now + 4);
            assertThat(back.partitionLeaderEpoch()).isGreaterThanOrEqualTo(0);
            try (RecordIterator records = back.iterator()) {
                for (int i = 0; i < 5; i++) {
                    assertThat(records.hasNext()).isTrue();
                    Record r = records.next();
                    assertThat(r.offset()).isEqualTo(i);
                    assertThat(r.timestamp()).isEqualTo(now + i);
                    assertThat(r.keyBytes()).isEqualTo(sent.get(i)[0] == null ? null : utf8(sent.get(i)[0]));
                    assertThat(r.valueBytes()).isEqualTo(utf8(sent.get(i)[1]));
                    assertThat(r.headers()).containsExactly(new Header("h" + i, utf8("hv" + i)));
                }
                assertThat(records.hasNext()).isFalse();
            }
            data.records().release();
        }
    }
}
