package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.SaslAuthenticationException;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.CreatePartitionsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.DeleteGroupsRequest;
import dev.samsa.internal.protocol.message.DeleteTopicsRequest;
import dev.samsa.internal.protocol.message.DescribeAclsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
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
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.netty.NettyTransport;
import dev.samsa.testkit.KafkaCluster.Listener;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.ResourcePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oracle for the mock's authorization: the same ACLs on a real Kafka 4.1 broker (KRaft, StandardAuthorizer,
 * SASL_PLAINTEXT) and on the mock, the same requests from the same SASL user through Samsa's NettyTransport, and
 * the same error code for every entity of every request.
 */
@RealKafka(isolated = true, autoCreateTopics = true, listeners = Listener.SASL_PLAINTEXT,
        saslUsers = "bob:bob-secret", serverProperties = {
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:ANONYMOUS"})
class AuthorizationOracleIT {
    private static final List<String> TOPICS = List.of("orders", "pay-eu", "pay-us", "secret");
    private static final List<Acl> ACLS = List.of(
            Acl.allow("User:bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders"),
            Acl.allowPrefixed("User:bob", AclOperation.WRITE, ResourceType.TOPIC, "pay-"),
            Acl.deny("User:bob", AclOperation.WRITE, ResourceType.TOPIC, "pay-eu"),
            Acl.allow("User:bob", AclOperation.READ, ResourceType.TOPIC, "pay-eu"),
            Acl.allowPrefixed("User:bob", AclOperation.READ, ResourceType.GROUP, "bill"),
            Acl.allow("User:bob", AclOperation.DESCRIBE, ResourceType.GROUP, "visible"),
            Acl.allowPrefixed("User:bob", AclOperation.CREATE, ResourceType.TOPIC, "tmp-"),
            Acl.allowPrefixed("User:bob", AclOperation.DELETE, ResourceType.TOPIC, "tmp-"));
    /** Transient answers of a broker that is still creating __consumer_offsets or loading a group. */
    private static final List<String> TRANSIENT = List.of("COORDINATOR_NOT_AVAILABLE", "COORDINATOR_LOAD_IN_PROGRESS",
            "NOT_COORDINATOR", "LEADER_NOT_AVAILABLE", "UNKNOWN_TOPIC_OR_PARTITION", "CONCURRENT_TRANSACTIONS");

    @Test
    void everyRequestGetsTheSameAuthorizationErrorsFromTheMockAsFromKafka(KafkaCluster kafka) throws Exception {
        Map<String, String> real;
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
            admin.createAcls(ACLS.stream().map(AuthorizationOracleIT::binding).toList()).all()
                    .get(30, TimeUnit.SECONDS);
            // KRaft applies ACLs and topics asynchronously: wait until the broker serves them.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(10, TimeUnit.SECONDS).size() == ACLS.size());
            try (NettyTransport bob = bob(kafka.bootstrapServers(Listener.SASL_PLAINTEXT))) {
                real = outcomes(bob);
            }
        }
        Map<String, String> mock;
        try (MockCluster cluster = MockCluster.builder().autoCreateTopics(true).saslUser("bob", "bob-secret")
                .superUser("User:ANONYMOUS").build()) {
            TOPICS.forEach(t -> cluster.createTopic(t, 1, 1));
            cluster.addAcls(ACLS.toArray(Acl[]::new));
            try (NettyTransport bob = bob(cluster.listen())) {
                mock = outcomes(bob);
            }
        }

        assertThat(mock).isEqualTo(real);
        assertThat(real).hasSize(54);
        // And the table is not trivially the same: it holds refusals and successes of each kind.
        assertThat(real).containsEntry("Produce pay-us", "NONE")
                .containsEntry("Produce pay-eu", "TOPIC_AUTHORIZATION_FAILED")
                .containsEntry("FindCoordinator hidden", "GROUP_AUTHORIZATION_FAILED")
                .containsEntry("InitProducerId", "NONE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void aWrongPasswordGetsKafkasOwnMessage(String mechanism, KafkaCluster kafka) {
        try (MockCluster cluster = MockCluster.builder().saslUser("bob", "bob-secret").build()) {
            String real = brokerMessage(kafka.bootstrapServers(Listener.SASL_PLAINTEXT), mechanism, "bob");
            String mock = brokerMessage(cluster.listen(), mechanism, "bob");
            String realUnknown = brokerMessage(kafka.bootstrapServers(Listener.SASL_PLAINTEXT), mechanism, "eve");
            String mockUnknown = brokerMessage(cluster.listen(), mechanism, "eve");

            assertThat(mock).isEqualTo(real).startsWith("Authentication failed");
            assertThat(mockUnknown).isEqualTo(realUnknown);
        }
    }

    /** What the broker said when {@code user} authenticated with a wrong password, as Samsa reports it. */
    private static String brokerMessage(String bootstrap, String mechanism, String user) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", mechanism);
        config.put("sasl.jaas.config", (mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain"
                + ".PlainLoginModule" : "org.apache.kafka.common.security.scram.ScramLoginModule")
                + " required username=\"" + user + "\" password=\"wrong\";");
        try (NettyTransport t = NettyTransport.builder().config(config).requestTimeout(Duration.ofSeconds(15))
                .build()) {
            Throwable e = catchThrowable(() -> t.send(t.bootstrapNodes().get(0), new MetadataRequest())
                    .get(30, TimeUnit.SECONDS));
            assertThat(e).hasCauseInstanceOf(SaslAuthenticationException.class);
            String message = e.getCause().getMessage();
            return message.substring(message.indexOf(" failed: ") + " failed: ".length());
        }
    }

    private static AclBinding binding(Acl a) {
        return new AclBinding(new ResourcePattern(
                org.apache.kafka.common.resource.ResourceType.fromCode(a.resourceType().code()), a.resourceName(),
                org.apache.kafka.common.resource.PatternType.fromCode(a.patternType().code())),
                new AccessControlEntry(a.principal(), a.host(),
                        org.apache.kafka.common.acl.AclOperation.fromCode(a.operation().code()),
                        org.apache.kafka.common.acl.AclPermissionType.fromCode(a.permissionType().code())));
    }

    private static NettyTransport bob(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"bob\" password=\"bob-secret\";");
        Map<String, Object> config = new LinkedHashMap<>();
        p.forEach((k, v) -> config.put((String) k, v));
        return NettyTransport.builder().config(config).requestTimeout(Duration.ofSeconds(15)).build();
    }

    private static String code(short error) {
        return ErrorCode.forCode(error).name();
    }

    /** Sends until the answer is not a transient coordinator or leader error. */
    private static String settled(Callable<String> call) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(call, r -> TRANSIENT.stream().noneMatch(r::contains));
    }

    private static <R extends ApiResponse> R send(NettyTransport t, ApiRequest<R> request, int maxVersion) {
        Node node = t.bootstrapNodes().get(0);
        return t.send(node, request, request.lowestSupportedVersion(), (short) maxVersion)
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static <R extends ApiResponse> R send(NettyTransport t, ApiRequest<R> request) {
        return send(t, request, request.apiKey().latestStableVersion());
    }

    /** Request by request and entity by entity, bob's outcome: an error code name, or what he may see. */
    private static Map<String, String> outcomes(NettyTransport bob) {
        Map<String, String> out = new TreeMap<>(); // Kafka's order of entities in a response is not a contract
        MetadataResponse all = send(bob, new MetadataRequest().setTopics(null));
        out.put("Metadata all", all.topics().stream().map(MetadataResponse.MetadataResponseTopic::name)
                .collect(Collectors.toCollection(TreeSet::new)).toString());
        MetadataResponse named = send(bob, new MetadataRequest().setAllowAutoTopicCreation(true)
                .setTopics(new ArrayList<>(List.of("orders", "secret", "missing", "pay-new").stream()
                        .map(n -> new MetadataRequest.MetadataRequestTopic().setName(n)).toList())));
        named.topics().forEach(t -> out.put("Metadata " + t.name(), code(t.errorCode())));

        for (String topic : List.of("orders", "pay-eu", "pay-us", "secret")) {
            out.put("Produce " + topic, settled(() -> {
                ProduceResponse r = send(bob, Kafka.produce(null, topic, 0, Kafka.batch(1000, "k=v"), 1), 12);
                return code(Kafka.only(r).errorCode());
            }));
            out.put("Fetch " + topic, settled(() -> {
                FetchResponse.PartitionData p = Kafka.only(send(bob, Kafka.fetch(null, topic, 0, 0, 1 << 20), 12));
                if (p.records() != null) {
                    p.records().release(); // a retained slice of the response's frame: the receiver's to release
                }
                return code(p.errorCode());
            }));
            out.put("OffsetForLeaderEpoch " + topic, settled(() -> code(send(bob, new OffsetForLeaderEpochRequest()
                    .setReplicaId(-1).setTopics(new ArrayList<>(List.of(new OffsetForLeaderEpochRequest
                            .OffsetForLeaderTopic().setTopic(topic).setPartitions(new ArrayList<>(List.of(
                                    new OffsetForLeaderEpochRequest.OffsetForLeaderPartition().setPartition(0)
                                            .setCurrentLeaderEpoch(-1).setLeaderEpoch(0)))))))).topics().get(0)
                    .partitions().get(0).errorCode())));
            out.put("ListOffsets " + topic, settled(() -> code(send(bob, new ListOffsetsRequest().setReplicaId(-1)
                    .setTopics(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsTopic().setName(topic)
                            .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsPartition()
                                    .setPartitionIndex(0).setTimestamp(-1)))))))).topics().get(0).partitions()
                    .get(0).errorCode())));
        }
        out.put("InitProducerId", settled(() -> code(send(bob, new InitProducerIdRequest().setTransactionalId(null)
                .setTransactionTimeoutMs(-1)).errorCode())));

        for (String group : List.of("billing", "visible", "hidden")) {
            out.put("FindCoordinator " + group, settled(() -> code(send(bob, new FindCoordinatorRequest()
                    .setKeyType((byte) 0).setCoordinatorKeys(new ArrayList<>(List.of(group)))).coordinators().get(0)
                    .errorCode())));
            out.put("OffsetCommit " + group, settled(() -> code(send(bob, new OffsetCommitRequest().setGroupId(group)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(new ArrayList<>(List.of(
                            new OffsetCommitRequest.OffsetCommitRequestTopic().setName("pay-eu").setPartitions(
                                    new ArrayList<>(List.of(new OffsetCommitRequest.OffsetCommitRequestPartition()
                                            .setPartitionIndex(0).setCommittedOffset(0)))))))).topics().get(0)
                    .partitions().get(0).errorCode())));
            out.put("JoinGroup " + group, settled(() -> code(send(bob, new JoinGroupRequest().setGroupId(group)
                    .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setMemberId("")
                    .setProtocolType("consumer").setProtocols(new ArrayList<>(List.of(
                            new JoinGroupRequest.JoinGroupRequestProtocol().setName("range")
                                    .setMetadata(new byte[0]))))).errorCode())));
            out.put("Heartbeat " + group, settled(() -> code(send(bob, new HeartbeatRequest().setGroupId(group)
                    .setGenerationId(1).setMemberId("nobody")).errorCode())));
            out.put("SyncGroup " + group, settled(() -> code(send(bob, new SyncGroupRequest().setGroupId(group)
                    .setGenerationId(1).setMemberId("nobody").setProtocolType("consumer").setProtocolName("range")
                    .setAssignments(new ArrayList<>())).errorCode())));
            out.put("LeaveGroup " + group, settled(() -> {
                LeaveGroupResponse r = send(bob, new LeaveGroupRequest().setGroupId(group).setMembers(
                        new ArrayList<>(List.of(new LeaveGroupRequest.MemberIdentity().setMemberId("nobody")))));
                return code(r.errorCode()) + " " + r.members().stream().map(m -> code(m.errorCode())).toList();
            }));
            out.put("DescribeGroups " + group, settled(() -> code(send(bob, new DescribeGroupsRequest()
                    .setGroups(new ArrayList<>(List.of(group)))).groups().get(0).errorCode())));
            out.put("OffsetFetch " + group, settled(() -> {
                OffsetFetchResponse.OffsetFetchResponseGroup g = send(bob, new OffsetFetchRequest().setGroups(
                        new ArrayList<>(List.of(new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId(group)
                                .setTopics(null))))).groups().get(0);
                return code(g.errorCode()) + " " + g.topics().stream().map(t -> t.name())
                        .collect(Collectors.toCollection(TreeSet::new));
            }));
        }
        out.put("Metadata pay-eu operations", String.valueOf(send(bob, new MetadataRequest()
                .setIncludeTopicAuthorizedOperations(true).setTopics(new ArrayList<>(List.of(
                        new MetadataRequest.MetadataRequestTopic().setName("pay-eu"))))).topics().get(0)
                .topicAuthorizedOperations()));
        out.put("DescribeAcls", code(send(bob, new DescribeAclsRequest().setResourceTypeFilter((byte) 1)
                .setResourceNameFilter(null).setPatternTypeFilter((byte) 1).setPrincipalFilter(null)
                .setHostFilter(null).setOperation((byte) 1).setPermissionType((byte) 1)).errorCode()));
        out.put("DeleteGroups", settled(() -> send(bob, new DeleteGroupsRequest().setGroupsNames(new ArrayList<>(
                List.of("billing", "hidden")))).results().stream().map(r -> r.groupId() + "=" + code(r.errorCode()))
                .collect(Collectors.toCollection(TreeSet::new)).toString()));
        out.put("ListGroups", send(bob, new ListGroupsRequest()).groups().stream().map(g -> g.groupId())
                .collect(Collectors.toCollection(TreeSet::new)).toString());

        send(bob, new CreateTopicsRequest().setTimeoutMs(10_000).setTopics(new ArrayList<>(List.of("tmp-1", "other")
                .stream().map(n -> new CreateTopicsRequest.CreatableTopic().setName(n).setNumPartitions(1)
                        .setReplicationFactor((short) 1)).toList())))
                .topics().forEach(t -> out.put("CreateTopics " + t.name(), code(t.errorCode())));
        out.put("CreatePartitions pay-eu", code(send(bob, new CreatePartitionsRequest().setTimeoutMs(10_000)
                .setTopics(new ArrayList<>(List.of(new CreatePartitionsRequest.CreatePartitionsTopic()
                        .setName("pay-eu").setCount(2).setAssignments(null))))).results().get(0).errorCode()));
        out.put("DeleteTopics", settled(() -> send(bob, new DeleteTopicsRequest().setTimeoutMs(10_000)
                .setTopics(new ArrayList<>(List.of("tmp-1", "orders", "secret").stream()
                        .map(n -> new DeleteTopicsRequest.DeleteTopicState().setName(n)).toList()))).responses()
                .stream().map(r -> r.name() + "=" + code(r.errorCode())).collect(Collectors.toCollection(TreeSet::new))
                .toString()));
        return out;
    }
}
