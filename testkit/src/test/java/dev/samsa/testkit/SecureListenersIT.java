package dev.samsa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * The secured listeners, checked with the official client: each answers a DescribeCluster with the right credentials
 * and refuses the wrong ones. One shared cluster holds every listener.
 */
@RealKafka(listeners = {KafkaCluster.Listener.SSL, KafkaCluster.Listener.SSL_CLIENT_AUTH,
        KafkaCluster.Listener.SSL_WRONG_HOST, KafkaCluster.Listener.SASL_PLAINTEXT, KafkaCluster.Listener.SASL_SSL},
        saslUsers = "alice:alice-secret")
class SecureListenersIT {

    private static Map<String, Object> base(KafkaCluster kafka, KafkaCluster.Listener listener) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(listener));
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, listener.securityProtocol());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        if (listener.securityProtocol().endsWith("SSL")) {
            TestCertificates tls = kafka.certificates();
            config.put("ssl.truststore.location", tls.truststore("PKCS12").toString());
            config.put("ssl.truststore.type", "PKCS12");
            config.put("ssl.truststore.password", tls.password());
        }
        return config;
    }

    private static String clusterId(Map<String, Object> config) throws Exception {
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void tlsWithServerAuthentication(KafkaCluster kafka) throws Exception {
        assertThat(clusterId(base(kafka, KafkaCluster.Listener.SSL))).isEqualTo(kafka.clusterId());
    }

    @Test
    void mutualTlsNeedsTheClientCertificate(KafkaCluster kafka) throws Exception {
        Map<String, Object> config = base(kafka, KafkaCluster.Listener.SSL_CLIENT_AUTH);
        config.put("ssl.keystore.location", kafka.certificates().clientKeystore("JKS").toString());
        config.put("ssl.keystore.password", kafka.certificates().password());
        assertThat(clusterId(config)).isEqualTo(kafka.clusterId());

        assertThatThrownBy(() -> clusterId(base(kafka, KafkaCluster.Listener.SSL_CLIENT_AUTH)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void wrongHostCertificateFailsHostNameVerification(KafkaCluster kafka) throws Exception {
        assertThatThrownBy(() -> clusterId(base(kafka, KafkaCluster.Listener.SSL_WRONG_HOST)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        Map<String, Object> unchecked = base(kafka, KafkaCluster.Listener.SSL_WRONG_HOST);
        unchecked.put("ssl.endpoint.identification.algorithm", "");
        assertThat(clusterId(unchecked)).isEqualTo(kafka.clusterId());
    }

    @Test
    void saslScramAndPlainUsers(KafkaCluster kafka) throws Exception {
        for (String mechanism : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"}) {
            for (KafkaCluster.Listener listener : new KafkaCluster.Listener[] {KafkaCluster.Listener.SASL_PLAINTEXT,
                KafkaCluster.Listener.SASL_SSL}) {
                Map<String, Object> config = base(kafka, listener);
                config.put("sasl.mechanism", mechanism);
                String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                        : "org.apache.kafka.common.security.scram.ScramLoginModule";
                config.put("sasl.jaas.config", module + " required username=\"alice\" password=\"alice-secret\";");
                assertThat(clusterId(config)).as(mechanism + " on " + listener).isEqualTo(kafka.clusterId());
            }
        }
        Map<String, Object> wrong = base(kafka, KafkaCluster.Listener.SASL_PLAINTEXT);
        wrong.put("sasl.mechanism", "SCRAM-SHA-256");
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"alice\" password=\"wrong\";");
        assertThatThrownBy(() -> clusterId(wrong)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void saslOAuthBearerWithUnsecuredTokens(KafkaCluster kafka) throws Exception {
        Map<String, Object> config = base(kafka, KafkaCluster.Listener.SASL_PLAINTEXT);
        config.put("sasl.mechanism", "OAUTHBEARER");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " unsecuredLoginStringClaim_sub=\"alice\";");
        assertThat(clusterId(config)).isEqualTo(kafka.clusterId());
    }
}
