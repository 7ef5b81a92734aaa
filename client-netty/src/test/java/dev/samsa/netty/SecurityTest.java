package dev.samsa.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.samsa.errors.ConfigException;
import dev.samsa.errors.SaslAuthenticationException;
import dev.samsa.errors.UnsupportedSaslMechanismException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.SaslAuthenticateRequest;
import dev.samsa.internal.protocol.message.SaslAuthenticateResponse;
import dev.samsa.internal.protocol.message.SaslHandshakeRequest;
import dev.samsa.internal.protocol.message.SaslHandshakeResponse;
import dev.samsa.netty.security.OAuthBearerToken;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.netty.security.SecurityProtocol;
import dev.samsa.netty.security.SslConfig;
import dev.samsa.transport.RequestTimeoutException;
import dev.samsa.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport's security without a real broker: the SASL exchange against a scripted broker (PLAIN credentials on
 * the wire, refused credentials failing everything once with no reconnect storm, unknown mechanisms, silent brokers
 * during the handshake), config validation and secret masking.
 */
class SecurityTest {
    private FakeBroker broker;
    private NettyTransport transport;

    @BeforeEach
    void setUp() throws Exception {
        broker = new FakeBroker();
    }

    @AfterEach
    void tearDown() {
        if (transport != null) {
            transport.close();
        }
        broker.close();
    }

    private NettyTransport.Builder saslBuilder(SaslConfig sasl) {
        return NettyTransport.builder().bootstrapServers(broker.bootstrap())
                .securityProtocol(SecurityProtocol.SASL_PLAINTEXT).sasl(sasl);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    /** A broker that enables PLAIN for alice/secret and answers Metadata once authenticated. */
    private void plainBroker() {
        broker.handler = r -> {
            if (r.apiKey() == ApiKey.SASL_HANDSHAKE.id()) {
                SaslHandshakeRequest request = SaslHandshakeRequest.read(r.body(), r.version());
                broker.reply(r, new SaslHandshakeResponse().setMechanisms(List.of("PLAIN", "SCRAM-SHA-512"))
                        .setErrorCode((short) (request.mechanism().equals("PLAIN") ? 0 : 33)));
            } else if (r.apiKey() == ApiKey.SASL_AUTHENTICATE.id()) {
                SaslAuthenticateRequest request = SaslAuthenticateRequest.read(r.body(), r.version());
                boolean ok = new String(request.authBytes(), StandardCharsets.UTF_8).equals("\0alice\0secret");
                broker.reply(r, ok ? new SaslAuthenticateResponse().setSessionLifetimeMs(0)
                        : new SaslAuthenticateResponse().setErrorCode((short) 58)
                                .setErrorMessage("Authentication failed: Invalid username or password"));
            } else {
                broker.reply(r, new MetadataResponse().setClusterId("secured"));
            }
        };
    }

    @Test
    void plainSendsTheCredentialsAfterApiVersionsAndThenServesRequests() {
        plainBroker();
        transport = saslBuilder(SaslConfig.plain("alice", "secret")).build();

        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("secured");

        assertThat(broker.received).extracting(FakeBroker.Request::apiKey).containsExactly(
                ApiKey.API_VERSIONS.id(), ApiKey.SASL_HANDSHAKE.id(), ApiKey.SASL_AUTHENTICATE.id(),
                ApiKey.METADATA.id());
        assertThat(broker.received(ApiKey.SASL_HANDSHAKE).get(0).version()).isEqualTo((short) 1);
    }

    @Test
    void refusedCredentialsFailEveryPendingRequestOnceAndDoNotReconnectDuringTheBackoff() {
        plainBroker();
        transport = saslBuilder(SaslConfig.plain("alice", "wrong-secret"))
                .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)).build();
        List<CompletableFuture<MetadataResponse>> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(transport.send(broker.node(), new MetadataRequest()));
        }

        Throwable error = failure(pending.get(0));
        assertThat(error).isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("PLAIN")
                .hasMessageContaining(broker.bootstrap()).hasMessageContaining("Invalid username or password")
                .hasMessageNotContaining("wrong-secret");
        for (CompletableFuture<MetadataResponse> f : pending) {
            assertThat(failure(f)).isSameAs(error);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(failure(transport.send(broker.node(), new MetadataRequest()))).isSameAs(error);
        }
        assertThat(broker.connections.get()).isEqualTo(1);
        assertThat(broker.received(ApiKey.SASL_AUTHENTICATE)).hasSize(1);
    }

    @Test
    void afterTheBackoffTheNextRequestTriesAgain() {
        plainBroker();
        transport = saslBuilder(SaslConfig.plain("alice", "wrong-secret"))
                .reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(SaslAuthenticationException.class);

        await().untilAsserted(() -> {
            assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                    .isInstanceOf(SaslAuthenticationException.class);
            assertThat(broker.connections.get()).isGreaterThan(1);
        });
    }

    @Test
    void reauthenticatesOnTheSameConnectionOnceInFlightRequestsHaveFinished() {
        List<FakeBroker.Request> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        broker.handler = r -> {
            if (r.apiKey() == ApiKey.SASL_HANDSHAKE.id()) {
                broker.reply(r, new SaslHandshakeResponse().setMechanisms(List.of("PLAIN")));
            } else if (r.apiKey() == ApiKey.SASL_AUTHENTICATE.id()) {
                broker.reply(r, new SaslAuthenticateResponse().setSessionLifetimeMs(1000));
            } else if (broker.received(ApiKey.METADATA).size() == 2) {
                held.add(r); // the second request stays in flight until the session is due for re-authentication
            } else {
                broker.reply(r, new MetadataResponse().setClusterId("m" + broker.received(ApiKey.METADATA).size()));
            }
        };
        transport = saslBuilder(SaslConfig.plain("alice", "secret")).build();
        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("m1");
        long authenticated = System.nanoTime();
        CompletableFuture<MetadataResponse> inFlight = transport.send(broker.node(), new MetadataRequest());
        await().until(() -> held.size() == 1);

        // Past the 1 s session (re-authentication is due at 85-95% of it), a new request waits behind the exchange.
        await().until(() -> System.nanoTime() - authenticated > TimeUnit.MILLISECONDS.toNanos(1500));
        CompletableFuture<MetadataResponse> later = transport.send(broker.node(), new MetadataRequest());
        broker.reply(held.get(0), new MetadataResponse().setClusterId("m2"));

        assertThat(inFlight.join().clusterId()).isEqualTo("m2");
        assertThat(later.orTimeout(10, TimeUnit.SECONDS).join().clusterId()).isEqualTo("m3");
        List<Short> order = broker.received.stream().map(FakeBroker.Request::apiKey).toList();
        assertThat(order.subList(0, 8)).containsExactly(ApiKey.API_VERSIONS.id(), ApiKey.SASL_HANDSHAKE.id(),
                ApiKey.SASL_AUTHENTICATE.id(), ApiKey.METADATA.id(), ApiKey.METADATA.id(),
                ApiKey.SASL_HANDSHAKE.id(), ApiKey.SASL_AUTHENTICATE.id(), ApiKey.METADATA.id());
        assertThat(broker.connections.get()).isEqualTo(1);
    }

    @Test
    void aMechanismTheBrokerLacksFailsNamingWhatItEnables() {
        plainBroker();
        transport = saslBuilder(SaslConfig.scramSha256("alice", "secret")).build();

        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(UnsupportedSaslMechanismException.class).hasMessageContaining("SCRAM-SHA-256")
                .hasMessageContaining("[PLAIN, SCRAM-SHA-512]").hasMessageContaining(broker.bootstrap());
    }

    @Test
    void oauthBearerSendsTheProvidersTokenFromTheLoginThread() {
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        broker.handler = r -> {
            if (r.apiKey() == ApiKey.SASL_HANDSHAKE.id()) {
                broker.reply(r, new SaslHandshakeResponse().setMechanisms(List.of("OAUTHBEARER")));
            } else if (r.apiKey() == ApiKey.SASL_AUTHENTICATE.id()) {
                String message = new String(SaslAuthenticateRequest.read(r.body(), r.version()).authBytes(),
                        StandardCharsets.UTF_8);
                broker.reply(r, message.equals("n,,\u0001auth=Bearer tok.en.\u0001\u0001")
                        ? new SaslAuthenticateResponse() : new SaslAuthenticateResponse().setErrorCode((short) 58));
            } else {
                broker.reply(r, new MetadataResponse().setClusterId("oauth"));
            }
        };
        transport = saslBuilder(SaslConfig.oauthBearer(() -> {
            threads.add(Thread.currentThread().getName());
            return new OAuthBearerToken("tok.en.", "alice", System.currentTimeMillis() + 60_000);
        })).build();

        assertThat(transport.send(broker.node(), new MetadataRequest()).join().clusterId()).isEqualTo("oauth");
        assertThat(threads).singleElement().asString().startsWith("samsa-login");
    }

    @Test
    void aFailingTokenProviderFailsTheRequestsWithAnAuthenticationError() {
        broker.handler = r -> broker.reply(r, new SaslHandshakeResponse().setMechanisms(List.of("OAUTHBEARER")));
        transport = saslBuilder(SaslConfig.oauthBearer(() -> {
            throw new IllegalStateException("identity provider down");
        })).build();

        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(dev.samsa.errors.AuthenticationException.class)
                .hasMessageContaining("identity provider down");
    }

    @Test
    void aBrokerSilentDuringSaslTripsTheRequestTimeout() {
        broker.handler = r -> { }; // never answers SaslHandshake
        transport = saslBuilder(SaslConfig.scramSha512("alice", "secret")).requestTimeout(Duration.ofMillis(300))
                .build();

        assertThat(failure(transport.send(broker.node(), new MetadataRequest())))
                .isInstanceOf(RequestTimeoutException.class).hasMessageContaining("SaslHandshake");
    }

    @Test
    void builderChecksSecuritySettingsTogether() {
        NettyTransport.Builder base = NettyTransport.builder().bootstrapServers("127.0.0.1:9092");
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .securityProtocol(SecurityProtocol.SASL_SSL).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.jaas.config");
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .sasl(SaslConfig.plain("u", "p")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .ssl(SslConfig.defaults()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> base.config(Map.of("security.protocol", "TLS")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol")
                .hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> base.config(Map.of("sasl.mechanism", "GSSAPI")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GSSAPI is not supported");
        assertThatThrownBy(() -> NettyTransport.builder().config(Map.of("bootstrap.servers", "127.0.0.1:9092",
                "security.protocol", "SASL_PLAINTEXT", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=pw;")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.mechanism")
                .hasMessageContaining("GSSAPI");
        assertThatThrownBy(() -> base.config(Map.of("ssl.truststore.type", "JCEKS")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.truststore.type");
        assertThatThrownBy(() -> base.config(Map.of("ssl.enabled.protocols", "TLSv9")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.enabled.protocols");
    }

    @Test
    void unreadableStoresFailAtBuildNamingTheKeyButNotThePassword(@TempDir Path dir) {
        TestCertificates tls = TestCertificates.generate(dir);
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .securityProtocol(SecurityProtocol.SSL)
                .ssl(SslConfig.builder().truststore(dir.resolve("missing.jks"), "pw", "JKS").build()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.truststore.location")
                .hasMessageContaining("missing.jks");
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .securityProtocol(SecurityProtocol.SSL).ssl(SslConfig.builder()
                        .keystore(tls.clientKeystore("PKCS12"), "very-wrong-password", "PKCS12").build()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keystore.location")
                .hasMessageNotContaining("very-wrong-password");
        assertThatThrownBy(() -> NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .securityProtocol(SecurityProtocol.SSL).ssl(SslConfig.builder()
                        .keystore(tls.clientKeystore("PEM"), null, "PEM").keyPassword("very-wrong-password")
                        .build()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keystore.location")
                .hasMessageNotContaining("very-wrong-password");
        assertThatThrownBy(() -> SslConfig.builder().keystore(tls.clientKeystore("PEM"), "pw", "PEM").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keystore.password");
        assertThatThrownBy(() -> SslConfig.builder().keystoreKey(tls.clientPrivateKeyPem()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keystore.certificate.chain")
                .hasMessageNotContaining("PRIVATE KEY");
        assertThatThrownBy(() -> SslConfig.builder().truststoreCertificates(tls.caCertificatePem())
                .truststoreLocation(dir).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.truststore.certificates");

        // Each form of key store loads: an encrypted PKCS#8 PEM key (PBES2) with its password, too.
        for (SslConfig ok : List.of(
                SslConfig.builder().keystore(tls.clientKeystore("JKS"), tls.password(), "JKS").build(),
                SslConfig.builder().keystore(tls.clientKeystore("PEM"), null, "PEM").keyPassword(tls.password())
                        .build(),
                SslConfig.builder().keystorePem(tls.clientCertificateChainPem(), tls.clientEncryptedPrivateKeyPem())
                        .keyPassword(tls.password()).build())) {
            NettyTransport.builder().bootstrapServers("127.0.0.1:9092").securityProtocol(SecurityProtocol.SSL)
                    .ssl(ok).build().close();
        }
    }

    @Test
    void secretsNeverAppearInToString(@TempDir Path dir) {
        TestCertificates tls = TestCertificates.generate(dir);
        SslConfig ssl = SslConfig.builder().truststore(tls.truststore("JKS"), "trust-pw-1", "JKS")
                .keystorePem(tls.clientCertificateChainPem(), tls.clientEncryptedPrivateKeyPem())
                .keyPassword("key-pw-2").build();
        assertThat(ssl.toString()).doesNotContain("trust-pw-1", "key-pw-2", "PRIVATE KEY").contains("[hidden]");
        SaslConfig sasl = SaslConfig.scramSha512("alice", "sasl-pw-3");
        assertThat(sasl.toString()).contains("alice", "SCRAM-SHA-512").doesNotContain("sasl-pw-3");
        assertThatThrownBy(() -> SaslConfig.plain("alice", "")).hasMessageNotContaining("sasl-pw");
        transport = NettyTransport.builder().bootstrapServers("127.0.0.1:9092")
                .securityProtocol(SecurityProtocol.SASL_PLAINTEXT).sasl(sasl).build();
        assertThat(transport.toString()).contains("SASL_PLAINTEXT").doesNotContain("sasl-pw-3");
        assertThatThrownBy(() -> NettyTransport.builder().config(Map.of("sasl.jaas.config",
                "PlainLoginModule required password=\"jaas-pw-4\" username")).bootstrapServers("127.0.0.1:1")
                .securityProtocol(SecurityProtocol.SASL_PLAINTEXT).config(Map.of("sasl.mechanism", "PLAIN")).build())
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("jaas-pw-4");
    }
}
