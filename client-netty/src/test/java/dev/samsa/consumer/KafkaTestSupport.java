package dev.samsa.consumer;

import dev.samsa.netty.NettyTransport;
import dev.samsa.serde.Deserializers;
import dev.samsa.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test data through the official client (the oracle), and Samsa consumers on their own transports. */
final class KafkaTestSupport {
    private KafkaTestSupport() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void createTopic(KafkaCluster kafka, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("creating topic " + topic, e);
        }
    }

    static KafkaProducer<String, String> producer(KafkaCluster kafka, String compression) {
        return producer(kafka, compression, Map.of());
    }

    static KafkaProducer<String, String> producer(KafkaCluster kafka, String compression, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Right after CreateTopics the broker may answer NOT_LEADER_OR_FOLLOWER once; an idempotent producer then
        // trips over OUT_OF_ORDER_SEQUENCE_NUMBER on a fresh log. One request in flight keeps order without it.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Produces {@code perPartition} records to each partition: key {@code k<p>-<i>}, value {@code v<p>-<i>}. */
    static List<RecordMetadata> produce(KafkaCluster kafka, String topic, int partitions, int perPartition,
            String compression) {
        return produce(kafka, topic, partitions, 0, perPartition, compression);
    }

    /** As {@link #produce(KafkaCluster, String, int, int, String)}, with {@code i} from {@code first}. */
    static List<RecordMetadata> produce(KafkaCluster kafka, String topic, int partitions, int first, int perPartition,
            String compression) {
        List<RecordMetadata> out = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(kafka, compression)) {
            List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = first; i < first + perPartition; i++) {
                for (int p = 0; p < partitions; p++) {
                    futures.add(producer.send(new ProducerRecord<>(topic, p, "k" + p + "-" + i, "v" + p + "-" + i)));
                }
            }
            for (var f : futures) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic, e);
        }
        return out;
    }

    static NettyTransport transport(KafkaCluster kafka) {
        return NettyTransport.builder().bootstrapServers(kafka.bootstrapServers()).build();
    }

    static Consumer<String, String> consumer(NettyTransport transport,
            UnaryOperator<ConsumerBuilder<String, String>> customize) {
        return customize.apply(Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(transport).autoOffsetReset(AutoOffsetReset.EARLIEST)
                .fetchMaxWait(Duration.ofMillis(100))).build();
    }

    /** Group members that notice rebalances quickly; the broker's minimum session timeout is 6 s. */
    static ConsumerBuilder<String, String> fastGroup(ConsumerBuilder<String, String> b, String group) {
        return b.groupId(group).sessionTimeout(Duration.ofSeconds(6)).heartbeatInterval(Duration.ofMillis(300))
                .maxPollInterval(Duration.ofSeconds(20));
    }
}
