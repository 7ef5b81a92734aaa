package dev.samsa.samples.perf;

import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.mock.MockCluster;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samsa's producer or consumer against an in-process {@link MockCluster} in
 * {@linkplain MockCluster#clientOnlyBenchmarkMode client-only benchmark mode} (no TCP, no Netty): the loops of
 * {@link ProducerPerf} (a fresh random payload per record, a callback per record, close included in the time) and of
 * {@link ConsumerPerf} (subscribe with a group, poll until {@code --records} arrived), so the figure is the client's
 * own cost plus the mock's small share of acknowledging and copying batches, in the same JVM.
 *
 * <pre>
 * java -cp ... dev.samsa.samples.perf.ClientOnlyPerf --role producer --records 5000000 --record-size 100 \
 *     --props acks=1 linger.ms=5
 * </pre>
 *
 * Prints one line that {@link #parse} reads:
 * {@code # client-only: role=producer records=5000000 ms=4321 records_per_sec=1157139.5}. Not thread-safe.
 */
public final class ClientOnlyPerf {
    /** The prefix of the result line. */
    public static final String PREFIX = "# client-only:";
    private static final Pattern LINE = Pattern.compile("^# client-only: role=(\\S+) records=(\\d+) ms=(\\d+) "
            + "records_per_sec=([0-9.]+)$");
    private static final String TOPIC = "perf";

    private ClientOnlyPerf() {
    }

    /**
     * A result line.
     *
     * @param role {@code producer} or {@code consumer}
     * @param records records sent or read
     * @param millis wall time, ms
     * @param recordsPerSec records over the wall time
     */
    public record Result(String role, long records, long millis, double recordsPerSec) {
    }

    /**
     * Reads a result line.
     *
     * @param line one line of output
     * @return the result, or null if the line is not one
     */
    public static Result parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        return m.matches() ? new Result(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Double.parseDouble(m.group(4))) : null;
    }

    /**
     * Runs one measurement.
     *
     * @param args {@code --role producer|consumer --records N --record-size B --partitions P [--props K=V ...]}
     */
    public static void main(String[] args) {
        String role = "producer";
        long records = 5_000_000;
        int recordSize = 100;
        int partitions = 3;
        Properties props = new Properties();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--role" -> role = args[++i];
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--record-size" -> recordSize = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--props" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        String kv = args[++i];
                        props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                default -> {
                    System.err.println("usage: ClientOnlyPerf --role producer|consumer [--records N] "
                            + "[--record-size B] [--partitions P] [--props K=V ...]");
                    System.exit(1);
                }
            }
        }
        try (MockCluster cluster = MockCluster.builder().topic(TOPIC, partitions).build()
                .clientOnlyBenchmarkMode(recordSize, Math.max(1, 16_000 / (recordSize + 8)))) {
            Result r = role.equals("consumer") ? consume(cluster, records, props)
                    : produce(cluster, records, recordSize, props);
            print(System.out, r);
        }
    }

    private static void print(PrintStream out, Result r) {
        out.println(String.format(Locale.ROOT, "%s role=%s records=%d ms=%d records_per_sec=%.1f", PREFIX, r.role(),
                r.records(), r.millis(), r.recordsPerSec()));
        out.flush();
    }

    static Result produce(MockCluster cluster, long records, int recordSize, Properties props) {
        Transport transport = cluster.transport("perf-producer-client");
        AtomicLong failed = new AtomicLong();
        SplittableRandom random = new SplittableRandom(0);
        byte[] payload = new byte[recordSize];
        long start = System.nanoTime();
        try (Producer<byte[], byte[]> producer = Producer.builder(Serializers.forByteArray(),
                Serializers.forByteArray()).transport(transport).config(props).build()) {
            for (long i = 0; i < records; i++) {
                ProducerPerf.nextPayload(List.of(), true, payload, random, i); // as producer-perf, same cost
                producer.send(new ProducerRecord<>(TOPIC, payload), (metadata, exception) -> {
                    if (exception != null) {
                        failed.incrementAndGet();
                    }
                });
            }
        }
        long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records failed");
        }
        return new Result("producer", records, ms, records * 1000.0 / ms);
    }

    static Result consume(MockCluster cluster, long records, Properties props) {
        Transport transport = cluster.transport("perf-consumer-client");
        props.putIfAbsent("group.id", "client-only-" + System.nanoTime());
        props.putIfAbsent("auto.offset.reset", "earliest");
        props.putIfAbsent("check.crcs", "false");
        long read = 0;
        long bytes = 0;
        long start = System.nanoTime();
        try (Consumer<byte[], byte[]> consumer = Consumer.builder(Deserializers.forByteArray(),
                Deserializers.forByteArray()).transport(transport).config(props).build()) {
            consumer.subscribe(List.of(TOPIC));
            while (read < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    read++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
            }
        }
        long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        if (bytes < 0) {
            throw new IllegalStateException("unreachable");
        }
        return new Result("consumer", read, ms, read * 1000.0 / ms);
    }
}
