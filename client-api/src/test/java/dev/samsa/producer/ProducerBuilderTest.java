package dev.samsa.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.PartitionInfo;
import dev.samsa.errors.ConfigException;
import dev.samsa.internal.producer.ProducerSettings;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.serde.Serializers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerBuilderTest {
    private final FakeTransport transport = new FakeTransport();

    private ProducerBuilder<String, String> builder() {
        return Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport);
    }

    /** A custom partitioner with a public no-arg constructor, for partitioner.class. */
    public static final class FirstPartition implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                List<PartitionInfo> partitions) {
            return 0;
        }
    }

    @Test
    void defaultsAreKafkas() {
        ProducerSettings s = builder().settings();
        // The official client's own defaults, read from its ConfigDef (test-scope oracle).
        Map<String, Object> kafka = ProducerConfig.configDef().defaultValues();
        assertThat(s.acks().configValue()).isEqualTo(kafka.get("acks"));
        assertThat(s.lingerMs()).isEqualTo(kafka.get("linger.ms"));
        assertThat(s.batchSize()).isEqualTo(kafka.get("batch.size"));
        assertThat(s.bufferMemory()).isEqualTo(kafka.get("buffer.memory"));
        assertThat(s.compression().configName()).isEqualTo(kafka.get("compression.type"));
        assertThat(s.idempotence()).isEqualTo(kafka.get("enable.idempotence"));
        assertThat(s.deliveryTimeoutMs()).isEqualTo(((Integer) kafka.get("delivery.timeout.ms")).longValue());
        assertThat(s.requestTimeoutMs()).isEqualTo(((Integer) kafka.get("request.timeout.ms")).longValue());
        assertThat(s.retries()).isEqualTo(kafka.get("retries"));
        assertThat(s.retryBackoffMs()).isEqualTo(kafka.get("retry.backoff.ms"));
        assertThat(s.retryBackoffMaxMs()).isEqualTo(kafka.get("retry.backoff.max.ms"));
        assertThat(s.maxInFlight()).isEqualTo(kafka.get("max.in.flight.requests.per.connection"));
        assertThat(s.maxRequestSize()).isEqualTo(kafka.get("max.request.size"));
        assertThat(s.maxBlockMs()).isEqualTo(kafka.get("max.block.ms"));
        assertThat(s.metadataMaxAgeMs()).isEqualTo(kafka.get("metadata.max.age.ms"));
        assertThat(s.metadataMaxIdleMs()).isEqualTo(kafka.get("metadata.max.idle.ms"));
        assertThat(s.partitionerIgnoreKeys()).isEqualTo(kafka.get("partitioner.ignore.keys"));
        assertThat(s.partitionerAdaptive()).isEqualTo(kafka.get("partitioner.adaptive.partitioning.enable"));
        assertThat(s.partitionerAvailabilityTimeoutMs()).isEqualTo(kafka.get("partitioner.availability.timeout.ms"));
    }

    @Test
    void settersValidateAtOnceNamingTheKey() {
        assertThatThrownBy(() -> builder().linger(Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("linger.ms"))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> builder().batchSize(-1)).hasMessageContaining("batch.size");
        assertThatThrownBy(() -> builder().bufferMemory(-5)).hasMessageContaining("buffer.memory");
        assertThatThrownBy(() -> builder().retries(-1)).hasMessageContaining("'retries'");
        assertThatThrownBy(() -> builder().maxInFlightRequestsPerConnection(0))
                .hasMessageContaining("max.in.flight.requests.per.connection").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> builder().deliveryTimeout(Duration.ofDays(30)))
                .hasMessageContaining("delivery.timeout.ms");
        assertThatThrownBy(() -> builder().metadataMaxIdle(Duration.ofSeconds(1)))
                .hasMessageContaining("metadata.max.idle.ms").hasMessageContaining(">= 5000");
        assertThatThrownBy(() -> builder().compression(CompressionType.ZSTD, 99))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("compression.zstd.level"))
                .hasMessageContaining("-131072..22");
        assertThatThrownBy(() -> builder().compression(CompressionType.SNAPPY, 3))
                .hasMessageContaining("compression.type");
        assertThatThrownBy(() -> builder().partitionerAvailabilityTimeout(Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("partitioner.availability.timeout.ms"))
                .hasMessageContaining(">= 0");
    }

    @Test
    void buildRequiresATransport() {
        assertThatThrownBy(() -> Producer.builder(Serializers.forString(), Serializers.forString()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("transport");
    }

    @Test
    void typedSettersReachTheSettings() {
        Partitioner p = (topic, key, keyBytes, value, valueBytes, partitions) -> 0;
        ProducerSettings s = builder().acks(Acks.ALL).linger(Duration.ofMillis(20)).batchSize(1000)
                .bufferMemory(1 << 20).compression(CompressionType.GZIP, 9).enableIdempotence(true)
                .deliveryTimeout(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(10)).retries(7)
                .retryBackoff(Duration.ofMillis(50)).retryBackoffMax(Duration.ofMillis(500))
                .maxInFlightRequestsPerConnection(3).maxRequestSize(5000).maxBlock(Duration.ofSeconds(2))
                .clientId("c1").metadataMaxAge(Duration.ofSeconds(30)).metadataMaxIdle(Duration.ofSeconds(60))
                .partitionerIgnoreKeys(true).partitionerAdaptivePartitioning(false)
                .partitionerAvailabilityTimeout(Duration.ofMillis(250)).partitioner(p).settings();
        assertThat(s).isEqualTo(new ProducerSettings(Acks.ALL, 20, 1000, 1 << 20, CompressionType.GZIP, 9, true,
                60_000, 10_000, 7, 50, 500, 3, 5000, 2000, "c1", 30_000, 60_000, true, false, 250, p));
    }

    @Test
    void kafkaKeysMapOntoTheSameSettings() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", "localhost:9092,127.0.0.1:9093");
        props.setProperty("acks", "1");
        props.setProperty("linger.ms", "15");
        props.setProperty("batch.size", "32768");
        props.setProperty("buffer.memory", "1048576");
        props.setProperty("compression.type", "lz4");
        props.setProperty("compression.lz4.level", "12");
        props.setProperty("delivery.timeout.ms", "90000");
        props.setProperty("request.timeout.ms", "20000");
        props.setProperty("retries", "3");
        props.setProperty("retry.backoff.ms", "10");
        props.setProperty("retry.backoff.max.ms", "200");
        props.setProperty("max.in.flight.requests.per.connection", "1");
        props.setProperty("max.request.size", "2097152");
        props.setProperty("max.block.ms", "1000");
        props.setProperty("client.id", "app");
        props.setProperty("metadata.max.age.ms", "1000");
        props.setProperty("metadata.max.idle.ms", "10000");
        props.setProperty("partitioner.ignore.keys", "true");
        props.setProperty("partitioner.adaptive.partitioning.enable", "false");
        props.setProperty("partitioner.availability.timeout.ms", "300");
        props.setProperty("partitioner.class", FirstPartition.class.getName());
        props.setProperty("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.setProperty("ssl.truststore.location", "/dev/null");
        ProducerSettings s = builder().config(props).settings();
        assertThat(s.acks()).isEqualTo(Acks.LEADER);
        assertThat(s.idempotence()).as("acks=1 turns the default idempotence off").isFalse();
        assertThat(s.lingerMs()).isEqualTo(15);
        assertThat(s.batchSize()).isEqualTo(32768);
        assertThat(s.bufferMemory()).isEqualTo(1048576);
        assertThat(s.compression()).isEqualTo(CompressionType.LZ4);
        assertThat(s.compressionLevel()).isEqualTo(12);
        assertThat(s.deliveryTimeoutMs()).isEqualTo(90_000);
        assertThat(s.requestTimeoutMs()).isEqualTo(20_000);
        assertThat(s.retries()).isEqualTo(3);
        assertThat(s.retryBackoffMs()).isEqualTo(10);
        assertThat(s.retryBackoffMaxMs()).isEqualTo(200);
        assertThat(s.maxInFlight()).isEqualTo(1);
        assertThat(s.maxRequestSize()).isEqualTo(2097152);
        assertThat(s.maxBlockMs()).isEqualTo(1000);
        assertThat(s.clientId()).isEqualTo("app");
        assertThat(s.metadataMaxAgeMs()).isEqualTo(1000);
        assertThat(s.metadataMaxIdleMs()).isEqualTo(10_000);
        assertThat(s.partitionerIgnoreKeys()).isTrue();
        assertThat(s.partitionerAdaptive()).isFalse();
        assertThat(s.partitionerAvailabilityTimeoutMs()).isEqualTo(300);
        assertThat(s.partitioner()).isInstanceOf(FirstPartition.class);
    }

    @Test
    void mapValuesMayBeTyped() {
        Map<String, Object> config = new HashMap<>();
        config.put("acks", "all");
        config.put("linger.ms", 7);
        config.put("enable.idempotence", true);
        config.put("compression.type", "ZSTD");
        config.put("compression.zstd.level", -5);
        ProducerSettings s = builder().config(config).settings();
        assertThat(s.lingerMs()).isEqualTo(7);
        assertThat(s.idempotence()).isTrue();
        assertThat(s.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(s.compressionLevel()).isEqualTo(-5);
    }

    @Test
    void unknownKeysAndBadValuesFailNamingKeyAndAcceptedValues() {
        assertThatThrownBy(() -> builder().config(Map.of("lingr.ms", "5")).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("lingr.ms"))
                .hasMessageContaining("unknown");
        assertThatThrownBy(() -> builder().config(Map.of("acks", "2")).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("acks");
                    assertThat(e.value()).isEqualTo("2");
                })
                .hasMessageContaining("0, 1, all, -1");
        assertThatThrownBy(() -> builder().config(Map.of("compression.type", "brotli")).build())
                .hasMessageContaining("compression.type").hasMessageContaining("none, gzip, snappy, lz4, zstd");
        assertThatThrownBy(() -> builder().config(Map.of("linger.ms", "soon")).build())
                .hasMessageContaining("linger.ms").hasMessageContaining("whole number");
        assertThatThrownBy(() -> builder().config(Map.of("enable.idempotence", "yes")).build())
                .hasMessageContaining("enable.idempotence").hasMessageContaining("true or false");
        assertThatThrownBy(() -> builder().config(Map.of("bootstrap.servers", "localhost")).build())
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder().config(Map.of("transactional.id", "tx")).build())
                .hasMessageContaining("transactional.id");
        assertThatThrownBy(() -> builder().config(Map.of("partitioner.class", "no.such.Partitioner")).build())
                .hasMessageContaining("partitioner.class");
        assertThatThrownBy(() -> builder().config(Map.of("partitioner.availability.timeout.ms", "-5")).build())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("partitioner.availability.timeout.ms"))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> builder().config(Map.of("partitioner.availability.timeout.ms", "soon")).build())
                .hasMessageContaining("partitioner.availability.timeout.ms").hasMessageContaining("whole number");
        assertThatThrownBy(() -> builder().config(Map.of("partitioner.adaptive.partitioning.enable", "maybe"))
                .build()).isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("partitioner.adaptive.partitioning.enable"))
                .hasMessageContaining("true or false");
    }

    @Test
    void explicitIdempotenceRejectsConflictingSettings() {
        assertThatThrownBy(() -> builder().enableIdempotence(true).acks(Acks.LEADER).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("acks"));
        assertThatThrownBy(() -> builder().enableIdempotence(true).maxInFlightRequestsPerConnection(6).build())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("max.in.flight.requests.per.connection"))
                .hasMessageContaining("<= 5");
        assertThatThrownBy(() -> builder().enableIdempotence(true).retries(0).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("retries"));
    }

    @Test
    void defaultIdempotenceYieldsToConflictingSettings() {
        assertThat(builder().settings().idempotence()).isTrue();
        assertThat(builder().acks(Acks.NONE).settings().idempotence()).isFalse();
        assertThat(builder().maxInFlightRequestsPerConnection(10).settings().idempotence()).isFalse();
        assertThat(builder().retries(0).settings().idempotence()).isFalse();
        assertThat(builder().enableIdempotence(false).settings().idempotence()).isFalse();
    }

    @Test
    void deliveryTimeoutMustCoverLingerPlusRequestTimeout() {
        assertThatThrownBy(() -> builder().linger(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(30))
                .deliveryTimeout(Duration.ofSeconds(39)).build())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("delivery.timeout.ms"))
                .hasMessageContaining("linger.ms + request.timeout.ms");
        // Left unset, it is raised to the sum, as Kafka does.
        ProducerSettings s = builder().linger(Duration.ofSeconds(100)).requestTimeout(Duration.ofSeconds(30))
                .settings();
        assertThat(s.deliveryTimeoutMs()).isEqualTo(130_000);
    }

    @Test
    void retryBackoffMaxBelowBaseMeansConstantBackoff() {
        ProducerSettings s = builder().retryBackoff(Duration.ofMillis(500)).retryBackoffMax(Duration.ofMillis(100))
                .settings();
        assertThat(s.retryBackoffMaxMs()).isEqualTo(500);
    }
}
