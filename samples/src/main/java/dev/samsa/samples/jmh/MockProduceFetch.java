package dev.samsa.samples.jmh;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.mock.MockCluster;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Produce and fetch through the in-process mock broker, the unit-testing path: Samsa's real producer and consumer
 * (partitioner, accumulator, batch codec, fetcher) against {@link MockCluster#transport()}, which stores batches as
 * bytes and serves them back, next to the official client's nearest equivalent, {@link MockProducer} /
 * {@link MockConsumer}, which keep records as objects and skip batching and the codec (so they do less work: the
 * figure shows what the mock's realism costs). Scores are records per second (1,000 records per produce operation,
 * 10,000 per fetch operation, 100-byte values).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class MockProduceFetch {
    private static final int PRODUCE_BATCH = 1_000;
    private static final int FETCH_BATCH = 10_000;
    private static final int FILLED = 100_000;

    private final byte[] value = new byte[100];
    private MockCluster produceCluster;
    private Producer<byte[], byte[]> samsaProducer;
    private MockProducer<byte[], byte[]> kafkaProducer;
    private MockCluster fetchCluster;
    private Consumer<byte[], byte[]> samsaConsumer;
    private MockConsumer<byte[], byte[]> kafkaConsumer;
    private final TopicPartition tp = new TopicPartition("filled", 0);
    private final org.apache.kafka.common.TopicPartition kafkaTp = new org.apache.kafka.common.TopicPartition("t", 0);
    private long kafkaOffset;

    /** A fresh cluster per iteration, so the stored log does not grow for the whole run. */
    @Setup(Level.Iteration)
    public void setUpProduce() {
        produceCluster = MockCluster.builder().topic("t", 3).build();
        samsaProducer = Producer.builder(Serializers.forByteArray(), Serializers.forByteArray())
                .transport(produceCluster.transport()).config(Map.of("acks", "1", "linger.ms", "5")).build();
        kafkaProducer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Closes the iteration's producer and cluster. */
    @TearDown(Level.Iteration)
    public void tearDownProduce() {
        samsaProducer.close();
        produceCluster.close();
    }

    /** Fills a one-partition topic and assigns both consumers. */
    @Setup(Level.Trial)
    public void setUpFetch() {
        fetchCluster = MockCluster.builder().topic("filled", 1).build();
        try (Producer<byte[], byte[]> p = Producer.builder(Serializers.forByteArray(), Serializers.forByteArray())
                .transport(fetchCluster.transport()).config(Map.of("linger.ms", "5")).build()) {
            for (int i = 0; i < FILLED; i++) {
                p.send(new ProducerRecord<>("filled", value));
            }
        }
        samsaConsumer = Consumer.builder(Deserializers.forByteArray(), Deserializers.forByteArray())
                .transport(fetchCluster.transport()).config(Map.of("check.crcs", "true")).build();
        samsaConsumer.assign(List.of(tp));
        samsaConsumer.seek(tp, 0);
        kafkaConsumer = new MockConsumer<>("earliest");
        kafkaConsumer.assign(List.of(kafkaTp));
        kafkaConsumer.updateBeginningOffsets(Map.of(kafkaTp, 0L));
    }

    /** Closes the consumer and its cluster. */
    @TearDown(Level.Trial)
    public void tearDownFetch() {
        samsaConsumer.close();
        fetchCluster.close();
    }

    /** Samsa's producer: 1,000 sends and a flush through the in-process mock. */
    @Benchmark
    @OperationsPerInvocation(PRODUCE_BATCH)
    public void produceSamsa() {
        for (int i = 0; i < PRODUCE_BATCH; i++) {
            samsaProducer.send(new ProducerRecord<>("t", value));
        }
        samsaProducer.flush();
    }

    /** The official {@code MockProducer}: 1,000 sends, flush, clear. */
    @Benchmark
    @OperationsPerInvocation(PRODUCE_BATCH)
    public void produceKafkaMockProducer() {
        for (int i = 0; i < PRODUCE_BATCH; i++) {
            kafkaProducer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("t", value));
        }
        kafkaProducer.flush();
        kafkaProducer.clear();
    }

    /** Samsa's consumer: polls until 10,000 records came back from the mock's stored batches. */
    @Benchmark
    @OperationsPerInvocation(FETCH_BATCH)
    public void fetchSamsa(Blackhole bh) {
        int read = 0;
        while (read < FETCH_BATCH) {
            for (ConsumerRecord<byte[], byte[]> r : samsaConsumer.poll(Duration.ofMillis(100))) {
                bh.consume(r.value());
                read++;
            }
            if (samsaConsumer.position(tp) >= FILLED) {
                samsaConsumer.seek(tp, 0);
            }
        }
    }

    /** The official {@code MockConsumer}: 10,000 records added, then polled. */
    @Benchmark
    @OperationsPerInvocation(FETCH_BATCH)
    public void fetchKafkaMockConsumer(Blackhole bh) {
        for (int i = 0; i < FETCH_BATCH; i++) {
            kafkaConsumer.addRecord(new org.apache.kafka.clients.consumer.ConsumerRecord<>("t", 0, kafkaOffset++,
                    null, value));
        }
        int read = 0;
        while (read < FETCH_BATCH) {
            for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r
                    : kafkaConsumer.poll(Duration.ZERO)) {
                bh.consume(r.value());
                read++;
            }
        }
    }
}
