package dev.samsa.mock;

import static dev.samsa.mock.Kafka.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.HeartbeatResponse;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupResponse;
import dev.samsa.internal.protocol.message.ListGroupsRequest;
import dev.samsa.internal.protocol.message.ListGroupsResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.internal.protocol.message.SyncGroupResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The classic group protocol on virtual time: joins, syncs, heartbeats, leaves, session timeouts, offsets. */
class GroupTest {
    static final String GROUP = "g";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;

    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport a;
    private Transport b;
    private Node coordinator;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(3).time(time).topic("t", 4).build();
        a = cluster.transport("client-a");
        b = cluster.transport("client-b");
        FindCoordinatorResponse found = send(a, a.bootstrapNodes().get(0), new FindCoordinatorRequest()
                .setKeyType((byte) 0).setCoordinatorKeys(new ArrayList<>(List.of(GROUP))));
        FindCoordinatorResponse.Coordinator c = found.coordinators().get(0);
        assertThat(c.errorCode()).isZero();
        coordinator = new Node(c.nodeId(), c.host(), c.port());
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private static JoinGroupRequest join(String memberId, String instanceId, String metadata) {
        return new JoinGroupRequest().setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocolType("consumer")
                .setProtocols(new ArrayList<>(List.of(new JoinGroupRequest.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(metadata.getBytes(StandardCharsets.UTF_8)))));
    }

    /** Joins as a new dynamic member: MEMBER_ID_REQUIRED first (KIP-394), then the real join, maybe parked. */
    private CompletableFuture<JoinGroupResponse> joinNew(Transport t, String metadata) {
        JoinGroupResponse first = send(t, coordinator, join("", null, metadata));
        assertThat(first.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code());
        assertThat(first.memberId()).startsWith(t.toString().contains("client-a") ? "client-a-" : "client-b-");
        return t.send(coordinator, join(first.memberId(), null, metadata));
    }

    private SyncGroupResponse sync(Transport t, JoinGroupResponse joined, List<String> assignedTo) {
        List<SyncGroupRequest.SyncGroupRequestAssignment> assignments = new ArrayList<>();
        for (String member : assignedTo) {
            assignments.add(new SyncGroupRequest.SyncGroupRequestAssignment().setMemberId(member)
                    .setAssignment(("for " + member).getBytes(StandardCharsets.UTF_8)));
        }
        return send(t, coordinator, new SyncGroupRequest().setGroupId(GROUP).setGenerationId(joined.generationId())
                .setMemberId(joined.memberId()).setProtocolType("consumer").setProtocolName("range")
                .setAssignments(assignments));
    }

    private short heartbeat(Transport t, JoinGroupResponse joined) {
        return heartbeat(t, joined.memberId(), joined.generationId());
    }

    private short heartbeat(Transport t, String memberId, int generation) {
        HeartbeatResponse r = send(t, coordinator, new HeartbeatRequest().setGroupId(GROUP)
                .setGenerationId(generation).setMemberId(memberId));
        return r.errorCode();
    }

    @Test
    void twoMembersJoinSyncHeartbeatRebalanceAndLeave() {
        JoinGroupResponse a1 = joinNew(a, "sub-a").join();
        assertThat(a1.errorCode()).isZero();
        assertThat(a1.generationId()).isEqualTo(1);
        assertThat(a1.leader()).isEqualTo(a1.memberId());
        assertThat(a1.protocolName()).isEqualTo("range");
        assertThat(a1.members()).hasSize(1);
        assertThat(sync(a, a1, List.of(a1.memberId())).errorCode()).isZero();
        assertThat(cluster.group(GROUP).orElseThrow().state()).isEqualTo("Stable");

        // A second member arrives: its join waits until the first rejoins.
        CompletableFuture<JoinGroupResponse> b2 = joinNew(b, "sub-b");
        assertThat(b2).isNotDone();
        assertThat(cluster.group(GROUP).orElseThrow().state()).isEqualTo("PreparingRebalance");
        assertThat(heartbeat(a, a1)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponse a2 = send(a, coordinator, join(a1.memberId(), null, "sub-a"));
        JoinGroupResponse bJoined = b2.join();

        assertThat(a2.generationId()).isEqualTo(2).isEqualTo(bJoined.generationId());
        assertThat(a2.leader()).isEqualTo(a1.memberId()).isEqualTo(bJoined.leader());
        assertThat(a2.members()).extracting(JoinGroupResponse.JoinGroupResponseMember::memberId)
                .containsExactly(a1.memberId(), bJoined.memberId());
        assertThat(a2.members().get(1).metadata()).isEqualTo("sub-b".getBytes(StandardCharsets.UTF_8));
        assertThat(bJoined.members()).isEmpty();

        // The follower's sync waits for the leader's assignments.
        CompletableFuture<SyncGroupResponse> bSync = b.send(coordinator, new SyncGroupRequest().setGroupId(GROUP)
                .setGenerationId(2).setMemberId(bJoined.memberId()).setAssignments(new ArrayList<>()));
        assertThat(bSync).isNotDone();
        assertThat(sync(a, a2, List.of(a1.memberId(), bJoined.memberId())).assignment())
                .asString(StandardCharsets.UTF_8).isEqualTo("for " + a1.memberId());
        assertThat(bSync.join().assignment()).asString(StandardCharsets.UTF_8).isEqualTo("for " + bJoined.memberId());

        GroupSnapshot stable = cluster.group(GROUP).orElseThrow();
        assertThat(stable.state()).isEqualTo("Stable");
        assertThat(stable.generationId()).isEqualTo(2);
        assertThat(stable.leaderId()).isEqualTo(a1.memberId());
        assertThat(stable.members()).extracting(GroupSnapshot.Member::clientId).containsExactly("client-a", "client-b");
        assertThat(heartbeat(a, a2)).isZero();
        assertThat(heartbeat(b, bJoined)).isZero();
        assertThat(heartbeat(b, bJoined.memberId(), 1)).isEqualTo(ErrorCode.ILLEGAL_GENERATION.code());
        assertThat(heartbeat(b, "nobody", 2)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code());

        // The leader leaves: the follower must rejoin and becomes leader of generation 3.
        LeaveGroupResponse left = send(a, coordinator, new LeaveGroupRequest().setGroupId(GROUP).setMembers(
                new ArrayList<>(List.of(new LeaveGroupRequest.MemberIdentity().setMemberId(a1.memberId())))));
        assertThat(left.members().get(0).errorCode()).isZero();
        assertThat(heartbeat(b, bJoined)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponse b3 = send(b, coordinator, join(bJoined.memberId(), null, "sub-b"));
        assertThat(b3.generationId()).isEqualTo(3);
        assertThat(b3.leader()).isEqualTo(bJoined.memberId());
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAfterItsSessionTimeout() {
        JoinGroupResponse a1 = joinNew(a, "sub-a").join();
        sync(a, a1, List.of(a1.memberId()));
        CompletableFuture<JoinGroupResponse> b2 = joinNew(b, "sub-b");
        JoinGroupResponse a2 = send(a, coordinator, join(a1.memberId(), null, "sub-a"));
        JoinGroupResponse bJoined = b2.join();
        sync(a, a2, List.of(a1.memberId(), bJoined.memberId()));
        send(b, coordinator, new SyncGroupRequest().setGroupId(GROUP).setGenerationId(2).setMemberId(bJoined.memberId()));

        // b keeps heartbeating, a goes silent.
        for (int i = 0; i < 3; i++) {
            time.advance(Duration.ofMillis(SESSION_MS / 3));
            assertThat(heartbeat(b, bJoined)).isZero();
        }
        time.advance(Duration.ofMillis(SESSION_MS / 3));

        GroupSnapshot g = cluster.group(GROUP).orElseThrow();
        assertThat(g.members()).extracting(GroupSnapshot.Member::memberId).containsExactly(bJoined.memberId());
        assertThat(g.state()).isEqualTo("PreparingRebalance");
        assertThat(heartbeat(b, bJoined)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS.code());
        assertThat(heartbeat(a, a2)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void aMemberThatDoesNotRejoinIsDroppedAtTheRebalanceTimeout() {
        JoinGroupResponse a1 = joinNew(a, "sub-a").join();
        sync(a, a1, List.of(a1.memberId()));
        CompletableFuture<JoinGroupResponse> b2 = joinNew(b, "sub-b");

        // a keeps heartbeating but never rejoins: the rebalance completes without it after the rebalance timeout.
        for (int i = 0; i < 10; i++) {
            time.advance(Duration.ofMillis(REBALANCE_MS / 10 - 1));
            if (!b2.isDone()) {
                assertThat(heartbeat(a, a1)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS.code());
            }
        }
        time.advance(Duration.ofMillis(10));
        JoinGroupResponse bJoined = b2.join();
        assertThat(bJoined.generationId()).isEqualTo(2);
        assertThat(bJoined.leader()).isEqualTo(bJoined.memberId());
        assertThat(cluster.group(GROUP).orElseThrow().members()).hasSize(1);
    }

    @Test
    void staticMembersRejoinWithoutARebalance() {
        JoinGroupResponse s1 = send(a, coordinator, join("", "instance-1", "sub"));
        assertThat(s1.errorCode()).isZero(); // no MEMBER_ID_REQUIRED for static members
        assertThat(s1.memberId()).startsWith("instance-1-");
        sync(a, s1, List.of(s1.memberId()));

        // The same instance restarts with a fresh member id: same generation, old id fenced.
        JoinGroupResponse s2 = send(b, coordinator, join("", "instance-1", "sub"));
        assertThat(s2.errorCode()).isZero();
        assertThat(s2.generationId()).isEqualTo(s1.generationId());
        assertThat(s2.memberId()).isNotEqualTo(s1.memberId());
        assertThat(s2.skipAssignment()).isTrue();
        assertThat(cluster.group(GROUP).orElseThrow().state()).isEqualTo("Stable");
        HeartbeatResponse fenced = send(a, coordinator, new HeartbeatRequest().setGroupId(GROUP)
                .setGenerationId(s1.generationId()).setMemberId(s1.memberId()).setGroupInstanceId("instance-1"));
        assertThat(fenced.errorCode()).isEqualTo(ErrorCode.FENCED_INSTANCE_ID.code());
        SyncGroupResponse again = send(b, coordinator, new SyncGroupRequest().setGroupId(GROUP)
                .setGenerationId(s2.generationId()).setMemberId(s2.memberId()).setGroupInstanceId("instance-1"));
        assertThat(again.assignment()).asString(StandardCharsets.UTF_8).isEqualTo("for " + s1.memberId());
    }

    @Test
    void groupRequestsToAnotherBrokerGetNotCoordinator() {
        Node other = cluster.brokers().stream().filter(n -> n.id() != coordinator.id()).findFirst().orElseThrow();
        assertThat(send(a, other, join("", null, "x")).errorCode()).isEqualTo(ErrorCode.NOT_COORDINATOR.code());
        assertThat(send(a, other, new HeartbeatRequest().setGroupId(GROUP)).errorCode())
                .isEqualTo(ErrorCode.NOT_COORDINATOR.code());
        FindCoordinatorResponse v0 = a.send(other, new FindCoordinatorRequest().setKey(GROUP), (short) 0, (short) 3)
                .join();
        assertThat(v0.nodeId()).isEqualTo(coordinator.id());
        assertThat(v0.port()).isEqualTo(coordinator.port());
    }

    @Test
    void offsetCommitsAreCheckedAgainstTheGenerationAndFetchedBack() {
        JoinGroupResponse a1 = joinNew(a, "sub-a").join();
        sync(a, a1, List.of(a1.memberId()));

        assertThat(commit(a1.memberId(), a1.generationId(), "t", 0, 42)).isZero();
        assertThat(commit(a1.memberId(), a1.generationId() + 1, "t", 1, 7))
                .isEqualTo(ErrorCode.ILLEGAL_GENERATION.code());
        assertThat(commit("stranger", a1.generationId(), "t", 1, 7)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code());
        assertThat(commit("", -1, "t", 1, 7)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code()); // group not empty
        assertThat(commit(a1.memberId(), a1.generationId(), "nope", 0, 1))
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());

        // v8+: several groups at once; "simple" (no member) commits for a group with no members are accepted.
        OffsetCommitResponse simple = send(a, coordinatorOf("other"), new OffsetCommitRequest().setGroupId("other")
                .setGenerationIdOrMemberEpoch(-1).setTopics(topics("t", 3, 99)));
        assertThat(simple.topics().get(0).partitions().get(0).errorCode()).isZero();
        OffsetFetchResponse fetched = send(a, coordinator, new OffsetFetchRequest().setGroups(new ArrayList<>(List.of(
                new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(null)))));
        OffsetFetchResponse.OffsetFetchResponseGroup g = fetched.groups().get(0);
        assertThat(g.errorCode()).isZero();
        assertThat(g.topics().get(0).partitions()).singleElement().satisfies(p -> {
            assertThat(p.partitionIndex()).isZero();
            assertThat(p.committedOffset()).isEqualTo(42);
            assertThat(p.metadata()).isEqualTo("meta");
        });
        OffsetFetchResponse old = a.send(coordinatorOf("other"), new OffsetFetchRequest().setGroupId("other")
                .setTopics(new ArrayList<>(List.of(new OffsetFetchRequest.OffsetFetchRequestTopic().setName("t")
                        .setPartitionIndexes(new ArrayList<>(List.of(3, 2)))))), (short) 1, (short) 7).join();
        assertThat(old.topics().get(0).partitions()).extracting(OffsetFetchResponse.OffsetFetchResponsePartition::committedOffset)
                .containsExactly(99L, -1L);
        assertThat(cluster.group(GROUP).orElseThrow().committedOffset("t", 0)).hasValue(42);
    }

    private Node coordinatorOf(String group) {
        FindCoordinatorResponse r = send(a, coordinator, new FindCoordinatorRequest()
                .setCoordinatorKeys(new ArrayList<>(List.of(group))));
        return cluster.broker(r.coordinators().get(0).nodeId());
    }

    private static List<OffsetCommitRequest.OffsetCommitRequestTopic> topics(String topic, int partition, long offset) {
        return new ArrayList<>(List.of(new OffsetCommitRequest.OffsetCommitRequestTopic().setName(topic)
                .setPartitions(new ArrayList<>(List.of(new OffsetCommitRequest.OffsetCommitRequestPartition()
                        .setPartitionIndex(partition).setCommittedOffset(offset).setCommittedMetadata("meta"))))));
    }

    private short commit(String memberId, int generation, String topic, int partition, long offset) {
        OffsetCommitResponse r = send(a, coordinator, new OffsetCommitRequest().setGroupId(GROUP)
                .setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                .setTopics(topics(topic, partition, offset)));
        return r.topics().get(0).partitions().get(0).errorCode();
    }

    @Test
    void describeAndListGroups() {
        JoinGroupResponse a1 = joinNew(a, "sub-a").join();
        sync(a, a1, List.of(a1.memberId()));

        DescribeGroupsResponse d = send(a, coordinator, new DescribeGroupsRequest().setGroups(
                new ArrayList<>(List.of(GROUP, "unknown"))));
        DescribeGroupsResponse.DescribedGroup described = d.groups().get(0);
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.protocolType()).isEqualTo("consumer");
        assertThat(described.protocolData()).isEqualTo("range");
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(a1.memberId());
            assertThat(m.clientId()).isEqualTo("client-a");
            assertThat(m.memberAssignment()).asString(StandardCharsets.UTF_8).isEqualTo("for " + a1.memberId());
        });
        assertThat(d.groups().get(1).errorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND.code());
        assertThat(d.groups().get(1).groupState()).isEqualTo("Dead");

        ListGroupsResponse listed = send(a, coordinator, new ListGroupsRequest());
        assertThat(listed.groups()).singleElement().satisfies(l -> {
            assertThat(l.groupId()).isEqualTo(GROUP);
            assertThat(l.groupState()).isEqualTo("Stable");
            assertThat(l.groupType()).isEqualTo("classic");
        });
        ListGroupsResponse filtered = send(a, coordinator, new ListGroupsRequest().setStatesFilter(
                new ArrayList<>(List.of("Empty"))));
        assertThat(filtered.groups()).isEmpty();
    }
}
