package dev.samsa.mock;

import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.message.ApiVersionsRequest;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.CreatePartitionsRequest;
import dev.samsa.internal.protocol.message.CreatePartitionsResponse;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.internal.protocol.message.DeleteTopicsRequest;
import dev.samsa.internal.protocol.message.DeleteTopicsResponse;
import dev.samsa.internal.protocol.message.DescribeDelegationTokenRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cluster startup, Metadata, ApiVersions and the topic admin APIs. */
class TopicAdminTest {
    private MockCluster cluster;
    private Transport transport;
    private Node node;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(3).firstBrokerId(1).controller(2).topic("existing", 6, 2).build();
        transport = cluster.transport();
        node = transport.bootstrapNodes().get(0);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private static MetadataRequest metadata(String... topics) {
        List<MetadataRequest.MetadataRequestTopic> list = new ArrayList<>();
        for (String t : topics) {
            list.add(new MetadataRequest.MetadataRequestTopic().setName(t));
        }
        return new MetadataRequest().setTopics(list).setAllowAutoTopicCreation(true);
    }

    @Test
    void startsWithBrokersTopicsLeadersSpreadOverThemAndAController() {
        MetadataResponse m = send(transport, node, new MetadataRequest().setTopics(null));
        assertThat(m.brokers()).extracting(MetadataResponse.MetadataResponseBroker::nodeId).containsExactly(1, 2, 3);
        assertThat(m.brokers()).allSatisfy(b -> assertThat(b.host()).isEqualTo("127.0.0.1"));
        assertThat(m.controllerId()).isEqualTo(2);
        assertThat(m.clusterId()).isEqualTo(cluster.clusterId()).hasSize(22);
        MetadataResponse.MetadataResponseTopic t = m.topics().get(0);
        assertThat(t.name()).isEqualTo("existing");
        assertThat(t.topicId()).isNotEqualTo(new java.util.UUID(0, 0));
        assertThat(t.partitions()).hasSize(6);
        assertThat(t.partitions()).extracting(MetadataResponse.MetadataResponsePartition::leaderId)
                .containsOnly(1, 2, 3).contains(1, 2, 3);
        assertThat(t.partitions()).allSatisfy(p -> {
            assertThat(p.replicaNodes()).hasSize(2).doesNotHaveDuplicates();
            assertThat(p.isrNodes()).isEqualTo(p.replicaNodes());
            assertThat(p.replicaNodes().get(0)).isEqualTo(p.leaderId());
            assertThat(p.leaderEpoch()).isZero();
        });
    }

    @Test
    void apiVersionsAdvertiseExactlyWhatTheMockServes() {
        ApiVersionsResponse r = send(transport, node, new ApiVersionsRequest().setClientSoftwareName("samsa-test")
                .setClientSoftwareVersion("1.0"));
        ApiVersionRanges ranges = transport.apiVersions(node).join();
        assertThat(r.apiKeys()).hasSizeGreaterThanOrEqualTo(20);
        for (ApiVersionsResponse.ApiVersion v : r.apiKeys()) {
            ApiKey api = ApiKey.forId(v.apiKey());
            // SaslHandshake v0 (raw tokens, before KIP-152) is the one version the mock does not serve.
            assertThat(v.minVersion()).isEqualTo(api == ApiKey.SASL_HANDSHAKE ? 1 : api.lowestVersion());
            assertThat(v.maxVersion()).isEqualTo(api.latestStableVersion());
            assertThat(ranges.max(api)).isEqualTo(v.maxVersion());
        }
        assertThat(ranges.supports(ApiKey.DESCRIBE_DELEGATION_TOKEN)).isFalse();
        assertThatThrownBy(() -> transport.send(node, new DescribeDelegationTokenRequest()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("DescribeDelegationToken");
        ApiVersionsResponse bad = send(transport, node, new ApiVersionsRequest().setClientSoftwareName("-bad-")
                .setClientSoftwareVersion("1"));
        assertThat(bad.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST.code());
    }

    @Test
    void createTopicsWithKafkasErrors() {
        CreateTopicsRequest request = new CreateTopicsRequest().setTopics(new ArrayList<>(List.of(
                new CreateTopicsRequest.CreatableTopic().setName("new").setNumPartitions(4).setReplicationFactor((short) 3)
                        .setConfigs(new ArrayList<>(List.of(new CreateTopicsRequest.CreatableTopicConfig()
                                .setName("retention.ms").setValue("1000")))),
                new CreateTopicsRequest.CreatableTopic().setName("existing").setNumPartitions(1)
                        .setReplicationFactor((short) 1),
                new CreateTopicsRequest.CreatableTopic().setName("wide").setNumPartitions(1)
                        .setReplicationFactor((short) 4),
                new CreateTopicsRequest.CreatableTopic().setName("bad name!").setNumPartitions(1)
                        .setReplicationFactor((short) 1),
                new CreateTopicsRequest.CreatableTopic().setName("defaults").setNumPartitions(-1)
                        .setReplicationFactor((short) -1),
                new CreateTopicsRequest.CreatableTopic().setName("badconfig").setNumPartitions(1)
                        .setReplicationFactor((short) 1).setConfigs(new ArrayList<>(List.of(
                                new CreateTopicsRequest.CreatableTopicConfig().setName("cleanup.policy")
                                        .setValue("shred")))))));

        CreateTopicsResponse r = send(transport, node, request);

        assertThat(r.topics()).extracting(CreateTopicsResponse.CreatableTopicResult::errorCode).containsExactly(
                (short) 0, ErrorCode.TOPIC_ALREADY_EXISTS.code(), ErrorCode.INVALID_REPLICATION_FACTOR.code(),
                ErrorCode.INVALID_TOPIC_EXCEPTION.code(), (short) 0, ErrorCode.INVALID_CONFIG.code());
        CreateTopicsResponse.CreatableTopicResult created = r.topics().get(0);
        assertThat(created.numPartitions()).isEqualTo(4);
        assertThat(created.replicationFactor()).isEqualTo((short) 3);
        assertThat(created.topicId()).isNotEqualTo(new java.util.UUID(0, 0));
        assertThat(created.configs()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("retention.ms");
            assertThat(c.value()).isEqualTo("1000");
        });
        assertThat(cluster.partitionCount("defaults")).isEqualTo(MockCluster.DEFAULT_NUM_PARTITIONS);
        assertThat(cluster.topics()).containsExactly("defaults", "existing", "new");
    }

    @Test
    void deleteTopicsAndCreatePartitions() {
        CreatePartitionsResponse grow = send(transport, node, new CreatePartitionsRequest().setTopics(new ArrayList<>(
                List.of(new CreatePartitionsRequest.CreatePartitionsTopic().setName("existing").setCount(8),
                        new CreatePartitionsRequest.CreatePartitionsTopic().setName("existing2").setCount(8)))));
        assertThat(grow.results()).extracting(CreatePartitionsResponse.CreatePartitionsTopicResult::errorCode)
                .containsExactly((short) 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(cluster.partitionCount("existing")).isEqualTo(8);
        CreatePartitionsResponse shrink = send(transport, node, new CreatePartitionsRequest().setTopics(
                new ArrayList<>(List.of(new CreatePartitionsRequest.CreatePartitionsTopic().setName("existing")
                        .setCount(3)))));
        assertThat(shrink.results().get(0).errorCode()).isEqualTo(ErrorCode.INVALID_PARTITIONS.code());

        DeleteTopicsResponse deleted = send(transport, node, new DeleteTopicsRequest().setTopics(new ArrayList<>(
                List.of(new DeleteTopicsRequest.DeleteTopicState().setName("existing"),
                        new DeleteTopicsRequest.DeleteTopicState().setName("ghost")))));
        assertThat(deleted.responses()).extracting(DeleteTopicsResponse.DeletableTopicResult::errorCode)
                .containsExactly((short) 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(cluster.topics()).isEmpty();
        MetadataResponse m = send(transport, node, metadata("existing").setAllowAutoTopicCreation(false));
        assertThat(m.topics().get(0).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void metadataAutoCreatesTopicsOnlyWhenTheClusterAndTheRequestAllowIt() {
        MetadataResponse refused = send(transport, node, metadata("auto"));
        assertThat(refused.topics().get(0).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());

        MockCluster auto = MockCluster.builder().autoCreateTopics(true).numPartitions(3).build();
        try {
            Transport t = auto.transport();
            Node n = t.bootstrapNodes().get(0);
            MetadataResponse notAllowed = send(t, n, metadata("auto").setAllowAutoTopicCreation(false));
            assertThat(notAllowed.topics().get(0).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());

            MetadataResponse first = send(t, n, metadata("auto"));
            assertThat(first.topics().get(0).errorCode()).isEqualTo(ErrorCode.LEADER_NOT_AVAILABLE.code());
            MetadataResponse second = send(t, n, metadata("auto"));
            assertThat(second.topics().get(0).errorCode()).isZero();
            assertThat(second.topics().get(0).partitions()).hasSize(3);
            assertThat(send(t, n, metadata("in valid")).topics().get(0).errorCode())
                    .isEqualTo(ErrorCode.INVALID_TOPIC_EXCEPTION.code());
        } finally {
            auto.close();
        }
    }

    @Test
    void builderValidatesAtOnce() {
        assertThatThrownBy(() -> MockCluster.builder().brokers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brokers: 0");
        assertThatThrownBy(() -> MockCluster.builder().brokers(2).topic("t", 1, 3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicationFactor 3");
        assertThatThrownBy(() -> MockCluster.builder().controller(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("controller: 5");
        assertThatThrownBy(() -> MockCluster.builder().topic("bad/name", 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("illegal");
    }
}
