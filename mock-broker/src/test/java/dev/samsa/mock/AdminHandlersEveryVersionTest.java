package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.DeleteRecordsRequest;
import dev.samsa.internal.protocol.message.DeleteRecordsResponse;
import dev.samsa.internal.protocol.message.DescribeClusterRequest;
import dev.samsa.internal.protocol.message.DescribeClusterResponse;
import dev.samsa.internal.protocol.message.DescribeConfigsRequest;
import dev.samsa.internal.protocol.message.DescribeConfigsResponse;
import dev.samsa.internal.protocol.message.IncrementalAlterConfigsRequest;
import dev.samsa.internal.protocol.message.IncrementalAlterConfigsResponse;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin handlers (DescribeConfigs, IncrementalAlterConfigs, DescribeCluster, DeleteRecords) at every version they
 * advertise, with messages encoded and decoded at that version ({@code encodeMessages}), as {@link EveryVersionTest}
 * does for the others.
 */
class AdminHandlersEveryVersionTest {
    private MockCluster cluster;
    private Transport transport;
    private Node node;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().encodeMessages(true).topic("t", 2).build();
        transport = cluster.transport("versions");
        node = cluster.broker(0);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private <R extends ApiResponse> R at(int version, ApiRequest<R> request) {
        return transport.send(node, request, (short) version, (short) version).join();
    }

    private short[] versions(ApiKey api) {
        var ranges = transport.apiVersions(node).join();
        assertThat(ranges.supports(api)).as(api.title()).isTrue();
        return new short[] {ranges.min(api), ranges.max(api)};
    }

    @Test
    void describeAndAlterConfigs() {
        short[] alter = versions(ApiKey.INCREMENTAL_ALTER_CONFIGS);
        for (short v = alter[0]; v <= alter[1]; v++) {
            IncrementalAlterConfigsResponse r = at(v, new IncrementalAlterConfigsRequest().setResources(
                    new ArrayList<>(List.of(new IncrementalAlterConfigsRequest.AlterConfigsResource()
                            .setResourceType((byte) 2).setResourceName("t").setConfigs(new ArrayList<>(List.of(
                                    new IncrementalAlterConfigsRequest.AlterableConfig().setName("retention.ms")
                                            .setConfigOperation((byte) 0).setValue("100" + v))))))));
            assertThat(r.responses().get(0).errorCode()).isZero();
        }
        short[] describe = versions(ApiKey.DESCRIBE_CONFIGS);
        for (short v = describe[0]; v <= describe[1]; v++) {
            DescribeConfigsResponse r = at(v, new DescribeConfigsRequest().setResources(new ArrayList<>(List.of(
                    new DescribeConfigsRequest.DescribeConfigsResource().setResourceType((byte) 2)
                            .setResourceName("t").setConfigurationKeys(null),
                    new DescribeConfigsRequest.DescribeConfigsResource().setResourceType((byte) 4)
                            .setResourceName("0").setConfigurationKeys(new ArrayList<>(List.of("node.id")))))));
            DescribeConfigsResponse.DescribeConfigsResult topic = r.results().get(0);
            assertThat(topic.errorCode()).isZero();
            assertThat(topic.configs()).anySatisfy(c -> {
                assertThat(c.name()).isEqualTo("retention.ms");
                assertThat(c.value()).isEqualTo("100" + alter[1]);
            });
            assertThat(r.results().get(1).configs()).singleElement()
                    .satisfies(c -> assertThat(c.value()).isEqualTo("0"));
        }
    }

    @Test
    void describeClusterAndDeleteRecords() {
        short[] dc = versions(ApiKey.DESCRIBE_CLUSTER);
        for (short v = dc[0]; v <= dc[1]; v++) {
            DescribeClusterResponse r = at(v, new DescribeClusterRequest().setEndpointType((byte) 1));
            assertThat(r.errorCode()).isZero();
            assertThat(r.clusterId()).isEqualTo(cluster.clusterId());
            assertThat(r.brokers()).hasSize(1);
        }
        short[] dr = versions(ApiKey.DELETE_RECORDS);
        for (short v = dr[0]; v <= dr[1]; v++) {
            DeleteRecordsResponse r = at(v, new DeleteRecordsRequest().setTimeoutMs(1000).setTopics(new ArrayList<>(
                    List.of(new DeleteRecordsRequest.DeleteRecordsTopic().setName("t").setPartitions(
                            new ArrayList<>(List.of(new DeleteRecordsRequest.DeleteRecordsPartition()
                                    .setPartitionIndex(0).setOffset(-1),
                                    new DeleteRecordsRequest.DeleteRecordsPartition().setPartitionIndex(1)
                                            .setOffset(5))))))));
            var partitions = r.topics().get(0).partitions();
            assertThat(partitions.get(0).errorCode()).isZero();
            assertThat(partitions.get(0).lowWatermark()).isZero();
            assertThat(partitions.get(1).errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE.code());
        }
    }
}
