package dev.samsa.samples.perf;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What the benchmark drivers ({@link BenchmarkSuite}, {@link ProducerBenchmark}, {@link ConsumerBenchmark}) share
 * about their environment: the child JVMs' classpath, the machine's description written next to the results, the log
 * line format, number rounding for JSON, and filling a topic for the consumer runs. Static, stateless, thread-safe.
 */
final class BenchEnv {
    private BenchEnv() {
    }

    /**
     * The classpath for the child JVMs: this module's classes and the runtime classpath Maven wrote next to them
     * ({@code target/benchmark.classpath}), so the drivers also work when started from {@code exec:java}; else this
     * JVM's classpath.
     *
     * @return a classpath string with the platform's path separator
     */
    static String childClasspath() {
        try {
            Path self = Path.of(BenchEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path written = self.resolveSibling("benchmark.classpath");
            if (Files.isDirectory(self) && Files.isRegularFile(written)) {
                return self + File.pathSeparator + Files.readString(written).trim();
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // not started from target/classes: use this JVM's own classpath
        }
        return System.getProperty("java.class.path");
    }

    /**
     * The machine a session ran on: date, cores, CPU model, RAM, OS, JDK, the Kafka client version, the load
     * average at start and the Samsa commit ({@code git describe}, "unknown" outside a checkout).
     *
     * @return an ordered, mutable map (callers add their own entries)
     */
    static Map<String, Object> describeMachine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", LocalDate.now().toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"));
        m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal").map(v -> {
            long kb = Long.parseLong(v.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1024.0 / 1024.0);
        }).orElse("unknown RAM"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("kafka_version", AppInfoParser.getVersion());
        m.put("load_average_at_start", firstValue(Path.of("/proc/loadavg"), "").orElse("unknown"));
        m.put("samsa_commit", gitCommit());
        return m;
    }

    /** The value after ':' of the first line starting with {@code key} (the whole first line for an empty key). */
    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> key.isEmpty() ? l : l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=7")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * Prints {@code [HH:mm:ss] message} to standard output.
     *
     * @param message the line
     */
    static void log(String message) {
        System.out.println("[" + Instant.now().toString().substring(11, 19) + "] " + message);
    }

    /**
     * A figure for the JSON results: three decimals, null for NaN or infinity (JSON has neither).
     *
     * @param v the figure
     * @return a boxed double, or null
     */
    static Object round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * Produces a topic's records once, with the official producer (acks=1, linger.ms=5, 64 KiB batches), and waits
     * for all of them: random upper-case letters, seeded, so every fill of the same size writes the same bytes.
     *
     * @param bootstrap the broker's bootstrap servers
     * @param topic an existing topic
     * @param records how many records
     * @param recordSize each record's value size, bytes (no key)
     * @throws IllegalStateException from the producer's callback if a record fails (then the fill stops there)
     */
    static void fill(String bootstrap, String topic, long records, int recordSize) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.BATCH_SIZE_CONFIG, "65536"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = new byte[recordSize];
                for (int j = 0; j < value.length; j++) {
                    value[j] = (byte) ('A' + random.nextInt(26));
                }
                producer.send(new ProducerRecord<>(topic, value), (md, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("a record of the fill failed", e);
                    }
                });
            }
            producer.flush();
        }
        log("filled " + topic + " with " + records + " records in " + (System.nanoTime() - start) / 1_000_000
                + " ms");
    }
}
