package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.ApiVersionsRequest;
import dev.samsa.internal.protocol.message.CreatePartitionsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.internal.protocol.message.DeleteGroupsRequest;
import dev.samsa.internal.protocol.message.DeleteTopicsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupResponse;
import dev.samsa.internal.protocol.message.ListGroupsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every API the mock serves, at every version it advertises, with requests and responses encoded and decoded at
 * that version ({@code encodeMessages}): what the TCP listener must be able to write, each handler must produce.
 */
class EveryVersionTest {
    private MockCluster cluster;
    private Transport transport;
    private Node node;
    private UUID topicId;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().encodeMessages(true).topic("t", 2).build();
        transport = cluster.transport("versions");
        node = cluster.broker(0);
        topicId = Kafka.topicId(transport, "t");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private <R extends ApiResponse> R at(int version, ApiRequest<R> request) {
        return transport.send(node, request, (short) version, (short) version).join();
    }

    private short[] versions(ApiKey api) {
        return new short[] {cluster.transport().apiVersions(node).join().min(api),
                cluster.transport().apiVersions(node).join().max(api)};
    }

    @Test
    void apiVersionsMetadataAndTopicAdmin() {
        for (short v = versions(ApiKey.API_VERSIONS)[0]; v <= versions(ApiKey.API_VERSIONS)[1]; v++) {
            assertThat(at(v, new ApiVersionsRequest().setClientSoftwareName("x").setClientSoftwareVersion("1"))
                    .apiKeys()).isNotEmpty();
        }
        for (short v = versions(ApiKey.METADATA)[0]; v <= versions(ApiKey.METADATA)[1]; v++) {
            MetadataResponse m = at(v, new MetadataRequest().setTopics(new ArrayList<>(List.of(
                    new MetadataRequest.MetadataRequestTopic().setName("t")))));
            assertThat(m.topics().get(0).partitions()).hasSize(2);
            assertThat(m.brokers()).hasSize(1);
        }
        for (short v = versions(ApiKey.CREATE_TOPICS)[0]; v <= versions(ApiKey.CREATE_TOPICS)[1]; v++) {
            CreateTopicsResponse r = at(v, new CreateTopicsRequest().setTopics(new ArrayList<>(List.of(
                    new CreateTopicsRequest.CreatableTopic().setName("c" + v).setNumPartitions(1)
                            .setReplicationFactor((short) 1)))));
            assertThat(r.topics().get(0).errorCode()).isZero();
        }
        for (short v = versions(ApiKey.CREATE_PARTITIONS)[0]; v <= versions(ApiKey.CREATE_PARTITIONS)[1]; v++) {
            assertThat(at(v, new CreatePartitionsRequest().setTopics(new ArrayList<>(List.of(
                    new CreatePartitionsRequest.CreatePartitionsTopic().setName("c2").setCount(2 + v)
                            .setAssignments(null))))).results().get(0).errorCode()).isZero();
        }
        for (short v = versions(ApiKey.DELETE_TOPICS)[0]; v <= versions(ApiKey.DELETE_TOPICS)[1]; v++) {
            DeleteTopicsRequest r = new DeleteTopicsRequest().setTimeoutMs(1000);
            if (v >= 6) {
                r.setTopics(new ArrayList<>(List.of(new DeleteTopicsRequest.DeleteTopicState().setName("c" + (v + 1)))));
            } else {
                r.setTopicNames(new ArrayList<>(List.of("c" + (v + 1))));
            }
            assertThat(at(v, r).responses().get(0).errorCode()).isZero();
        }
        for (short v = versions(ApiKey.INIT_PRODUCER_ID)[0]; v <= versions(ApiKey.INIT_PRODUCER_ID)[1]; v++) {
            assertThat(at(v, new InitProducerIdRequest().setTransactionalId(null).setTransactionTimeoutMs(1000))
                    .producerId()).isNotNegative();
        }
    }

    @Test
    void produceFetchListOffsetsAndOffsetForLeaderEpoch() {
        long expected = 0;
        for (short v = versions(ApiKey.PRODUCE)[0]; v <= versions(ApiKey.PRODUCE)[1]; v++) {
            ByteBuf records = batch(1, "k=" + v);
            ProduceResponse r = at(v, Kafka.produce(topicId, "t", 0, records, -1));
            records.release();
            assertThat(r.responses().get(0).partitionResponses().get(0).baseOffset()).isEqualTo(expected++);
        }
        for (short v = versions(ApiKey.FETCH)[0]; v <= versions(ApiKey.FETCH)[1]; v++) {
            FetchResponse r = at(v, Kafka.fetch(topicId, "t", 0, Math.min(v - 4, expected - 1), 1 << 20));
            FetchResponse.PartitionData p = r.responses().get(0).partitions().get(0);
            assertThat(p.errorCode()).isZero();
            assertThat(Kafka.decode(p.records())).isNotEmpty();
            p.records().release();
        }
        for (short v = versions(ApiKey.LIST_OFFSETS)[0]; v <= versions(ApiKey.LIST_OFFSETS)[1]; v++) {
            assertThat(at(v, new ListOffsetsRequest().setReplicaId(-1).setTopics(new ArrayList<>(List.of(
                    new ListOffsetsRequest.ListOffsetsTopic().setName("t").setPartitions(new ArrayList<>(List.of(
                            new ListOffsetsRequest.ListOffsetsPartition().setTimestamp(-1))))))))
                    .topics().get(0).partitions().get(0).offset()).isEqualTo(expected);
        }
        for (short v = versions(ApiKey.OFFSET_FOR_LEADER_EPOCH)[0];
                v <= versions(ApiKey.OFFSET_FOR_LEADER_EPOCH)[1]; v++) {
            assertThat(at(v, new OffsetForLeaderEpochRequest().setTopics(new ArrayList<>(List.of(
                    new OffsetForLeaderEpochRequest.OffsetForLeaderTopic().setTopic("t").setPartitions(
                            new ArrayList<>(List.of(new OffsetForLeaderEpochRequest.OffsetForLeaderPartition()
                                    .setLeaderEpoch(0))))))))
                    .topics().get(0).partitions().get(0).endOffset()).isEqualTo(expected);
        }
    }

    @Test
    void theWholeGroupProtocolAtEachJoinGroupVersion() {
        for (short v = versions(ApiKey.JOIN_GROUP)[0]; v <= versions(ApiKey.JOIN_GROUP)[1]; v++) {
            String group = "group-" + v;
            FindCoordinatorRequest find = v >= 4 ? new FindCoordinatorRequest().setCoordinatorKeys(
                    new ArrayList<>(List.of(group))) : new FindCoordinatorRequest().setKey(group);
            FindCoordinatorResponse found = at(Math.min(v, 6), find);
            assertThat(v >= 4 ? found.coordinators().get(0).nodeId() : found.nodeId()).isZero();

            JoinGroupRequest join = new JoinGroupRequest().setGroupId(group).setSessionTimeoutMs(10_000)
                    .setProtocolType("consumer").setProtocols(new ArrayList<>(List.of(
                            new JoinGroupRequest.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[3]))));
            if (v >= 1) {
                join.setRebalanceTimeoutMs(10_000);
            }
            JoinGroupResponse joined = at(v, join);
            if (v >= 4) {
                assertThat(joined.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code());
                joined = at(v, join.setMemberId(joined.memberId()));
            }
            assertThat(joined.errorCode()).isZero();
            assertThat(joined.generationId()).isEqualTo(1);
            String member = joined.memberId();

            short sv = (short) Math.min(v, 5);
            assertThat(at(sv, new SyncGroupRequest().setGroupId(group).setGenerationId(1).setMemberId(member)
                    .setAssignments(new ArrayList<>(List.of(new SyncGroupRequest.SyncGroupRequestAssignment()
                            .setMemberId(member).setAssignment(new byte[] {1, 2}))))).assignment())
                    .containsExactly(1, 2);
            assertThat(at(Math.min(v, 4), new HeartbeatRequest().setGroupId(group).setGenerationId(1)
                    .setMemberId(member)).errorCode()).isZero();
            OffsetCommitRequest commit = new OffsetCommitRequest().setGroupId(group).setGenerationIdOrMemberEpoch(1)
                    .setMemberId(member).setTopics(new ArrayList<>(List.of(new OffsetCommitRequest
                            .OffsetCommitRequestTopic().setName("t").setPartitions(new ArrayList<>(List.of(
                                    new OffsetCommitRequest.OffsetCommitRequestPartition().setPartitionIndex(1)
                                            .setCommittedOffset(5)))))));
            assertThat(at(Math.max(2, Math.min(v, 9)), commit).topics().get(0).partitions().get(0).errorCode())
                    .isZero();
            short fv = (short) Math.max(1, Math.min(v, 9));
            OffsetFetchRequest fetch = fv >= 8
                    ? new OffsetFetchRequest().setGroups(new ArrayList<>(List.of(new OffsetFetchRequest
                            .OffsetFetchRequestGroup().setGroupId(group).setTopics(new ArrayList<>(List.of(
                                    new OffsetFetchRequest.OffsetFetchRequestTopics().setName("t")
                                            .setPartitionIndexes(new ArrayList<>(List.of(1)))))))))
                    : new OffsetFetchRequest().setGroupId(group).setTopics(new ArrayList<>(List.of(
                            new OffsetFetchRequest.OffsetFetchRequestTopic().setName("t")
                                    .setPartitionIndexes(new ArrayList<>(List.of(1))))));
            OffsetFetchResponse offsets = at(fv, fetch);
            long committed = fv >= 8 ? offsets.groups().get(0).topics().get(0).partitions().get(0).committedOffset()
                    : offsets.topics().get(0).partitions().get(0).committedOffset();
            assertThat(committed).isEqualTo(5);
            assertThat(at(Math.min(v, 6), new DescribeGroupsRequest().setGroups(new ArrayList<>(List.of(group))))
                    .groups().get(0).groupState()).isEqualTo("Stable");
            assertThat(at(Math.min(v, 5), new ListGroupsRequest()).groups()).isNotEmpty();

            short lv = (short) Math.min(v, 5);
            LeaveGroupRequest leave = lv >= 3 ? new LeaveGroupRequest().setGroupId(group).setMembers(
                    new ArrayList<>(List.of(new LeaveGroupRequest.MemberIdentity().setMemberId(member))))
                    : new LeaveGroupRequest().setGroupId(group).setMemberId(member);
            LeaveGroupResponse left = at(lv, leave);
            assertThat(lv >= 3 ? left.members().get(0).errorCode() : left.errorCode()).isZero();
            assertThat(at(Math.min(v, 2), new DeleteGroupsRequest().setGroupsNames(new ArrayList<>(List.of(group))))
                    .results().get(0).errorCode()).isZero();
        }
    }
}
