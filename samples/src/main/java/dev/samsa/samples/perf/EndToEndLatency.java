package dev.samsa.samples.perf;

import dev.samsa.netty.NettyTransport;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency at a fixed rate, produce → broker → consume in one JVM, timed the same way for Samsa and for the
 * official Java client: a producer thread sends {@code --num-records} records of {@code --record-size} bytes at
 * {@code --rate} records/s, each carrying {@link System#nanoTime()} read just before {@code send} in its first 8 bytes;
 * a consumer thread, assigned every partition of the topic before the first send, reads them and records
 * {@code nanoTime() - sent} into an HdrHistogram (3 significant digits, ns). The first {@code --warmup-records} are
 * read but left out of the histogram. Kafka's own {@code EndToEndLatency} sends one record at a time and truncates to
 * whole milliseconds; this one keeps a steady rate and nanoseconds.
 *
 * <pre>
 * java -cp ... dev.samsa.samples.perf.EndToEndLatency --client samsa --bootstrap-server 127.0.0.1:9092 \
 *     --topic e2e --num-records 150000 --rate 10000 --record-size 100 --producer-props acks=1 linger.ms=0
 * </pre>
 *
 * It prints one line, which {@link #parse} reads:
 *
 * <pre>{@code # e2e: client=samsa records=100000 mean_us=812.4 p50_us=702.5 p99_us=2101.2 p999_us=5210.1 max_us=9100.3}</pre>
 *
 * Pacing: the producer parks until each record's slot ({@code start + i / rate}); if it falls behind it sends at once
 * (no catch-up burst limit), so a stalled {@code send} shows in the latencies of the records after it. The payload is
 * the timestamp then zeros. Properties: {@code --producer-props} and {@code --consumer-props} {@code K=V} lists, given
 * to both clients alike (the consumer gets {@code auto.offset.reset=latest}, {@code enable.auto.commit=false} and no
 * group, and is moved to the end of every partition, its positions resolved, before the first send). Not thread-safe; exit status 0 on success, 1 on a bad flag or a failed run.
 */
public final class EndToEndLatency {
    /** The prefix of the result line. */
    public static final String PREFIX = "# e2e:";
    private static final Pattern LINE = Pattern.compile("^# e2e: client=(\\S+) records=(\\d+) mean_us=([0-9.]+) "
            + "p50_us=([0-9.]+) p99_us=([0-9.]+) p999_us=([0-9.]+) max_us=([0-9.]+)$");
    /** How long the run may take beyond its paced duration before it gives up, ms. */
    private static final long GRACE_MS = 30_000;

    private EndToEndLatency() {
    }

    /**
     * A result line.
     *
     * @param client {@code samsa} or {@code official}
     * @param records records in the histogram (warm-up excluded)
     * @param meanMicros mean latency, µs
     * @param p50Micros median, µs
     * @param p99Micros 99th percentile, µs
     * @param p999Micros 99.9th percentile, µs
     * @param maxMicros largest, µs
     */
    public record Result(String client, long records, double meanMicros, double p50Micros, double p99Micros,
            double p999Micros, double maxMicros) {
    }

    /**
     * Reads a result line.
     *
     * @param line one line of output
     * @return the result, or null if the line is not one
     */
    public static Result parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return null;
        }
        return new Result(m.group(1), Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                Double.parseDouble(m.group(7)));
    }

    /** A producer and a consumer, behind one face so that both clients are driven by the same loop. */
    interface Client extends AutoCloseable {
        /** Sends one record (asynchronously); failures are counted. */
        void send(byte[] value);

        /** Polls once and hands each record's value to {@code sink}; returns how many came. */
        int poll(java.util.function.Consumer<byte[]> sink);

        /** Records whose send failed so far. */
        long failures();

        /** Moves the consumer to the end of every partition and waits until its positions are known. */
        void positionAtEnd();

        @Override
        void close();
    }

    /** Samsa's or the official producer with the other's (or the same) consumer, to attribute latency. */
    private static Client mixed(String producer, String consumer, String topic, Properties producerProps,
            Properties consumerProps) {
        Client send = producer.equals("official") ? new Official(topic, producerProps, null)
                : new Samsa(topic, producerProps, null);
        Client receive = consumer.equals("official") ? new Official(topic, null, consumerProps)
                : new Samsa(topic, null, consumerProps);
        return new Client() {
            @Override
            public void send(byte[] value) {
                send.send(value);
            }

            @Override
            public int poll(java.util.function.Consumer<byte[]> sink) {
                return receive.poll(sink);
            }

            @Override
            public long failures() {
                return send.failures();
            }

            @Override
            public void positionAtEnd() {
                receive.positionAtEnd();
            }

            @Override
            public void close() {
                send.close();
                receive.close();
            }
        };
    }

    /**
     * Runs the tool.
     *
     * @param args the flags (class Javadoc)
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int status = run(args, System.out, System.err);
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the tool.
     *
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        String current = null;
        for (String a : args) {
            if (a.startsWith("--")) {
                current = a;
                flags.put(a, new ArrayList<>());
            } else if (current == null) {
                err.println("EndToEndLatency: unexpected argument '" + a + "'");
                return 1;
            } else {
                flags.get(current).add(a);
            }
        }
        try {
            String client = one(flags, "--client", "samsa");
            String bootstrap = one(flags, "--bootstrap-server", null);
            String topic = one(flags, "--topic", null);
            long records = Long.parseLong(one(flags, "--num-records", "150000"));
            long warmup = Long.parseLong(one(flags, "--warmup-records", Long.toString(records / 3)));
            double rate = Double.parseDouble(one(flags, "--rate", "10000"));
            int size = Integer.parseInt(one(flags, "--record-size", "100"));
            if (bootstrap == null || topic == null || records <= warmup || rate <= 0 || size < 8) {
                err.println("usage: EndToEndLatency --client samsa|official --bootstrap-server HOST:PORT --topic T "
                        + "[--num-records N] [--warmup-records N] [--rate R] [--record-size B >= 8] "
                        + "[--producer-props K=V ...] [--consumer-props K=V ...]");
                return 1;
            }
            Properties producerProps = props(flags.getOrDefault("--producer-props", List.of()));
            producerProps.put("bootstrap.servers", bootstrap);
            Properties consumerProps = props(flags.getOrDefault("--consumer-props", List.of()));
            consumerProps.put("bootstrap.servers", bootstrap);
            consumerProps.putIfAbsent("auto.offset.reset", "latest");
            consumerProps.putIfAbsent("enable.auto.commit", "false");
            String producerClient = one(flags, "--producer-client", client);
            String consumerClient = one(flags, "--consumer-client", client);
            try (Client c = mixed(producerClient, consumerClient, topic, producerProps, consumerProps)) {
                Histogram histogram = measure(c, records, warmup, rate, size);
                if (c.failures() > 0) {
                    err.println("EndToEndLatency: " + c.failures() + " sends failed");
                    return 1;
                }
                out.println(String.format(Locale.ROOT, "%s client=%s records=%d mean_us=%.1f p50_us=%.1f p99_us=%.1f "
                        + "p999_us=%.1f max_us=%.1f", PREFIX, producerClient.equals(consumerClient) ? producerClient
                        : producerClient + "-producer+" + consumerClient + "-consumer", histogram.getTotalCount(),
                        histogram.getMean() / 1e3, histogram.getValueAtPercentile(50) / 1e3,
                        histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                        histogram.getMaxValue() / 1e3));
                return 0;
            }
        } catch (RuntimeException | InterruptedException e) {
            err.println("EndToEndLatency: " + e);
            return 1;
        }
    }

    /** Paces the sends on this thread, consumes on another, returns the histogram once every record arrived. */
    static Histogram measure(Client client, long records, long warmup, double rate, int size)
            throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        // The consumer is positioned at the end before the first send, so it reads exactly this run's records.
        client.positionAtEnd();
        Thread consumer = new Thread(() -> {
            try {
                long n = 0;
                long[] count = {0};
                while (n < records) {
                    count[0] = n;
                    client.poll(value -> {
                        long now = System.nanoTime();
                        long sent = ByteBuffer.wrap(value).getLong(0);
                        if (count[0]++ >= warmup) {
                            histogram.recordValue(Math.max(0, Math.min(now - sent, histogram.getHighestTrackableValue())));
                        }
                    });
                    n = count[0];
                    received.set(n);
                }
            } catch (Throwable t) {
                consumerFailure.set(t);
            } finally {
                done.countDown();
            }
        }, "e2e-consumer");
        consumer.setDaemon(true);
        consumer.start();
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (long i = 0; i < records; i++) {
            long slot = start + i * intervalNanos;
            long wait;
            while ((wait = slot - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] value = new byte[size];
            ByteBuffer.wrap(value).putLong(0, System.nanoTime());
            client.send(value);
        }
        long pacedMillis = (long) (records / rate * 1000);
        if (!done.await(GRACE_MS + pacedMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + received.get() + " of " + records + " records arrived");
        }
        if (consumerFailure.get() != null) {
            throw new IllegalStateException("the consumer failed: " + consumerFailure.get(), consumerFailure.get());
        }
        return histogram;
    }

    private static String one(Map<String, List<String>> flags, String name, String dflt) {
        List<String> v = flags.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        return v.get(0);
    }

    private static Properties props(List<String> kvs) {
        Properties p = new Properties();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not K=V: " + kv);
            }
            p.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return p;
    }

    /** The topic's partitions, asked until the client's metadata knows some (a fresh topic may take a moment). */
    private static List<Integer> partitions(java.util.function.Supplier<List<Integer>> ask) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Integer> found = ask.get();
            if (found != null && !found.isEmpty()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no partitions known for the topic after 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static Map<String, Object> map(Properties p) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    /** Samsa's producer and consumer on one {@link NettyTransport}-per-client. */
    private static final class Samsa implements Client {
        private final String topic;
        private final NettyTransport producerTransport;
        private final NettyTransport consumerTransport;
        private final dev.samsa.producer.Producer<byte[], byte[]> producer;
        private final dev.samsa.consumer.Consumer<byte[], byte[]> consumer;
        private final AtomicLong failures = new AtomicLong();
        private final dev.samsa.producer.Callback callback;

        /** Either properties may be null: that side is not built. */
        Samsa(String topic, Properties producerProps, Properties consumerProps) {
            this.topic = topic;
            callback = (metadata, exception) -> {
                if (exception != null) {
                    failures.incrementAndGet();
                }
            };
            producerTransport = producerProps == null ? null
                    : NettyTransport.builder().config(map(producerProps)).build();
            producer = producerProps == null ? null : dev.samsa.producer.Producer.builder(Serializers.forByteArray(),
                    Serializers.forByteArray()).transport(producerTransport).config(producerProps).build();
            consumerTransport = consumerProps == null ? null
                    : NettyTransport.builder().config(map(consumerProps)).build();
            consumer = consumerProps == null ? null : dev.samsa.consumer.Consumer.builder(
                    Deserializers.forByteArray(), Deserializers.forByteArray()).transport(consumerTransport)
                    .config(consumerProps).build();
            if (consumer == null) {
                return;
            }
            List<dev.samsa.common.TopicPartition> partitions = new ArrayList<>();
            for (int p : partitions(() -> consumer.partitionsFor(topic).stream().map(i -> i.partition()).toList())) {
                partitions.add(new dev.samsa.common.TopicPartition(topic, p));
            }
            consumer.assign(partitions);
        }

        @Override
        public void send(byte[] value) {
            producer.send(new dev.samsa.producer.ProducerRecord<>(topic, value), callback);
        }

        @Override
        public int poll(java.util.function.Consumer<byte[]> sink) {
            var records = consumer.poll(Duration.ofMillis(100));
            int n = 0;
            for (var r : records) {
                sink.accept(r.value());
                n++;
            }
            return n;
        }

        @Override
        public long failures() {
            return failures.get();
        }

        @Override
        public void positionAtEnd() {
            consumer.seekToEnd(consumer.assignment());
            for (var tp : consumer.assignment()) {
                consumer.position(tp);
            }
        }

        @Override
        public void close() {
            if (producer != null) {
                producer.close();
                producerTransport.close();
            }
            if (consumer != null) {
                consumer.close();
                consumerTransport.close();
            }
        }
    }

    /** The official {@code KafkaProducer} and {@code KafkaConsumer}. */
    private static final class Official implements Client {
        private final String topic;
        private final org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer;
        private final org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer;
        private final AtomicLong failures = new AtomicLong();
        private final org.apache.kafka.clients.producer.Callback callback;

        /** Either properties may be null: that side is not built. */
        Official(String topic, Properties producerProps, Properties consumerProps) {
            this.topic = topic;
            callback = (metadata, exception) -> {
                if (exception != null) {
                    failures.incrementAndGet();
                }
            };
            var bytes = new org.apache.kafka.common.serialization.ByteArraySerializer();
            producer = producerProps == null ? null
                    : new org.apache.kafka.clients.producer.KafkaProducer<>(producerProps, bytes, bytes);
            var deser = new org.apache.kafka.common.serialization.ByteArrayDeserializer();
            consumer = consumerProps == null ? null
                    : new org.apache.kafka.clients.consumer.KafkaConsumer<>(consumerProps, deser, deser);
            if (consumer == null) {
                return;
            }
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            for (int p : partitions(() -> consumer.partitionsFor(topic).stream().map(i -> i.partition()).toList())) {
                partitions.add(new org.apache.kafka.common.TopicPartition(topic, p));
            }
            consumer.assign(partitions);
        }

        @Override
        public void send(byte[] value) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value), callback);
        }

        @Override
        public int poll(java.util.function.Consumer<byte[]> sink) {
            var records = consumer.poll(Duration.ofMillis(100));
            int n = 0;
            for (var r : records) {
                sink.accept(r.value());
                n++;
            }
            return n;
        }

        @Override
        public long failures() {
            return failures.get();
        }

        @Override
        public void positionAtEnd() {
            consumer.seekToEnd(consumer.assignment());
            for (var tp : consumer.assignment()) {
                consumer.position(tp);
            }
        }

        @Override
        public void close() {
            if (producer != null) {
                producer.close();
            }
            if (consumer != null) {
                consumer.close();
            }
        }
    }
}
