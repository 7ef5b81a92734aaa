package dev.samsa.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.errors.ConfigException;
import dev.samsa.internal.admin.AdminSettings;
import dev.samsa.internal.testing.FakeTransport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class AdminBuilderTest {
    private final FakeTransport transport = new FakeTransport();

    private AdminBuilder builder() {
        return Admin.builder().transport(transport);
    }

    @Test
    void defaultsAreKafkas() {
        AdminSettings s = builder().settings();
        // The official admin client's own defaults, read from its ConfigDef (test-scope oracle).
        Map<String, Object> kafka = AdminClientConfig.configDef().defaultValues();
        assertThat(s.requestTimeoutMs()).isEqualTo(((Number) kafka.get("request.timeout.ms")).longValue());
        assertThat(s.defaultApiTimeoutMs()).isEqualTo(((Number) kafka.get("default.api.timeout.ms")).longValue());
        assertThat(s.retries()).isEqualTo(((Number) kafka.get("retries")).intValue());
        assertThat(s.retryBackoffMs()).isEqualTo(((Number) kafka.get("retry.backoff.ms")).longValue());
        assertThat(s.retryBackoffMaxMs()).isEqualTo(((Number) kafka.get("retry.backoff.max.ms")).longValue());
        assertThat(s.metadataMaxAgeMs()).isEqualTo(((Number) kafka.get("metadata.max.age.ms")).longValue());
        assertThat(s.clientId()).startsWith("samsa-admin-");
    }

    @Test
    void everyKafkaAdminConfigKeyIsAcceptedWithItsDefault() {
        Map<String, Object> defaults = AdminClientConfig.configDef().defaultValues();
        for (String key : AdminClientConfig.configNames()) {
            Object value = key.equals("bootstrap.servers") ? "localhost:9092" : defaults.get(key);
            if (value instanceof Number || value instanceof Boolean) {
                value = String.valueOf(value); // as a properties file would give it
            }
            Map<String, Object> one = new HashMap<>();
            one.put(key, value);
            builder().config(one).settings();
        }
    }

    @Test
    void stringKeysMapOntoTheTypedSettings() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "localhost:9092,127.0.0.1:9093");
        p.setProperty("client.id", "ops");
        p.setProperty("request.timeout.ms", "5000");
        p.setProperty("default.api.timeout.ms", "15000");
        p.setProperty("retries", "3");
        p.setProperty("retry.backoff.ms", "50");
        p.setProperty("retry.backoff.max.ms", "500");
        p.setProperty("metadata.max.age.ms", "1000");
        p.setProperty("ssl.truststore.location", "/nowhere");
        AdminSettings s = builder().config(p).settings();
        assertThat(s).isEqualTo(new AdminSettings("ops", 5000, 15000, 3, 50, 500, 1000));
    }

    @Test
    void typedSettersMatchTheKeys() {
        AdminSettings s = builder().clientId("ops").requestTimeout(Duration.ofSeconds(5))
                .defaultApiTimeout(Duration.ofSeconds(15)).retries(3).retryBackoff(Duration.ofMillis(50))
                .retryBackoffMax(Duration.ofMillis(20)).metadataMaxAge(Duration.ofSeconds(1)).settings();
        // retry.backoff.max.ms below retry.backoff.ms makes the backoff constant, as in Kafka.
        assertThat(s).isEqualTo(new AdminSettings("ops", 5000, 15000, 3, 50, 50, 1000));
    }

    @Test
    void anUnknownKeyIsRejectedNamingIt() {
        assertThatThrownBy(() -> builder().config(Map.of("request.timeout", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'request.timeout'")
                .hasMessageContaining("default.api.timeout.ms")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("request.timeout"));
    }

    @Test
    void badValuesAreRejectedNamingTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> builder().config(Map.of("retries", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retries'")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> builder().config(Map.of("retries", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retries'").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> builder().config(Map.of("request.timeout.ms", "3000000000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'request.timeout.ms'")
                .hasMessageContaining("int range");
        assertThatThrownBy(() -> builder().config(Map.of("bootstrap.servers", "localhost")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'bootstrap.servers'")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder().config(Map.of("bootstrap.controllers", List.of("localhost:9093"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'bootstrap.controllers'");
        assertThatThrownBy(() -> builder().retryBackoff(Duration.ofMillis(-1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retry.backoff.ms'");
    }

    @Test
    void defaultApiTimeoutBelowRequestTimeoutFailsWhenSetAndIsRaisedWhenNot() {
        assertThatThrownBy(() -> builder().requestTimeout(Duration.ofSeconds(30))
                .defaultApiTimeout(Duration.ofSeconds(10)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'default.api.timeout.ms'")
                .hasMessageContaining(">= request.timeout.ms = 30000");
        assertThat(builder().requestTimeout(Duration.ofMinutes(2)).settings().defaultApiTimeoutMs())
                .isEqualTo(120_000);
    }

    @Test
    void buildWithoutATransportFails() {
        assertThatThrownBy(() -> Admin.builder().build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport");
    }

    @Test
    void newTopicChecksItsShape() {
        assertThatThrownBy(() -> NewTopic.of("orders", 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders");
        assertThatThrownBy(() -> new NewTopic("orders", 3, (short) 1, List.of(List.of(1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("assignment");
        NewTopic t = NewTopic.withAssignment("orders", List.of(List.of(1, 2), List.of(2, 1)))
                .config("cleanup.policy", "compact");
        assertThat(t.partitions()).isEqualTo(-1);
        assertThat(t.configs()).containsEntry("cleanup.policy", "compact");
    }
}
