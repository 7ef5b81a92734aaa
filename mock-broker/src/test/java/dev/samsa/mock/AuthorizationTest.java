package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samsa.admin.Admin;
import dev.samsa.admin.AlterConfigOp;
import dev.samsa.admin.ConfigResource;
import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.errors.ClusterAuthorizationException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.GroupAuthorizationException;
import dev.samsa.errors.TopicAuthorizationException;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.internal.protocol.message.DeleteTopicsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.ListGroupsRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.internal.protocol.message.SaslHandshakeRequest;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ACLs on the in-process transport: Samsa's producer and consumer as an unauthorized principal get Kafka's typed
 * errors naming the topic or group, nothing is stored, and permissions flipped at runtime apply to the next request.
 */
class AuthorizationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private MockCluster cluster;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private MockCluster start(MockCluster.Builder builder) {
        cluster = builder.build();
        return cluster;
    }

    private Producer<String, String> producer(Transport transport) {
        Producer<String, String> p = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).acks(Acks.ALL).linger(Duration.ZERO).maxBlock(TIMEOUT)
                .deliveryTimeout(TIMEOUT).requestTimeout(Duration.ofSeconds(10)).retryBackoff(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(50)).build();
        closeables.add(p);
        return p;
    }

    private Consumer<String, String> consumer(Transport transport, String group) {
        var b = Consumer.builder(Deserializers.forString(), Deserializers.forString()).transport(transport)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).retryBackoff(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(50)).defaultApiTimeout(TIMEOUT);
        if (group != null) {
            b.groupId(group);
        }
        Consumer<String, String> c = b.build();
        closeables.add(c);
        return c;
    }

    private Transport as(String user) {
        Transport t = cluster.transportAs(user);
        closeables.add(t);
        return t;
    }

    private static Throwable failure(CompletableFuture<?> future) {
        Throwable t = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(t).as("the future must fail").isNotNull();
        return t.getCause() != null ? t.getCause() : t;
    }

    /** Polls until records arrive or {@code poll} throws (what the test is after), within the timeout. */
    private static List<ConsumerRecord<String, String>> pollUntilRecords(Consumer<String, String> consumer) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        while (out.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        return out;
    }

    private static <R extends ApiResponse> R send(Transport transport,
            ApiRequest<R> request) {
        Node node = transport.bootstrapNodes().get(0);
        return Kafka.send(transport, node, request);
    }

    // ---------------------------------------------------------------- producer

    @Test
    void aProducerWithNoAclFailsWithTopicAuthorizationExceptionNamingTheTopicAndNothingIsStored() {
        start(MockCluster.builder().topic("orders", 1)
                .acl(Acl.allow("User:alice", AclOperation.WRITE, ResourceType.TOPIC, "orders")));
        Producer<String, String> bob = producer(as("bob"));

        Throwable t = failure(bob.send(new ProducerRecord<>("orders", "k", "from bob")));

        assertThat(t).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders");
        assertThat(cluster.records("orders", 0)).isEmpty();

        RecordMetadata md = producer(as("alice")).send(new ProducerRecord<>("orders", "k", "from alice"))
                .orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(md.offset()).isZero();
        assertThat(cluster.records("orders", 0)).extracting(MockRecord::valueString).containsExactly("from alice");
        assertThat(cluster.requests(KafkaApi.METADATA)).extracting(ReceivedRequest::principal)
                .contains("User:bob", "User:alice");
    }

    @Test
    void produceIsRefusedPerTopicWhenThePrincipalMayDescribeButNotWrite() {
        start(MockCluster.builder().topic("orders", 1).topic("audit", 1)
                .acl(Acl.allow("User:bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders"),
                        Acl.allow("User:bob", AclOperation.WRITE, ResourceType.TOPIC, "audit")));
        Producer<String, String> bob = producer(as("bob"));

        Throwable t = failure(bob.send(new ProducerRecord<>("orders", "k", "v")));
        RecordMetadata audit = bob.send(new ProducerRecord<>("audit", "k", "v")).orTimeout(30, TimeUnit.SECONDS)
                .join();

        // Metadata was allowed (DESCRIBE), so the refusal is the Produce response's, for partition orders-0.
        assertThat(t).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders-0")
                .hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
        assertThat(audit.topic()).isEqualTo("audit");
        assertThat(cluster.records("orders", 0)).isEmpty();
        assertThat(cluster.records("audit", 0)).hasSize(1);
    }

    @Test
    void anIdempotentProducerWithoutAnyWriteGetsClusterAuthorizationFailedForItsProducerId() {
        start(MockCluster.builder().topic("orders", 1)
                .acl(Acl.allow("User:bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders")));
        Transport bob = as("bob");

        short error = send(bob, new InitProducerIdRequest().setTransactionalId(null).setTransactionTimeoutMs(-1))
                .errorCode();
        assertThat(ErrorCode.forCode(error)).isEqualTo(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);

        Throwable t = failure(producer(bob).send(new ProducerRecord<>("orders", "k", "v")));
        assertThat(t).hasStackTraceContaining(ClusterAuthorizationException.class.getName());
        assertThat(cluster.records("orders", 0)).isEmpty();

        // KIP-679: WRITE on any topic (here by prefix) is enough for a producer id; so is IDEMPOTENT_WRITE.
        cluster.addAcls(Acl.allowPrefixed("User:bob", AclOperation.WRITE, ResourceType.TOPIC, "ord"));
        assertThat(send(bob, new InitProducerIdRequest().setTransactionalId(null).setTransactionTimeoutMs(-1))
                .errorCode()).isZero();
        cluster.removeAcls(Acl.allowPrefixed("User:bob", AclOperation.WRITE, ResourceType.TOPIC, "ord"));
        cluster.addAcls(Acl.allowCluster("User:bob", AclOperation.IDEMPOTENT_WRITE));
        assertThat(send(bob, new InitProducerIdRequest().setTransactionalId(null).setTransactionTimeoutMs(-1))
                .errorCode()).isZero();
    }

    @Test
    void permissionsFlippedAtRuntimeApplyToTheNextSendOfTheSameProducer() {
        Acl write = Acl.allow("User:alice", AclOperation.WRITE, ResourceType.TOPIC, "orders");
        // WRITE on another topic keeps the idempotent producer's id grantable (KIP-679) while "orders" is refused.
        Acl audit = Acl.allow("User:alice", AclOperation.WRITE, ResourceType.TOPIC, "audit");
        start(MockCluster.builder().topic("orders", 1).acl(write, audit));
        Producer<String, String> alice = producer(as("alice"));

        alice.send(new ProducerRecord<>("orders", "k", "first")).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(cluster.removeAcls(write)).isEqualTo(1);
        Throwable t = failure(alice.send(new ProducerRecord<>("orders", "k", "refused")));
        assertThat(cluster.addAcls(write)).isEqualTo(1);
        alice.send(new ProducerRecord<>("orders", "k", "third")).orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(t).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders");
        assertThat(cluster.records("orders", 0)).extracting(MockRecord::valueString)
                .containsExactly("first", "third");
        assertThat(cluster.acls()).containsExactly(audit, write);
    }

    // ---------------------------------------------------------------- consumer

    @Test
    void aConsumerWithoutReadOnItsGroupGetsGroupAuthorizationExceptionNamingTheGroup() {
        start(MockCluster.builder().topic("orders", 1)
                .acl(Acl.allow("User:alice", AclOperation.READ, ResourceType.TOPIC, "orders")));
        Consumer<String, String> alice = consumer(as("alice"), "billing");
        alice.subscribe(List.of("orders"));

        assertThatThrownBy(() -> pollUntilRecords(alice)).isInstanceOf(GroupAuthorizationException.class)
                .hasMessageContaining("billing");
        assertThat(cluster.group("billing").map(GroupSnapshot::members).orElse(List.of())).isEmpty();
    }

    @Test
    void aConsumerWithoutReadOnTheTopicGetsTopicAuthorizationExceptionNamingTheTopic() {
        start(MockCluster.builder().topic("orders", 1)
                .acl(Acl.allow("User:alice", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders")));
        appendOneRecord("orders");
        Consumer<String, String> alice = consumer(as("alice"), null);
        alice.assign(List.of(new TopicPartition("orders", 0)));

        assertThatThrownBy(() -> pollUntilRecords(alice)).isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining("orders");
    }

    /** Appends one record to the topic with a principal allowed to (through a temporary ACL). */
    private void appendOneRecord(String topic) {
        Acl writer = Acl.allow("User:writer", AclOperation.WRITE, ResourceType.TOPIC, topic);
        cluster.addAcls(writer);
        producer(as("writer")).send(new ProducerRecord<>(topic, "k", "v")).orTimeout(30, TimeUnit.SECONDS).join();
        cluster.removeAcls(writer);
    }

    @Test
    void aConsumerGroupWithReadOnGroupAndTopicByPrefixConsumesAndCommits() {
        start(MockCluster.builder().topic("orders", 2).superUser("User:admin")
                .acl(Acl.allowPrefixed("User:alice", AclOperation.READ, ResourceType.TOPIC, "ord"),
                        Acl.allowPrefixed("User:alice", AclOperation.READ, ResourceType.GROUP, "bill")));
        producer(as("admin")).send(new ProducerRecord<>("orders", 0, "k", "v")).orTimeout(30, TimeUnit.SECONDS)
                .join();
        Consumer<String, String> alice = consumer(as("alice"), "billing");
        alice.subscribe(List.of("orders"));

        List<ConsumerRecord<String, String>> records = pollUntilRecords(alice);
        alice.commitSync();

        assertThat(records).extracting(ConsumerRecord::value).containsExactly("v");
        assertThat(cluster.group("billing")).isPresent();
        assertThat(cluster.group("billing").get().committedOffsets()).isNotEmpty();
    }

    // ---------------------------------------------------------------- raw requests, rule by rule

    @Test
    void metadataListsOnlyDescribableTopicsAndRefusesNamedOnesWhetherTheyExistOrNot() {
        start(MockCluster.builder().topic("pay-eu", 1).topic("pay-us", 1).topic("secret", 1).autoCreateTopics(true)
                .acl(Acl.allowPrefixed("User:bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "pay-")));
        Transport bob = as("bob");

        MetadataResponse all = send(bob, new MetadataRequest().setTopics(null));
        MetadataResponse named = send(bob, new MetadataRequest().setTopics(new ArrayList<>(List.of(
                new MetadataRequest.MetadataRequestTopic().setName("secret"),
                new MetadataRequest.MetadataRequestTopic().setName("missing"),
                new MetadataRequest.MetadataRequestTopic().setName("pay-new")))));

        assertThat(all.topics()).extracting(MetadataResponse.MetadataResponseTopic::name)
                .containsExactlyInAnyOrder("pay-eu", "pay-us");
        assertThat(named.topics()).extracting(t -> t.name() + "=" + ErrorCode.forCode(t.errorCode()))
                .containsExactly("secret=TOPIC_AUTHORIZATION_FAILED", "missing=TOPIC_AUTHORIZATION_FAILED",
                        // described but not creatable: auto-creation needs CREATE too
                        "pay-new=TOPIC_AUTHORIZATION_FAILED");
        assertThat(cluster.topics()).doesNotContain("missing", "pay-new");
    }

    @Test
    void aDenyWinsOverAWildcardAllowAndAllowImpliesDescribe() {
        start(MockCluster.builder().topic("orders", 1).topic("secret", 1)
                .acl(Acl.allow("User:*", AclOperation.READ, ResourceType.TOPIC, Acl.WILDCARD),
                        Acl.deny("User:bob", AclOperation.ALL, ResourceType.TOPIC, "secret")));

        MetadataResponse bob = send(as("bob"), new MetadataRequest().setTopics(null));
        MetadataResponse alice = send(as("alice"), new MetadataRequest().setTopics(null));

        // READ implies DESCRIBE; bob's DENY ALL on "secret" wins over the wildcard ALLOW.
        assertThat(bob.topics()).extracting(MetadataResponse.MetadataResponseTopic::name).containsExactly("orders");
        assertThat(alice.topics()).extracting(MetadataResponse.MetadataResponseTopic::name)
                .containsExactlyInAnyOrder("orders", "secret");
    }

    @Test
    void anonymousSuperUsersAndAllowEveryoneIfNoAclFound() {
        start(MockCluster.builder().topic("open", 1).topic("guarded", 1).superUser("User:admin")
                .allowEveryoneIfNoAclFound(true)
                .acl(Acl.allow("User:alice", AclOperation.READ, ResourceType.TOPIC, "guarded")));
        MetadataRequest all = new MetadataRequest().setTopics(null);

        assertThat(send(as("admin"), all).topics()).hasSize(2);
        assertThat(send(as("alice"), all).topics()).hasSize(2);
        // "open" has no ACL, so everyone may use it; "guarded" has one, so only alice may.
        Transport anonymous = cluster.transport();
        closeables.add(anonymous);
        assertThat(send(anonymous, all).topics()).extracting(MetadataResponse.MetadataResponseTopic::name)
                .containsExactly("open");
    }

    @Test
    void authorizationIsOffUntilConfiguredAndAddingAnAclTurnsItOn() {
        start(MockCluster.builder().topic("orders", 1));
        Transport bob = as("bob");
        assertThat(cluster.isAuthorizationEnabled()).isFalse();
        assertThat(send(bob, new MetadataRequest().setTopics(null)).topics()).hasSize(1);

        cluster.addAcls(Acl.allow("User:alice", AclOperation.ALL, ResourceType.TOPIC, "orders"));

        assertThat(cluster.isAuthorizationEnabled()).isTrue();
        assertThat(send(bob, new MetadataRequest().setTopics(null)).topics()).isEmpty();
        assertThatThrownBy(() -> MockCluster.builder().acl(Acl.allowCluster("User:a", AclOperation.ALL))
                .authorization(false).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authorization(false)");
    }

    @Test
    void groupRequestsAreRefusedPerGroup() {
        start(MockCluster.builder().topic("orders", 1).superUser("User:admin")
                .acl(Acl.allow("User:bob", AclOperation.DESCRIBE, ResourceType.GROUP, "visible"),
                        Acl.allow("User:bob", AclOperation.READ, ResourceType.TOPIC, "orders")));
        Transport bob = as("bob");
        Transport admin = as("admin");
        for (String g : List.of("visible", "hidden")) {
            OffsetCommitResponse r = send(admin, new OffsetCommitRequest().setGroupId(g)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(new ArrayList<>(List.of(
                            new OffsetCommitRequest.OffsetCommitRequestTopic().setName("orders")
                                    .setPartitions(new ArrayList<>(List.of(
                                            new OffsetCommitRequest.OffsetCommitRequestPartition()
                                                    .setPartitionIndex(0).setCommittedOffset(0))))))));
            assertThat(r.topics().get(0).partitions().get(0).errorCode()).isZero();
        }

        var coordinators = send(bob, new FindCoordinatorRequest().setKeyType((byte) 0)
                .setCoordinatorKeys(new ArrayList<>(List.of("visible", "hidden")))).coordinators();
        var described = send(bob, new DescribeGroupsRequest().setGroups(new ArrayList<>(List.of("visible", "hidden")))
                .setIncludeAuthorizedOperations(true)).groups();
        var listed = send(bob, new ListGroupsRequest()).groups();
        OffsetCommitResponse commit = send(bob, new OffsetCommitRequest().setGroupId("visible")
                .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(new ArrayList<>(List.of(
                        new OffsetCommitRequest.OffsetCommitRequestTopic().setName("orders")
                                .setPartitions(new ArrayList<>(List.of(
                                        new OffsetCommitRequest.OffsetCommitRequestPartition().setPartitionIndex(0)
                                                .setCommittedOffset(1))))))));

        assertThat(coordinators).extracting(c -> c.key() + "=" + ErrorCode.forCode(c.errorCode()))
                .containsExactly("visible=NONE", "hidden=GROUP_AUTHORIZATION_FAILED");
        assertThat(described).extracting(d -> d.groupId() + "=" + ErrorCode.forCode(d.errorCode()))
                .containsExactly("visible=NONE", "hidden=GROUP_AUTHORIZATION_FAILED");
        assertThat(described.get(0).authorizedOperations()).isEqualTo(1 << AclOperation.DESCRIBE.code());
        assertThat(listed).extracting(g -> g.groupId()).containsExactly("visible");
        // DESCRIBE on the group is not READ: the whole commit is refused.
        assertThat(ErrorCode.forCode(commit.topics().get(0).partitions().get(0).errorCode()))
                .isEqualTo(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    }

    @Test
    void createAndDeleteTopicsAreAuthorizedPerTopic() {
        start(MockCluster.builder().topic("keep", 1).topic("temp-1", 1)
                .acl(Acl.allowPrefixed("User:bob", AclOperation.CREATE, ResourceType.TOPIC, "temp-"),
                        Acl.allowPrefixed("User:bob", AclOperation.DELETE, ResourceType.TOPIC, "temp-")));
        Transport bob = as("bob");

        CreateTopicsResponse created = send(bob, new CreateTopicsRequest().setTopics(new ArrayList<>(List.of(
                new CreateTopicsRequest.CreatableTopic().setName("temp-2").setNumPartitions(1)
                        .setReplicationFactor((short) 1),
                new CreateTopicsRequest.CreatableTopic().setName("other").setNumPartitions(1)
                        .setReplicationFactor((short) 1)))));
        var deleted = send(bob, new DeleteTopicsRequest().setTimeoutMs(1000).setTopics(new ArrayList<>(List.of(
                new DeleteTopicsRequest.DeleteTopicState().setName("temp-1"),
                new DeleteTopicsRequest.DeleteTopicState().setName("keep"))))).responses();

        assertThat(created.topics()).extracting(t -> t.name() + "=" + ErrorCode.forCode(t.errorCode()))
                .containsExactly("temp-2=NONE", "other=TOPIC_AUTHORIZATION_FAILED");
        assertThat(deleted).extracting(t -> t.name() + "=" + ErrorCode.forCode(t.errorCode()))
                .containsExactly("temp-1=NONE", "keep=TOPIC_AUTHORIZATION_FAILED");
        assertThat(cluster.topics()).containsExactly("keep", "temp-2");
    }

    @Test
    void saslRequestsOnTheInProcessTransportAreAnsweredWithIllegalSaslState() {
        start(MockCluster.builder().saslUser("alice", "alice-secret"));
        Transport t = as("alice");
        assertThat(ErrorCode.forCode(send(t, new SaslHandshakeRequest().setMechanism("PLAIN")).errorCode()))
                .isEqualTo(ErrorCode.ILLEGAL_SASL_STATE);
        assertThat(t.toString()).contains("User:alice");
    }

    @Test
    void aclsValidateTheirFields() {
        assertThatThrownBy(() -> Acl.allow("alice", AclOperation.READ, ResourceType.TOPIC, "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("User:alice");
        assertThatThrownBy(() -> Acl.allow("User:alice", AclOperation.READ, ResourceType.CLUSTER, "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Acl.CLUSTER_NAME);
        assertThat(Acl.allowPrefixed("User:a", AclOperation.READ, ResourceType.TOPIC, "pay-").toString())
                .isEqualTo("(principal=User:a, host=*, operation=READ, permissionType=ALLOW) on TOPIC:PREFIXED:pay-");
    }

    /** The admin APIs check ACLs too: DESCRIBE_CONFIGS, ALTER_CONFIGS, DELETE per topic, and the cluster for brokers. */
    @Test
    void theAdminClientGetsTypedAuthorizationErrorsForConfigsAndDeleteRecords() throws Exception {
        start(MockCluster.builder().topic("orders", 1)
                .acl(Acl.allow("User:alice", AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, "orders"))
                .acl(Acl.allow("User:alice", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders")));
        Admin admin = Admin.builder().transport(as("alice")).defaultApiTimeout(TIMEOUT).build();
        closeables.add(admin);
        ConfigResource orders = ConfigResource.topic("orders");
        TopicPartition partition = new TopicPartition("orders", 0);

        assertThat(admin.describeConfigs(List.of(orders)).value(orders).get(30, TimeUnit.SECONDS))
                .containsKey("retention.ms");
        assertThat(failure(admin.incrementalAlterConfigs(Map.of(orders,
                List.of(AlterConfigOp.set("retention.ms", "1000")))).value(orders)))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders");
        ConfigResource broker = ConfigResource.broker(0);
        assertThat(failure(admin.describeConfigs(List.of(broker)).value(broker)))
                .isInstanceOf(ClusterAuthorizationException.class);
        assertThat(failure(admin.deleteRecords(Map.of(partition, 0L)).value(partition)))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders");

        cluster.addAcls(Acl.allow("User:alice", AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, "orders"),
                Acl.allow("User:alice", AclOperation.DELETE, ResourceType.TOPIC, "orders"));
        admin.incrementalAlterConfigs(Map.of(orders, List.of(AlterConfigOp.set("retention.ms", "1000"))))
                .all().get(30, TimeUnit.SECONDS);
        assertThat(admin.describeConfigs(List.of(orders)).value(orders).get(30, TimeUnit.SECONDS)
                .get("retention.ms").value()).isEqualTo("1000");
        assertThat(admin.deleteRecords(Map.of(partition, 0L)).value(partition).get(30, TimeUnit.SECONDS))
                .isZero();
    }
}
