package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samsa.common.Node;
import dev.samsa.errors.SaslAuthenticationException;
import dev.samsa.errors.TopicAuthorizationException;
import dev.samsa.errors.UnsupportedSaslMechanismException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.netty.NettyTransport;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Serializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mock's SASL_PLAINTEXT listener (KIP-152; PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) with ACLs, against Samsa's
 * {@link NettyTransport} configured with Kafka's keys and against the official Java client (the oracle).
 */
class SaslTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "alice-secret";

    private MockCluster cluster;
    private String bootstrap;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(2).topic("orders", 2, 2).topic("audit", 1)
                .saslUser("alice", SECRET).saslUser("bob", "bob-secret")
                .acl(Acl.allow("User:alice", AclOperation.WRITE, ResourceType.TOPIC, "orders"),
                        Acl.allow("User:alice", AclOperation.READ, ResourceType.TOPIC, "orders"),
                        Acl.allowPrefixed("User:alice", AclOperation.READ, ResourceType.GROUP, "billing"),
                        Acl.allow("User:bob", AclOperation.WRITE, ResourceType.TOPIC, "audit"),
                        Acl.allow("User:bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders"),
                        Acl.allow("User:bob", AclOperation.READ, ResourceType.TOPIC, "orders"))
                .build();
        bootstrap = cluster.listen();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        cluster.close();
    }

    private static String loginModule(String mechanism) {
        return mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
    }

    private static String jaas(String mechanism, String user, String password) {
        return loginModule(mechanism) + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private NettyTransport netty(String mechanism, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("client.id", "samsa-" + user);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", mechanism);
        config.put("sasl.jaas.config", jaas(mechanism, user, password));
        NettyTransport t = NettyTransport.builder().config(config).requestTimeout(Duration.ofSeconds(10))
                .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
        closeables.add(t);
        return t;
    }

    private static Throwable failure(CompletableFuture<?> future) {
        Throwable t = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(t).as("the future must fail").isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    private static Producer<String, String> producer(NettyTransport transport) {
        return Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport)
                .acks(Acks.ALL).maxBlock(TIMEOUT).requestTimeout(Duration.ofSeconds(10)).deliveryTimeout(TIMEOUT)
                .build();
    }

    private static MetadataResponse metadata(NettyTransport transport) {
        Node node = transport.bootstrapNodes().get(0);
        return transport.send(node, new MetadataRequest().setTopics(null)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    // ---------------------------------------------------------------- Samsa's NettyTransport

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void samsaAuthenticatesWithEachMechanismAndProducesAsItsUser(String mechanism) {
        NettyTransport alice = netty(mechanism, "alice", SECRET);

        assertThat(metadata(alice).clusterId()).isEqualTo(cluster.clusterId());
        try (Producer<String, String> producer = producer(alice)) {
            producer.send(new ProducerRecord<>("orders", 0, "k", mechanism)).orTimeout(30, TimeUnit.SECONDS)
                    .join();
        }

        assertThat(cluster.records("orders", 0)).extracting(MockRecord::valueString).containsExactly(mechanism);
        assertThat(cluster.requests(KafkaApi.PRODUCE)).extracting(ReceivedRequest::principal)
                .containsOnly("User:alice");
        // SASL runs before the handlers, as Kafka's authenticator: the request log shows no SASL request.
        assertThat(cluster.requests(KafkaApi.SASL_HANDSHAKE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void aWrongPasswordFailsWithKafkasMessageAndNoSecret(String mechanism) {
        NettyTransport alice = netty(mechanism, "alice", "not-the-secret");

        Throwable t = failure(alice.send(alice.bootstrapNodes().get(0), new MetadataRequest()));

        String expected = mechanism.equals("PLAIN") ? "Authentication failed: Invalid username or password"
                : "Authentication failed during authentication due to invalid credentials with SASL mechanism "
                        + mechanism;
        assertThat(t).isInstanceOf(SaslAuthenticationException.class).hasMessageContaining(expected)
                .hasMessageNotContaining("not-the-secret");
        assertThat(cluster.requests(KafkaApi.METADATA)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-512"})
    void anUnknownUserFailsLikeAWrongPassword(String mechanism) {
        NettyTransport mallory = netty(mechanism, "mallory", SECRET);

        assertThat(failure(mallory.send(mallory.bootstrapNodes().get(0), new MetadataRequest())))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("Authentication failed");
    }

    @Test
    void aMechanismTheListenerDoesNotEnableIsRefusedWithTheEnabledList() {
        try (MockCluster scramOnly = MockCluster.builder().saslUser("alice", SECRET)
                .saslMechanisms("SCRAM-SHA-512").build()) {
            bootstrap = scramOnly.listen();
            NettyTransport plain = netty("PLAIN", "alice", SECRET);

            assertThat(failure(plain.send(plain.bootstrapNodes().get(0), new MetadataRequest())))
                    .isInstanceOf(UnsupportedSaslMechanismException.class).hasMessageContaining("PLAIN");
            assertThat(metadata(netty("SCRAM-SHA-512", "alice", SECRET)).clusterId())
                    .isEqualTo(scramOnly.clusterId());
        }
    }

    @Test
    void aPlaintextClientMayAskApiVersionsButItsFirstOtherRequestClosesTheConnection() {
        NettyTransport plaintext = NettyTransport.builder().bootstrapServers(bootstrap)
                .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(10))
                .build();
        closeables.add(plaintext);
        Node node = plaintext.bootstrapNodes().get(0);

        assertThat(plaintext.apiVersions(node).orTimeout(30, TimeUnit.SECONDS).join()
                .supports(ApiKey.SASL_AUTHENTICATE)).isTrue();
        assertThat(failure(plaintext.send(node, new MetadataRequest()))).isNotNull();
        assertThat(failure(plaintext.send(node, Kafka.produce(null, "orders", 0, Kafka.batch(1000, "k=v"), 1))))
                .isNotNull();
        assertThat(cluster.requests(KafkaApi.METADATA)).isEmpty();
        assertThat(cluster.requests(KafkaApi.PRODUCE)).isEmpty();
        assertThat(cluster.records("orders", 0)).isEmpty();
    }

    @Test
    void anAuthenticatedUserWithoutWriteGetsTopicAuthorizationException() {
        NettyTransport bob = netty("SCRAM-SHA-256", "bob", "bob-secret");
        try (Producer<String, String> producer = producer(bob)) {
            Throwable t = failure(producer.send(new ProducerRecord<>("orders", "k", "v")));
            producer.send(new ProducerRecord<>("audit", "k", "v")).orTimeout(30, TimeUnit.SECONDS).join();

            assertThat(t).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders");
        }
        assertThat(cluster.records("orders", 0)).isEmpty();
        assertThat(cluster.records("orders", 1)).isEmpty();
        assertThat(cluster.records("audit", 0)).hasSize(1);
    }

    @Test
    void aChangedPasswordAppliesToNewConnections() {
        cluster.addSaslUser("alice", "rotated");

        assertThat(failure(netty("SCRAM-SHA-256", "alice", SECRET).send(cluster.broker(0), new MetadataRequest())))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThat(metadata(netty("SCRAM-SHA-256", "alice", "rotated")).clusterId()).isEqualTo(cluster.clusterId());
        assertThat(cluster.removeSaslUser("alice")).isTrue();
        assertThat(failure(netty("PLAIN", "alice", "rotated").send(cluster.broker(0), new MetadataRequest())))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    // ---------------------------------------------------------------- the official client

    private Properties official(String mechanism, String user, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(mechanism, user, password));
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "200");
        return p;
    }

    private KafkaProducer<String, String> officialProducer(String mechanism, String user, String password) {
        Properties p = official(mechanism, user, password);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer());
        closeables.add(producer);
        return producer;
    }

    private KafkaConsumer<String, String> officialConsumer(String mechanism, String user, String password,
            String group) {
        Properties p = official(mechanism, user, password);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        closeables.add(consumer);
        return consumer;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void theOfficialClientProducesAndConsumesInAGroupWithTheRightPassword(String mechanism) throws Exception {
        KafkaProducer<String, String> producer = officialProducer(mechanism, "alice", SECRET);
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("orders", 1, "k", "official"))
                .get(30, TimeUnit.SECONDS);
        KafkaConsumer<String, String> consumer = officialConsumer(mechanism, "alice", SECRET, "billing-eu");
        consumer.subscribe(List.of("orders"));

        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
        }
        consumer.commitSync();

        assertThat(values).containsExactly("official");
        assertThat(cluster.group("billing-eu").orElseThrow().committedOffsets()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256"})
    void theOfficialClientGetsSaslAuthenticationExceptionForAWrongPassword(String mechanism) {
        KafkaProducer<String, String> producer = officialProducer(mechanism, "alice", "not-the-secret");

        assertThatThrownBy(() -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("orders",
                "k", "v")).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class)
                .hasMessageContaining("Authentication failed");
        assertThat(cluster.records("orders", 0)).isEmpty();
    }

    @Test
    void theOfficialClientGetsTopicAndGroupAuthorizationExceptionsPerAcl() throws Exception {
        KafkaProducer<String, String> bob = officialProducer("SCRAM-SHA-512", "bob", "bob-secret");

        Throwable produce = catchThrowable(() -> bob.send(
                new org.apache.kafka.clients.producer.ProducerRecord<>("orders", "k", "v")).get(30, TimeUnit.SECONDS));
        bob.send(new org.apache.kafka.clients.producer.ProducerRecord<>("audit", "k", "v")).get(30, TimeUnit.SECONDS);
        KafkaConsumer<String, String> consumer = officialConsumer("SCRAM-SHA-512", "bob", "bob-secret", "billing");
        consumer.subscribe(List.of("orders"));
        Throwable poll = catchThrowable(() -> {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
        });

        assertThat(produce).hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
        assertThat(((org.apache.kafka.common.errors.TopicAuthorizationException) produce.getCause())
                .unauthorizedTopics()).containsExactly("orders");
        assertThat(poll).isInstanceOf(org.apache.kafka.common.errors.GroupAuthorizationException.class);
        assertThat(((org.apache.kafka.common.errors.GroupAuthorizationException) poll).groupId())
                .isEqualTo("billing");
        assertThat(cluster.records("audit", 0)).hasSize(1);
    }
}
