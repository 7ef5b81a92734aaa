package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsResponse;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.HeartbeatResponse;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.InitProducerIdResponse;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupResponse;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.internal.protocol.message.SyncGroupResponse;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One scenario suite, every backend (STYLE 11): the same protocol-level scenarios run against the mock broker in
 * process, the mock broker over TCP through {@code NettyTransport}, and a real Kafka broker. Each asserts what a Kafka
 * broker does, so a difference between the mock and Kafka fails here. Client-level scenarios (producer, consumer)
 * join this suite as those clients land.
 */
abstract class TransportScenarios {

    /**
     * Opens a new client's transport to the backend under test (a one-broker cluster that allows topic creation); each
     * call is another client with connections of its own, as two applications would have.
     */
    protected abstract Transport openTransport();

    private final List<Transport> opened = new ArrayList<>();

    /** The first client's transport. */
    protected Transport transport() {
        if (opened.isEmpty()) {
            opened.add(openTransport());
        }
        return opened.get(0);
    }

    /** Another client, with its own connections. */
    protected Transport anotherClient() {
        transport();
        Transport t = openTransport();
        opened.add(t);
        return t;
    }

    @AfterEach
    void closeTransports() {
        opened.forEach(Transport::close);
        opened.clear();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    protected <R extends ApiResponse> R send(Node node, ApiRequest<R> request) {
        return transport().send(node, request).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    protected <R extends ApiResponse> R send(Node node, ApiRequest<R> request, int minVersion) {
        return transport().send(node, request, (short) minVersion, request.apiKey().latestStableVersion())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    protected Node bootstrap() {
        return transport().bootstrapNodes().get(0);
    }

    /** Repeats {@code call} while its error code is retriable, as a client would, within the scenario timeout. */
    protected static <R> R retrying(java.util.function.Supplier<R> call, java.util.function.ToIntFunction<R> error) {
        Object[] last = new Object[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            R r = call.get();
            last[0] = r;
            return !ErrorCode.forCode((short) error.applyAsInt(r)).isRetriable();
        });
        @SuppressWarnings("unchecked")
        R result = (R) last[0];
        return result;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A created topic with its id and the leader of each partition. */
    record Topic(String name, UUID id, List<Node> leaders) {
    }

    protected Topic createTopic(int partitions) {
        String name = unique("scenario");
        CreateTopicsResponse created = send(bootstrap(), new CreateTopicsRequest().setTimeoutMs(30_000).setTopics(
                List.of(new CreateTopicsRequest.CreatableTopic().setName(name).setNumPartitions(partitions)
                        .setReplicationFactor((short) 1))));
        assertThat(created.topics().get(0).errorCode()).isEqualTo(ErrorCode.NONE.code());
        MetadataResponse[] md = new MetadataResponse[1];
        await().atMost(TIMEOUT).until(() -> {
            md[0] = send(bootstrap(), new MetadataRequest().setTopics(List.of(
                    new MetadataRequest.MetadataRequestTopic().setName(name))));
            MetadataResponse.MetadataResponseTopic t = md[0].topics().get(0);
            return t.errorCode() == 0 && t.partitions().size() == partitions
                    && t.partitions().stream().allMatch(p -> p.errorCode() == 0 && p.leaderId() >= 0);
        });
        MetadataResponse.MetadataResponseTopic t = md[0].topics().get(0);
        Node[] leaders = new Node[partitions];
        for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
            MetadataResponse.MetadataResponseBroker b = md[0].brokers().stream()
                    .filter(x -> x.nodeId() == p.leaderId()).findFirst().orElseThrow();
            leaders[p.partitionIndex()] = new Node(b.nodeId(), b.host(), b.port());
        }
        // A real leader answers NOT_LEADER_OR_FOLLOWER for a moment after Metadata names it; an acks=0 produce sent
        // then is dropped with no answer. Wait until every leader serves its partition.
        for (int i = 0; i < partitions; i++) {
            int partition = i;
            ListOffsetsResponse ready = retrying(() -> send(leaders[partition], new ListOffsetsRequest()
                    .setReplicaId(-1).setTopics(List.of(new ListOffsetsRequest.ListOffsetsTopic().setName(name)
                            .setPartitions(List.of(new ListOffsetsRequest.ListOffsetsPartition()
                                    .setPartitionIndex(partition).setTimestamp(-1)))))),
                    r -> r.topics().get(0).partitions().get(0).errorCode());
            assertThat(ready.topics().get(0).partitions().get(0).errorCode()).isZero();
        }
        return new Topic(name, t.topicId(), List.of(leaders));
    }

    private static ByteBuf batch(CompressionType compression, long baseTimestamp, int count, String prefix,
            long producerId, short epoch, int baseSequence) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT, compression, 512)) {
            if (producerId >= 0) {
                builder.producerState(producerId, epoch, baseSequence);
            }
            for (int i = 0; i < count; i++) {
                builder.append(baseTimestamp + i, utf8(prefix + "-k" + i), utf8(prefix + "-v" + i));
            }
            return builder.build();
        }
    }

    private ProduceResponse.PartitionProduceResponse produce(Topic topic, int partition, ByteBuf records,
            short acks) {
        try {
            ProduceResponse response = send(topic.leaders().get(partition), new ProduceRequest().setAcks(acks)
                    .setTimeoutMs(30_000).setTopicData(List.of(new ProduceRequest.TopicProduceData()
                            .setName(topic.name()).setTopicId(topic.id()).setPartitionData(List.of(
                                    new ProduceRequest.PartitionProduceData().setIndex(partition)
                                            .setRecords(records))))));
            return response.responses().get(0).partitionResponses().get(0);
        } finally {
            records.release();
        }
    }

    private FetchResponse.PartitionData fetch(Topic topic, int partition, long offset, int maxWaitMs) {
        FetchResponse response = send(topic.leaders().get(partition), new FetchRequest().setMaxWaitMs(maxWaitMs)
                .setMinBytes(1).setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1).setTopics(List.of(
                        new FetchRequest.FetchTopic().setTopic(topic.name()).setTopicId(topic.id())
                                .setPartitions(List.of(new FetchRequest.FetchPartition().setPartition(partition)
                                        .setFetchOffset(offset).setPartitionMaxBytes(1 << 20))))));
        assertThat(response.errorCode()).isZero();
        return response.responses().get(0).partitions().get(0);
    }

    private static List<String> records(FetchResponse.PartitionData data) {
        List<String> out = new ArrayList<>();
        try {
            for (RecordBatch batch : RecordBatches.iterable(data.records())) {
                batch.ensureValid();
                try (RecordIterator it = batch.iterator()) {
                    while (it.hasNext()) {
                        Record r = it.next();
                        out.add(r.offset() + ":" + new String(r.keyBytes(), StandardCharsets.UTF_8) + "="
                                + new String(r.valueBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } finally {
            if (data.records() != null) {
                data.records().release();
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producedBatchesComeBackInOrderWithConsecutiveOffsets(CompressionType compression) {
        Topic topic = createTopic(2);
        long now = System.currentTimeMillis();

        ProduceResponse.PartitionProduceResponse first = produce(topic, 1, batch(compression, now, 3, "a", -1,
                (short) -1, -1), (short) 1);
        ProduceResponse.PartitionProduceResponse second = produce(topic, 1, batch(compression, now, 2, "b", -1,
                (short) -1, -1), (short) -1);

        assertThat(first.errorCode()).isZero();
        assertThat(first.baseOffset()).isZero();
        assertThat(second.errorCode()).isZero();
        assertThat(second.baseOffset()).isEqualTo(3);
        FetchResponse.PartitionData data = fetch(topic, 1, 0, 500);
        assertThat(data.errorCode()).isZero();
        assertThat(data.highWatermark()).isEqualTo(5);
        assertThat(data.logStartOffset()).isZero();
        assertThat(records(data)).containsExactly("0:a-k0=a-v0", "1:a-k1=a-v1", "2:a-k2=a-v2", "3:b-k0=b-v0",
                "4:b-k1=b-v1");
        FetchResponse.PartitionData fromMiddle = fetch(topic, 1, 3, 500);
        assertThat(records(fromMiddle)).contains("3:b-k0=b-v0", "4:b-k1=b-v1");
        FetchResponse.PartitionData other = fetch(topic, 0, 0, 10);
        assertThat(other.highWatermark()).isZero();
        assertThat(records(other)).isEmpty();
    }

    @Test
    void fetchBeyondTheLogEndIsOffsetOutOfRange() {
        Topic topic = createTopic(1);
        produce(topic, 0, batch(CompressionType.NONE, System.currentTimeMillis(), 2, "x", -1, (short) -1, -1),
                (short) 1);

        FetchResponse.PartitionData data = fetch(topic, 0, 10, 10);

        assertThat(data.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE.code());
        if (data.records() != null) {
            data.records().release(); // a slice of the response's frame: the receiver's to release
        }
    }

    @Test
    void produceToAPartitionThatDoesNotExistIsUnknownTopicOrPartition() {
        Topic topic = createTopic(1);
        Topic wrong = new Topic(topic.name(), topic.id(), List.of(topic.leaders().get(0), topic.leaders().get(0)));

        ProduceResponse.PartitionProduceResponse response = produce(wrong, 1,
                batch(CompressionType.NONE, System.currentTimeMillis(), 1, "x", -1, (short) -1, -1), (short) 1);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void listOffsetsGivesEarliestLatestAndTheFirstOffsetAtATimestamp() {
        Topic topic = createTopic(1);
        long t0 = System.currentTimeMillis() - 60_000;
        produce(topic, 0, batch(CompressionType.NONE, t0, 5, "t", -1, (short) -1, -1), (short) 1);

        assertThat(listOffset(topic, -2L)).isZero();           // earliest
        assertThat(listOffset(topic, -1L)).isEqualTo(5);       // latest
        assertThat(listOffset(topic, t0 + 2)).isEqualTo(2);    // first record with timestamp >= t0 + 2
        assertThat(listOffset(topic, t0 + 3_600_000)).isEqualTo(-1); // none that late
    }

    private long listOffset(Topic topic, long timestamp) {
        ListOffsetsResponse response = send(topic.leaders().get(0), new ListOffsetsRequest().setReplicaId(-1)
                .setTopics(List.of(new ListOffsetsRequest.ListOffsetsTopic().setName(topic.name()).setPartitions(
                        List.of(new ListOffsetsRequest.ListOffsetsPartition().setPartitionIndex(0)
                                .setTimestamp(timestamp))))));
        ListOffsetsResponse.ListOffsetsPartitionResponse p = response.topics().get(0).partitions().get(0);
        assertThat(p.errorCode()).isZero();
        return p.offset();
    }

    @Test
    void idempotentProducerResendIsAcknowledgedOnceAndAGapIsOutOfOrder() {
        Topic topic = createTopic(1);
        // A real broker may answer COORDINATOR_LOAD_IN_PROGRESS at first; a client retries retriable errors.
        InitProducerIdResponse pid = retrying(() -> send(bootstrap(), new InitProducerIdRequest()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000)), InitProducerIdResponse::errorCode);
        assertThat(pid.errorCode()).isZero();
        long producerId = pid.producerId();
        short epoch = pid.producerEpoch();
        long now = System.currentTimeMillis();

        ProduceResponse.PartitionProduceResponse first = produce(topic, 0,
                batch(CompressionType.NONE, now, 3, "i", producerId, epoch, 0), (short) -1);
        ProduceResponse.PartitionProduceResponse resend = produce(topic, 0,
                batch(CompressionType.NONE, now, 3, "i", producerId, epoch, 0), (short) -1);
        ProduceResponse.PartitionProduceResponse gap = produce(topic, 0,
                batch(CompressionType.NONE, now, 1, "g", producerId, epoch, 10), (short) -1);

        assertThat(first.errorCode()).isZero();
        assertThat(resend.errorCode()).isZero();
        assertThat(resend.baseOffset()).isEqualTo(first.baseOffset());
        assertThat(gap.errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        FetchResponse.PartitionData data = fetch(topic, 0, 0, 10);
        assertThat(data.highWatermark()).isEqualTo(3);
        assertThat(records(data)).hasSize(3); // and releases the records slice
    }

    @Test
    void aConsumerGroupMemberJoinsSyncsHeartbeatsCommitsAndLeaves() {
        Topic topic = createTopic(1);
        String group = unique("group");
        // A real broker creates __consumer_offsets on first use and answers COORDINATOR_NOT_AVAILABLE meanwhile.
        FindCoordinatorResponse found = retrying(() -> send(bootstrap(), new FindCoordinatorRequest()
                .setKeyType((byte) 0).setCoordinatorKeys(List.of(group)), 4), r -> r.coordinators().get(0).errorCode());
        FindCoordinatorResponse.Coordinator c = found.coordinators().get(0);
        assertThat(c.errorCode()).isZero();
        assertThat(c.key()).isEqualTo(group);
        Node coordinator = new Node(c.nodeId(), c.host(), c.port());

        JoinGroupRequest join = new JoinGroupRequest().setGroupId(group).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setMemberId("").setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequest.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[] {0, 1})));
        // A real coordinator that just got the group's __consumer_offsets partition may still answer NOT_COORDINATOR.
        JoinGroupResponse first = retrying(() -> send(coordinator, join), JoinGroupResponse::errorCode);
        assertThat(first.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code()); // KIP-394
        assertThat(first.memberId()).isNotEmpty();

        JoinGroupResponse joined = send(coordinator, join.setMemberId(first.memberId()));
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(first.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members()).extracting(JoinGroupResponse.JoinGroupResponseMember::memberId)
                .containsExactly(first.memberId());

        byte[] assignment = {7, 7, 7};
        SyncGroupResponse synced = send(coordinator, new SyncGroupRequest().setGroupId(group).setGenerationId(1)
                .setMemberId(first.memberId()).setProtocolType("consumer").setProtocolName("range")
                .setAssignments(List.of(new SyncGroupRequest.SyncGroupRequestAssignment()
                        .setMemberId(first.memberId()).setAssignment(assignment))));
        assertThat(synced.errorCode()).isZero();
        assertThat(synced.assignment()).isEqualTo(assignment);

        HeartbeatResponse beat = send(coordinator, new HeartbeatRequest().setGroupId(group).setGenerationId(1)
                .setMemberId(first.memberId()));
        assertThat(beat.errorCode()).isZero();
        HeartbeatResponse stale = send(coordinator, new HeartbeatRequest().setGroupId(group).setGenerationId(0)
                .setMemberId(first.memberId()));
        assertThat(stale.errorCode()).isEqualTo(ErrorCode.ILLEGAL_GENERATION.code());

        OffsetCommitResponse committed = send(coordinator, new OffsetCommitRequest().setGroupId(group)
                .setGenerationIdOrMemberEpoch(1).setMemberId(first.memberId()).setTopics(List.of(
                        new OffsetCommitRequest.OffsetCommitRequestTopic().setName(topic.name()).setPartitions(
                                List.of(new OffsetCommitRequest.OffsetCommitRequestPartition().setPartitionIndex(0)
                                        .setCommittedOffset(42).setCommittedMetadata("note"))))));
        assertThat(committed.topics().get(0).partitions().get(0).errorCode()).isZero();

        OffsetFetchResponse fetched = send(coordinator, new OffsetFetchRequest().setGroups(List.of(
                new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                        new OffsetFetchRequest.OffsetFetchRequestTopics().setName(topic.name())
                                .setPartitionIndexes(List.of(0, 1)))))), 8);
        OffsetFetchResponse.OffsetFetchResponseGroup g = fetched.groups().get(0);
        assertThat(g.errorCode()).isZero();
        OffsetFetchResponse.OffsetFetchResponsePartitions p0 = g.topics().get(0).partitions().get(0);
        assertThat(p0.partitionIndex()).isZero();
        assertThat(p0.committedOffset()).isEqualTo(42);
        assertThat(p0.metadata()).isEqualTo("note");
        OffsetFetchResponse.OffsetFetchResponsePartitions p1 = g.topics().get(0).partitions().get(1);
        assertThat(p1.committedOffset()).isEqualTo(-1); // nothing committed for a partition the topic lacks

        DescribeGroupsResponse stable = send(coordinator, new DescribeGroupsRequest().setGroups(List.of(group)));
        assertThat(stable.groups().get(0).groupState()).isEqualTo("Stable");
        assertThat(stable.groups().get(0).members()).hasSize(1);

        LeaveGroupResponse left = send(coordinator, new LeaveGroupRequest().setGroupId(group).setMembers(List.of(
                new LeaveGroupRequest.MemberIdentity().setMemberId(first.memberId()))));
        assertThat(left.errorCode()).isZero();
        assertThat(left.members().get(0).errorCode()).isZero();
        DescribeGroupsResponse empty = send(coordinator, new DescribeGroupsRequest().setGroups(List.of(group)));
        assertThat(empty.groups().get(0).groupState()).isEqualTo("Empty");
        assertThat(empty.groups().get(0).members()).isEmpty();
    }

    private Node coordinator(String group) {
        FindCoordinatorResponse found = retrying(() -> send(bootstrap(), new FindCoordinatorRequest()
                .setKeyType((byte) 0).setCoordinatorKeys(List.of(group)), 4), r -> r.coordinators().get(0).errorCode());
        FindCoordinatorResponse.Coordinator c = found.coordinators().get(0);
        assertThat(c.errorCode()).isZero();
        return new Node(c.nodeId(), c.host(), c.port());
    }

    private static JoinGroupRequest joinRequest(String group, String memberId) {
        return new JoinGroupRequest().setGroupId(group).setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)
                .setMemberId(memberId).setProtocolType("consumer").setProtocols(List.of(
                        new JoinGroupRequest.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0])));
    }

    private String memberIdFor(Node coordinator, String group) {
        JoinGroupResponse first = send(coordinator, joinRequest(group, ""));
        assertThat(first.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code());
        return first.memberId();
    }

    @Test
    void aSecondMemberTriggersARebalanceThatBothMembersCompleteInTheNextGeneration() {
        String group = unique("group");
        Node coordinator = coordinator(group);
        String a = memberIdFor(coordinator, group);
        JoinGroupResponse aJoined = send(coordinator, joinRequest(group, a));
        assertThat(aJoined.generationId()).isEqualTo(1);
        assertThat(send(coordinator, new SyncGroupRequest().setGroupId(group).setGenerationId(1).setMemberId(a)
                .setProtocolType("consumer").setProtocolName("range").setAssignments(List.of(
                        new SyncGroupRequest.SyncGroupRequestAssignment().setMemberId(a)
                                .setAssignment(new byte[] {1})))).errorCode()).isZero();

        // B, another application, joins: the group rebalances; B's join waits until A has rejoined.
        Transport clientB = anotherClient();
        JoinGroupResponse bFirst = clientB.send(coordinator, joinRequest(group, "")).orTimeout(30, TimeUnit.SECONDS)
                .join();
        assertThat(bFirst.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code());
        String b = bFirst.memberId();
        assertThat(b).isNotEqualTo(a);
        var bJoin = clientB.send(coordinator, joinRequest(group, b));
        await().atMost(TIMEOUT).until(() -> send(coordinator, new HeartbeatRequest().setGroupId(group)
                .setGenerationId(1).setMemberId(a)).errorCode() == ErrorCode.REBALANCE_IN_PROGRESS.code());
        assertThat(bJoin).isNotDone();
        JoinGroupResponse aRejoined = send(coordinator, joinRequest(group, a));
        JoinGroupResponse bJoined = bJoin.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();

        assertThat(aRejoined.errorCode()).isZero();
        assertThat(bJoined.errorCode()).isZero();
        assertThat(aRejoined.generationId()).isEqualTo(2).isEqualTo(bJoined.generationId());
        assertThat(aRejoined.leader()).isEqualTo(bJoined.leader()).isIn(a, b);
        JoinGroupResponse leader = aRejoined.leader().equals(a) ? aRejoined : bJoined;
        JoinGroupResponse follower = leader == aRejoined ? bJoined : aRejoined;
        assertThat(leader.members()).extracting(JoinGroupResponse.JoinGroupResponseMember::memberId)
                .containsExactlyInAnyOrder(a, b);
        assertThat(follower.members()).isEmpty(); // only the leader learns the members

        // The follower's sync waits for the leader's assignment; each gets its own.
        String leaderId = leader.memberId();
        String followerId = follower.memberId();
        Transport leaderClient = leaderId.equals(a) ? transport() : clientB;
        Transport followerClient = leaderId.equals(a) ? clientB : transport();
        var followerSync = followerClient.send(coordinator, new SyncGroupRequest().setGroupId(group).setGenerationId(2)
                .setMemberId(followerId).setProtocolType("consumer").setProtocolName("range"));
        SyncGroupResponse leaderSync = leaderClient.send(coordinator, new SyncGroupRequest().setGroupId(group).setGenerationId(2)
                .setMemberId(leaderId).setProtocolType("consumer").setProtocolName("range").setAssignments(List.of(
                        new SyncGroupRequest.SyncGroupRequestAssignment().setMemberId(leaderId)
                                .setAssignment(new byte[] {1}),
                        new SyncGroupRequest.SyncGroupRequestAssignment().setMemberId(followerId)
                                .setAssignment(new byte[] {2})))).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(leaderSync.assignment()).containsExactly(1);
        assertThat(followerSync.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join().assignment())
                .containsExactly(2);

        DescribeGroupsResponse described = send(coordinator, new DescribeGroupsRequest().setGroups(List.of(group)));
        assertThat(described.groups().get(0).groupState()).isEqualTo("Stable");
        assertThat(described.groups().get(0).members()).hasSize(2);
        send(coordinator, new LeaveGroupRequest().setGroupId(group).setMembers(List.of(
                new LeaveGroupRequest.MemberIdentity().setMemberId(a), new LeaveGroupRequest.MemberIdentity()
                        .setMemberId(b))));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> acksAndCompression() {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (dev.samsa.producer.Acks acks : dev.samsa.producer.Acks.values()) {
            for (CompressionType compression : CompressionType.values()) {
                out.add(org.junit.jupiter.params.provider.Arguments.of(acks, compression));
            }
        }
        return out.stream();
    }

    /**
     * The producer: keyed records land on the partition the official client computes (murmur2, KIP-480's keyed path),
     * with consecutive offsets in send order per partition, for every acks level and codec (idempotent for acks=all,
     * one request in flight otherwise).
     */
    @ParameterizedTest(name = "acks={0} compression={1}")
    @org.junit.jupiter.params.provider.MethodSource("acksAndCompression")
    void producerPutsKeyedRecordsOnTheOfficialPartitionInSendOrder(dev.samsa.producer.Acks acks,
            CompressionType compression) {
        int partitions = 6;
        int count = 2_000;
        Topic topic = createTopic(partitions);
        List<java.util.concurrent.CompletableFuture<dev.samsa.producer.RecordMetadata>> sends = new ArrayList<>();
        try (dev.samsa.producer.Producer<String, String> producer = dev.samsa.producer.Producer
                .builder(dev.samsa.serde.Serializers.forString(), dev.samsa.serde.Serializers.forString())
                .transport(transport()).acks(acks).compression(compression).linger(Duration.ofMillis(5))
                .enableIdempotence(acks == dev.samsa.producer.Acks.ALL)
                // Without idempotence a retried batch may land after a later one (as with the official client): a
                // real broker answers NOT_LEADER_OR_FOLLOWER for a moment after creation, so keep one request in
                // flight to make send order a property of the producer here.
                .maxInFlightRequestsPerConnection(acks == dev.samsa.producer.Acks.ALL ? 5 : 1).build()) {
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new dev.samsa.producer.ProducerRecord<>(topic.name(), "key-" + (i % 500),
                        "value-" + i)));
            }
            producer.flush();
        }
        List<List<String>> expected = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            expected.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            dev.samsa.producer.RecordMetadata md = sends.get(i).orTimeout(30, TimeUnit.SECONDS).join();
            byte[] key = utf8("key-" + (i % 500));
            int official = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(key)) % partitions;
            assertThat(md.partition()).as("partition of key-%d", i % 500).isEqualTo(official);
            assertThat(md.hasOffset()).isEqualTo(acks != dev.samsa.producer.Acks.NONE);
            expected.get(official).add("key-" + (i % 500) + "=value-" + i);
        }
        for (int p = 0; p < partitions; p++) {
            List<String> got = new ArrayList<>();
            long offset = 0;
            while (got.size() < expected.get(p).size()) {
                // acks=0 completes a send once written to the socket: the broker may not have appended it yet.
                int partition = p;
                long from = offset;
                List<String> page = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                        .alias("partition " + p + " stalled at offset " + offset)
                        .until(() -> records(fetch(topic, partition, from, 500)), r -> !r.isEmpty());
                for (String r : page) {
                    int colon = r.indexOf(':');
                    assertThat(Long.parseLong(r.substring(0, colon))).isEqualTo(offset++);
                    got.add(r.substring(colon + 1));
                }
            }
            assertThat(got).as("partition %d", p).containsExactlyElementsOf(expected.get(p));
        }
    }

    @Test
    void apiVersionsCoverWhatTheClientsUse() {
        var versions = transport().apiVersions(bootstrap()).orTimeout(30, TimeUnit.SECONDS).join();
        for (ApiKey api : List.of(ApiKey.PRODUCE, ApiKey.FETCH, ApiKey.METADATA, ApiKey.LIST_OFFSETS,
                ApiKey.FIND_COORDINATOR, ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP, ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP,
                ApiKey.OFFSET_COMMIT, ApiKey.OFFSET_FETCH, ApiKey.INIT_PRODUCER_ID, ApiKey.CREATE_TOPICS)) {
            assertThat(versions.supports(api)).as(api.title()).isTrue();
        }
    }
}
