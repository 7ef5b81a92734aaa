package dev.samsa.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.errors.SaslAuthenticationException;
import dev.samsa.errors.SslAuthenticationException;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.netty.security.OAuthBearerTokenProvider;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.netty.security.SaslMechanism;
import dev.samsa.netty.security.SecurityProtocol;
import dev.samsa.netty.security.SslConfig;
import dev.samsa.testkit.KafkaCluster.Listener;
import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import dev.samsa.testkit.TestCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS and SASL against a real broker: one shared cluster with every secured listener (see {@link Listener}), a SASL
 * user, and a 3 s session lifetime ({@code connections.max.reauth.ms}) so that re-authentication (KIP-368) happens
 * within a test. Each test proves its connection by a Metadata round trip that returns the cluster id.
 */
@RealKafka(listeners = {Listener.SSL, Listener.SSL_CLIENT_AUTH, Listener.SSL_WRONG_HOST, Listener.SASL_PLAINTEXT,
        Listener.SASL_SSL}, saslUsers = "alice:alice-secret", serverProperties = "connections.max.reauth.ms=3000")
class SecurityIT {

    private static NettyTransport.Builder builder(KafkaCluster kafka, Listener listener) {
        return NettyTransport.builder().bootstrapServers(kafka.bootstrapServers(listener))
                .securityProtocol(SecurityProtocol.forName(listener.securityProtocol()))
                .requestTimeout(Duration.ofSeconds(15));
    }

    private static SslConfig.Builder trusting(KafkaCluster kafka) {
        TestCertificates tls = kafka.certificates();
        return SslConfig.builder().truststore(tls.truststore("PKCS12"), tls.password(), "PKCS12");
    }

    private static String clusterId(NettyTransport transport) {
        Node node = transport.bootstrapNodes().get(0);
        MetadataResponse response = transport.send(node, new MetadataRequest()).orTimeout(30, TimeUnit.SECONDS)
                .join();
        return response.clusterId();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return future.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12", "PEM", "inline PEM"})
    void tlsVerifiesTheBrokerAndItsHostName(String trustStore, KafkaCluster kafka) throws Exception {
        TestCertificates tls = kafka.certificates();
        SslConfig.Builder ssl = SslConfig.builder();
        switch (trustStore) {
            case "JKS", "PKCS12" -> ssl.truststore(tls.truststore(trustStore), tls.password(), trustStore);
            case "PEM" -> ssl.truststore(tls.truststore("PEM"), null, "PEM");
            default -> ssl.truststoreCertificates(tls.caCertificatePem());
        }
        SslConfig config = ssl.build();
        assertThat(config.endpointIdentificationAlgorithm()).isEqualTo("https");
        try (NettyTransport transport = builder(kafka, Listener.SSL).ssl(config).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
        }
    }

    @Test
    void aCertificateForAnotherHostFailsHostNameVerificationUnlessItIsTurnedOff(KafkaCluster kafka) {
        String address = "127.0.0.1:" + kafka.port(1, Listener.SSL_WRONG_HOST);
        try (NettyTransport transport = builder(kafka, Listener.SSL_WRONG_HOST).ssl(trusting(kafka).build())
                .reconnectBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10)).build()) {
            Throwable error = failure(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest()));

            assertThat(error).isInstanceOf(SslAuthenticationException.class).hasMessageContaining(address)
                    .hasMessageContaining("TLS handshake");
            assertThat(error).hasStackTraceContaining("127.0.0.1");
            // No new attempt during the backoff: the same failure, at once.
            assertThat(failure(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest())))
                    .isSameAs(error);
        }
        try (NettyTransport transport = builder(kafka, Listener.SSL_WRONG_HOST)
                .ssl(trusting(kafka).endpointIdentificationAlgorithm("").build()).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
        }
    }

    @Test
    void anUntrustedBrokerFailsTheHandshake(KafkaCluster kafka) {
        // The JDK's default trust store does not know the test CA.
        try (NettyTransport transport = builder(kafka, Listener.SSL).build()) {
            assertThat(failure(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest())))
                    .isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("127.0.0.1:" + kafka.port(1, Listener.SSL));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12", "PEM file with encrypted key", "inline PEM"})
    void mutualTlsPresentsTheClientCertificate(String keyStore, KafkaCluster kafka) {
        TestCertificates tls = kafka.certificates();
        SslConfig.Builder ssl = trusting(kafka);
        switch (keyStore) {
            case "JKS", "PKCS12" -> ssl.keystore(tls.clientKeystore(keyStore), tls.password(), keyStore);
            case "PEM file with encrypted key" -> ssl.keystore(tls.clientKeystore("PEM"), null, "PEM")
                    .keyPassword(tls.password());
            default -> ssl.keystorePem(tls.clientCertificateChainPem(), tls.clientPrivateKeyPem());
        }
        try (NettyTransport transport = builder(kafka, Listener.SSL_CLIENT_AUTH).ssl(ssl.build()).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
        }
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefused(KafkaCluster kafka) {
        try (NettyTransport transport = builder(kafka, Listener.SSL_CLIENT_AUTH).ssl(trusting(kafka).build())
                .build()) {
            assertThat(failure(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest())))
                    .isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("127.0.0.1:" + kafka.port(1, Listener.SSL_CLIENT_AUTH));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"PLAIN", "SCRAM_SHA_256", "SCRAM_SHA_512"})
    void saslWithTypedCredentials(SaslMechanism mechanism, KafkaCluster kafka) {
        try (NettyTransport transport = builder(kafka, Listener.SASL_PLAINTEXT)
                .sasl(SaslConfig.usernamePassword(mechanism, "alice", "alice-secret")).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void saslSslWithKafkaConfigKeys(String mechanism, KafkaCluster kafka) {
        TestCertificates tls = kafka.certificates();
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers(Listener.SASL_SSL));
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", mechanism);
        config.put("sasl.jaas.config", module + " required username=\"alice\" password=\"alice-secret\";");
        config.put("ssl.truststore.location", tls.truststore("JKS").toString());
        config.put("ssl.truststore.password", tls.password());
        config.put("ssl.truststore.type", "JKS");
        config.put("ssl.enabled.protocols", "TLSv1.3");
        try (NettyTransport transport = NettyTransport.builder().config(config).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"PLAIN", "SCRAM_SHA_256", "SCRAM_SHA_512"})
    void aWrongPasswordFailsEveryPendingRequestOnceWithoutRetrying(SaslMechanism mechanism, KafkaCluster kafka) {
        String address = "127.0.0.1:" + kafka.port(1, Listener.SASL_PLAINTEXT);
        try (NettyTransport transport = builder(kafka, Listener.SASL_PLAINTEXT)
                .sasl(SaslConfig.usernamePassword(mechanism, "alice", "not-the-secret"))
                .reconnectBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10)).build()) {
            Node node = transport.bootstrapNodes().get(0);
            List<CompletableFuture<MetadataResponse>> pending = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pending.add(transport.send(node, new MetadataRequest()));
            }

            Throwable first = failure(pending.get(0));
            assertThat(first).isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining(mechanism.mechanismName()).hasMessageContaining(address)
                    .hasMessageNotContaining("not-the-secret");
            for (CompletableFuture<MetadataResponse> f : pending) {
                assertThat(failure(f)).isSameAs(first);
            }
            assertThat(failure(transport.send(node, new MetadataRequest()))).isSameAs(first);
            assertThat(failure(transport.apiVersions(node))).isSameAs(first);
        }
    }

    @Test
    void oauthBearerReauthenticatesBeforeTheSessionExpires(KafkaCluster kafka) {
        AtomicInteger tokens = new AtomicInteger();
        OAuthBearerTokenProvider unsecured = OAuthBearerTokenProvider.unsecured("alice", Duration.ofHours(1));
        OAuthBearerTokenProvider counting = () -> {
            tokens.incrementAndGet();
            return unsecured.token();
        };
        try (NettyTransport transport = builder(kafka, Listener.SASL_PLAINTEXT)
                .sasl(SaslConfig.oauthBearer(counting)).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
            assertThat(tokens).hasValue(1);
            long authenticated = System.nanoTime();

            // The broker closes a connection whose 3 s session has expired at its next request (KIP-368); the
            // transport re-authenticates at 85-95% of it, asking the provider for a fresh token.
            await().atMost(Duration.ofSeconds(20)).until(() -> tokens.get() >= 2
                    && System.nanoTime() - authenticated > TimeUnit.SECONDS.toNanos(3));

            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
        }
    }

    @Test
    void anExpiredOAuthBearerTokenIsRefusedWithTheBrokersReason(KafkaCluster kafka) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        long past = System.currentTimeMillis() / 1000 - 3600;
        String expired = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"alice\",\"iat\":" + (past - 60) + ",\"exp\":" + past + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".";
        try (NettyTransport transport = builder(kafka, Listener.SASL_PLAINTEXT).sasl(SaslConfig.oauthBearer(
                () -> new dev.samsa.netty.security.OAuthBearerToken(expired, "alice", past * 1000))).build()) {
            assertThat(failure(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest())))
                    .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("OAUTHBEARER")
                    .hasMessageContaining("127.0.0.1:" + kafka.port(1, Listener.SASL_PLAINTEXT))
                    .hasMessageNotContaining(expired);
        }
    }

    @Test
    void scramOverSaslSslSurvivesReauthentication(KafkaCluster kafka) {
        try (NettyTransport transport = builder(kafka, Listener.SASL_SSL).ssl(trusting(kafka).build())
                .sasl(SaslConfig.scramSha256("alice", "alice-secret")).build()) {
            assertThat(clusterId(transport)).isEqualTo(kafka.clusterId());
            long authenticated = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    System.nanoTime() - authenticated > TimeUnit.SECONDS.toNanos(4)
                            && kafka.clusterId().equals(clusterId(transport)));
        }
    }

    @Test
    void produceAndFetchAQuarterMegabyteBatchOverSaslSsl(KafkaCluster kafka) {
        String topic = "samsa-sasl-ssl-" + UUID.randomUUID();
        try (NettyTransport transport = builder(kafka, Listener.SASL_SSL).ssl(trusting(kafka).build())
                .sasl(SaslConfig.scramSha512("alice", "alice-secret")).build()) {
            Node bootstrap = transport.bootstrapNodes().get(0);
            assertThat(transport.send(bootstrap, new CreateTopicsRequest().setTimeoutMs(30_000).setTopics(List.of(
                    new CreateTopicsRequest.CreatableTopic().setName(topic).setNumPartitions(1)
                            .setReplicationFactor((short) 1)))).join().topics().get(0).errorCode()).isZero();
            MetadataResponse[] metadata = new MetadataResponse[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                metadata[0] = transport.send(bootstrap, new MetadataRequest().setTopics(List.of(
                        new MetadataRequest.MetadataRequestTopic().setName(topic)))).join();
                return metadata[0].topics().get(0).errorCode() == 0
                        && metadata[0].topics().get(0).partitions().get(0).leaderId() >= 0;
            });
            // Brokers advertise the listener the client came in on: the leader's address is the SASL_SSL port.
            MetadataResponse.MetadataResponseBroker broker = metadata[0].brokers().get(0);
            assertThat(broker.port()).isEqualTo(kafka.port(1, Listener.SASL_SSL));
            Node leader = new Node(broker.nodeId(), broker.host(), broker.port());
            UUID topicId = metadata[0].topics().get(0).topicId();

            byte[] value = new byte[256 * 1024];
            new Random(42).nextBytes(value);
            ByteBuf batch;
            try (RecordBatchBuilder builder = new RecordBatchBuilder(
                    PooledByteBufAllocator.DEFAULT, CompressionType.NONE, 1024)) {
                builder.append(System.currentTimeMillis(), "k".getBytes(StandardCharsets.UTF_8),
                        value);
                batch = builder.build();
            }
            ProduceResponse produced = transport.send(leader,
                    new ProduceRequest().setAcks((short) -1).setTimeoutMs(30_000)
                            .setTopicData(List.of(new ProduceRequest.TopicProduceData().setName(topic).setTopicId(topicId).setPartitionData(List.of(
                                            new ProduceRequest.PartitionProduceData().setIndex(0).setRecords(batch))))))
                    .join();
            batch.release();
            assertThat(produced.responses().get(0).partitionResponses().get(0).errorCode()).isZero();

            FetchResponse fetched = transport.send(leader,
                    new FetchRequest().setMaxWaitMs(500).setMinBytes(1)
                            .setMaxBytes(1 << 20).setSessionEpoch(-1).setTopics(List.of(
                                    new FetchRequest.FetchTopic().setTopic(topic)
                                            .setTopicId(topicId).setPartitions(List.of(
                                                    new FetchRequest.FetchPartition().setPartition(0).setFetchOffset(0)
                                                            .setPartitionMaxBytes(1 << 20)))))).join();
            ByteBuf records = fetched.responses().get(0).partitions().get(0).records();
            try {
                RecordBatch back = RecordBatches.of(records).next();
                back.ensureValid();
                try (RecordIterator it = back.iterator()) {
                    assertThat(it.next().valueBytes()).isEqualTo(value);
                }
            } finally {
                records.release();
            }
        }
    }

    @Test
    void certificatesAreMadeAtTestTime(KafkaCluster kafka) {
        assertThat(Files.exists(kafka.certificates().truststore("PEM"))).isTrue();
        assertThat(kafka.certificates().directory()).startsWith(kafka.directory());
    }
}
