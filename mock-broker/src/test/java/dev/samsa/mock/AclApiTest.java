package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.CreateAclsRequest;
import dev.samsa.internal.protocol.message.DeleteAclsRequest;
import dev.samsa.internal.protocol.message.DescribeAclsRequest;
import dev.samsa.internal.protocol.message.DescribeAclsResponse;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CreateAcls, DescribeAcls and DeleteAcls on the mock, driven by the official {@code Admin} client over SASL: a super
 * user grants and revokes, and the official producer sees the effect on its next request.
 */
class AclApiTest {
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

    private Properties sasl(String bootstrap, String user, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    private Admin admin(String user, String password) {
        Admin a = Admin.create(sasl(cluster.listen(), user, password));
        closeables.add(a);
        return a;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static AclBinding write(String principal, String topic) {
        return new AclBinding(new ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC, topic,
                org.apache.kafka.common.resource.PatternType.LITERAL), new AccessControlEntry(principal, "*",
                org.apache.kafka.common.acl.AclOperation.WRITE, org.apache.kafka.common.acl.AclPermissionType.ALLOW));
    }

    @Test
    void aSuperUserGrantsDescribesAndRevokesWithTheOfficialAdminAndTheProducerSeesEachChange() throws Exception {
        cluster = MockCluster.builder().topic("orders", 1).saslUser("admin", "admin-secret")
                .saslUser("bob", "bob-secret").superUser("User:admin").build();
        Admin admin = admin("admin", "admin-secret");
        Properties p = sasl(cluster.listen(), "bob", "bob-secret");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        KafkaProducer<String, String> bob = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        closeables.add(bob);

        Throwable before = catchThrowable(() -> bob.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                "orders", "k", "refused")).get(30, TimeUnit.SECONDS));
        get(admin.createAcls(List.of(write("User:bob", "orders"))).all());
        Collection<AclBinding> described = get(admin.describeAcls(new AclBindingFilter(
                new ResourcePatternFilter(org.apache.kafka.common.resource.ResourceType.TOPIC, "orders",
                        org.apache.kafka.common.resource.PatternType.MATCH),
                AccessControlEntryFilter.ANY)).values());
        bob.send(new org.apache.kafka.clients.producer.ProducerRecord<>("orders", "k", "allowed"))
                .get(30, TimeUnit.SECONDS);
        Collection<AclBinding> deleted = get(admin.deleteAcls(List.of(write("User:bob", "orders").toFilter())).all());

        assertThat(before).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(described).containsExactly(write("User:bob", "orders"));
        assertThat(deleted).containsExactly(write("User:bob", "orders"));
        assertThat(cluster.acls()).isEmpty();
        assertThat(cluster.records("orders", 0)).extracting(MockRecord::valueString).containsExactly("allowed");
    }

    @Test
    void aclApisNeedAlterOrDescribeOnTheClusterAndAnAuthorizer() throws Exception {
        cluster = MockCluster.builder().saslUser("bob", "bob-secret")
                .acl(Acl.allowCluster("User:bob", AclOperation.DESCRIBE)).build();
        Admin bob = admin("bob", "bob-secret");

        Throwable create = catchThrowable(() -> get(bob.createAcls(List.of(write("User:bob", "orders"))).all()));
        Collection<AclBinding> all = get(bob.describeAcls(AclBindingFilter.ANY).values());

        assertThat(create).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClusterAuthorizationException.class);
        assertThat(all).hasSize(1);

        try (MockCluster open = MockCluster.builder().build()) {
            Transport t = open.transport();
            DescribeAclsResponse r = Kafka.send(t, t.bootstrapNodes().get(0), new DescribeAclsRequest()
                    .setResourceTypeFilter((byte) 1).setResourceNameFilter(null).setPatternTypeFilter((byte) 1)
                    .setPrincipalFilter(null).setHostFilter(null).setOperation((byte) 1).setPermissionType((byte) 1));
            assertThat(ErrorCode.forCode(r.errorCode())).isEqualTo(ErrorCode.SECURITY_DISABLED);
            assertThat(open.isAuthorizationEnabled()).isFalse();
            t.close();
        }
    }

    @Test
    void invalidCreationsAreRefusedOneByOne() {
        cluster = MockCluster.builder().authorization(true).superUser("User:ANONYMOUS").build();
        Transport t = cluster.transport();
        closeables.add(t);

        var results = Kafka.send(t, t.bootstrapNodes().get(0), new CreateAclsRequest().setCreations(
                new ArrayList<>(List.of(
                        new CreateAclsRequest.AclCreation().setResourceType(ResourceType.TOPIC.code())
                                .setResourceName("orders").setResourcePatternType(PatternType.PREFIXED.code())
                                .setPrincipal("User:carol").setHost("*").setOperation(AclOperation.READ.code())
                                .setPermissionType(AclPermissionType.ALLOW.code()),
                        new CreateAclsRequest.AclCreation().setResourceType(ResourceType.TOPIC.code())
                                .setResourceName("orders").setResourcePatternType((byte) 2 /* MATCH */)
                                .setPrincipal("User:carol").setHost("*").setOperation(AclOperation.READ.code())
                                .setPermissionType(AclPermissionType.ALLOW.code()),
                        new CreateAclsRequest.AclCreation().setResourceType(ResourceType.TOPIC.code())
                                .setResourceName("orders").setResourcePatternType(PatternType.LITERAL.code())
                                .setPrincipal("carol").setHost("*").setOperation(AclOperation.READ.code())
                                .setPermissionType(AclPermissionType.ALLOW.code()))))).results();

        assertThat(results).extracting(r -> ErrorCode.forCode(r.errorCode()))
                .containsExactly(ErrorCode.NONE, ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST);
        assertThat(results.get(2).errorMessage()).contains("principal");
        assertThat(cluster.acls()).containsExactly(
                Acl.allowPrefixed("User:carol", AclOperation.READ, ResourceType.TOPIC, "orders"));
    }

    @Test
    void everyVersionOfTheAclApisEncodes() {
        cluster = MockCluster.builder().encodeMessages(true).superUser("User:ANONYMOUS").build();
        Transport t = cluster.transport();
        closeables.add(t);
        for (short v = 1; v <= 3; v++) {
            String topic = "t" + v;
            var created = t.send(t.bootstrapNodes().get(0), new CreateAclsRequest().setCreations(new ArrayList<>(
                    List.of(new CreateAclsRequest.AclCreation().setResourceType(ResourceType.TOPIC.code())
                            .setResourceName(topic).setResourcePatternType(PatternType.LITERAL.code())
                            .setPrincipal("User:dan").setHost("*").setOperation(AclOperation.WRITE.code())
                            .setPermissionType(AclPermissionType.DENY.code())))), v, v).join();
            DescribeAclsResponse described = t.send(t.bootstrapNodes().get(0), new DescribeAclsRequest()
                    .setResourceTypeFilter(ResourceType.TOPIC.code()).setResourceNameFilter(topic)
                    .setPatternTypeFilter(PatternType.LITERAL.code()).setPrincipalFilter(null).setHostFilter(null)
                    .setOperation((byte) 1).setPermissionType((byte) 1), v, v).join();
            var deleted = t.send(t.bootstrapNodes().get(0), new DeleteAclsRequest().setFilters(new ArrayList<>(
                    List.of(new DeleteAclsRequest.DeleteAclsFilter().setResourceTypeFilter((byte) 1)
                            .setResourceNameFilter(null).setPatternTypeFilter((byte) 1).setPrincipalFilter("User:dan")
                            .setHostFilter(null).setOperation((byte) 1).setPermissionType((byte) 1)))), v, v).join();

            assertThat(created.results().get(0).errorCode()).as("v%d", v).isZero();
            assertThat(described.resources()).as("v%d", v).singleElement()
                    .satisfies(r -> assertThat(r.resourceName()).isEqualTo(topic));
            assertThat(deleted.filterResults().get(0).matchingAcls()).as("v%d", v).hasSize(1);
        }
        assertThat(cluster.acls()).isEmpty();
    }
}
