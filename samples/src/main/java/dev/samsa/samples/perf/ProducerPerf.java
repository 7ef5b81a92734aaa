package dev.samsa.samples.perf;

import dev.samsa.errors.ConfigException;
import dev.samsa.errors.SamsaException;
import dev.samsa.netty.NettyTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Serializers;
import dev.samsa.common.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Scanner;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samsa's {@code kafka-producer-perf-test}: sends {@code --num-records} records of {@code --record-size} random
 * upper-case letters to {@code --topic} with a Samsa {@link Producer} over a {@link NettyTransport}, at most
 * {@code --throughput} records/s, and prints the same lines as Kafka's
 * {@code org.apache.kafka.tools.ProducerPerformance} (Kafka 4.1): a window line every 5 s and a summary line with the
 * latency percentiles at the end (formats on {@link PerfStats}). Same flags, so the two tools run side by side with
 * the same arguments:
 *
 * <pre>
 * java -cp samples/target/classes:$(cat samples/target/benchmark.classpath) dev.samsa.samples.perf.ProducerPerf \
 *     --topic perf --num-records 1000000 --record-size 100 --throughput -1 \
 *     --producer-props bootstrap.servers=127.0.0.1:9092 acks=1 linger.ms=5 batch.size=16384
 * </pre>
 *
 * <p>The properties ({@code --producer.config} file first, then {@code --producer-props}, which win) go to both the
 * transport ({@code bootstrap.servers}, {@code client.id}, connection keys; see {@link NettyTransport.Builder#config})
 * and the producer ({@link dev.samsa.producer.ProducerBuilder#config(Properties)}, which rejects keys it does not
 * know). {@code client.id} defaults to {@code perf-producer-client}, as in the official tool. Like the official tool,
 * the payload array is refilled for every record and reused (the producer copies it into the batch during
 * {@code send}), and each record gets its own callback.
 *
 * <p>Differences from the official tool: transactions ({@code --transactional-id},
 * {@code --transaction-duration-ms}) are refused, Samsa's producer has none yet; {@code --print-metrics} is accepted and
 * ignored (no metrics registry yet); before sending, the tool connects to the bootstrap servers and fetches the
 * topic's metadata, so that an unreachable cluster or a missing topic ends the run with one line on stderr instead of
 * a {@code max.block.ms} wait per record; a failed record is reported once (the first failure, then a count) rather
 * than with a stack trace each. Exit status: 0 on success or {@code --help}, 1 for bad flags, configuration or
 * connection errors, or failed records.
 */
public final class ProducerPerf {
    static final String PROGRAM = "producer-perf";
    /** {@code client.id} when none is given, as in the official tool. */
    static final String DEFAULT_CLIENT_ID = "perf-producer-client";
    /** How long the pre-flight connection to the bootstrap servers may take before the run is abandoned. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    static final String USAGE = "usage: " + PROGRAM + " [-h] --topic TOPIC --num-records NUM-RECORDS\n"
            + "       (--record-size RECORD-SIZE | --payload-file PAYLOAD-FILE | --payload-monotonic)\n"
            + "       [--payload-delimiter PAYLOAD-DELIMITER] --throughput THROUGHPUT\n"
            + "       [--producer-props PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]]\n"
            + "       [--producer.config CONFIG-FILE] [--print-metrics]";

    static final String HELP = USAGE + "\n\n"
            + "Measures the throughput and latency of Samsa's producer; the flags and the output lines are those of\n"
            + "Kafka's kafka-producer-perf-test.\n\n"
            + "  --topic TOPIC                 produce records to this topic\n"
            + "  --num-records NUM-RECORDS     number of records to produce (> 0)\n"
            + "  --record-size RECORD-SIZE     record value size in bytes (> 0); exactly one of --record-size,\n"
            + "                                --payload-file and --payload-monotonic is required\n"
            + "  --payload-file PAYLOAD-FILE   UTF-8 file of payloads, one picked at random for each record\n"
            + "  --payload-delimiter DELIM     payload separator in --payload-file (default: \\n)\n"
            + "  --payload-monotonic           payload is the record's index as a decimal string\n"
            + "  --throughput THROUGHPUT       at most about THROUGHPUT records/s; -1 for no limit\n"
            + "  --producer-props K=V [K=V ..] producer and transport configs (bootstrap.servers, acks, ...);\n"
            + "                                they win over --producer.config\n"
            + "  --producer.config CONFIG-FILE producer config properties file\n"
            + "  --print-metrics               accepted and ignored (Samsa has no metrics registry yet)\n"
            + "  -h, --help                    show this help and exit";

    private ProducerPerf() {
    }

    /**
     * Runs the tool and exits with a non-zero status on failure (returns normally on success, so that a wrapper such
     * as {@link CpuTimed} can report after it).
     *
     * @param args the flags, as the official tool's
     */
    public static void main(String[] args) {
        // The official tool runs with Kafka's default log4j2 config (WARN); keep Netty's and Samsa's INFO out too.
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
     * Runs the tool, printing result lines on {@code out} and errors on {@code err}.
     *
     * @return the exit status: 0 on success or help, 1 on any error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println(USAGE);
            err.println(PROGRAM + ": error: " + e.getMessage());
            return 1;
        }
        if (options == null) {
            out.println(HELP);
            return 0;
        }
        try {
            return new Run(options, out, err).call();
        } catch (RunException e) {
            err.println(PROGRAM + ": error: " + e.getMessage());
            return 1;
        }
    }

    /** A bad command line; the message names the flag. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A failure that ends the run with one line on stderr. */
    private static final class RunException extends Exception {
        private static final long serialVersionUID = 1L;

        RunException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Options(String topic, long numRecords, Integer recordSize, String payloadFile, String payloadDelimiter,
            boolean payloadMonotonic, double throughput, List<String> producerProps, String producerConfigFile,
            boolean printMetrics) {

        /**
         * Parses the flags as argparse4j does for the official tool: {@code --flag value} or {@code --flag=value};
         * {@code --producer-props} takes every following argument up to the next flag.
         *
         * @return the options, or null if help was asked for (or no argument given, as the official tool does)
         * @throws UsageException naming the flag that is unknown, missing, repeated or malformed
         */
        static Options parse(String[] args) throws UsageException {
            if (args.length == 0) {
                return null;
            }
            Map<String, List<String>> seen = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    return null;
                }
                if (!arg.startsWith("--")) {
                    throw new UsageException("unrecognized argument: '" + arg + "'");
                }
                String name = arg;
                String inline = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    inline = arg.substring(eq + 1);
                }
                int arity = arity(name);
                if (seen.containsKey(name)) {
                    throw new UsageException("argument " + name + " given twice");
                }
                List<String> values = new ArrayList<>();
                if (arity == 0) {
                    if (inline != null) {
                        throw new UsageException("argument " + name + ": takes no value");
                    }
                } else if (inline != null) {
                    values.add(inline);
                } else if (arity == 1) {
                    if (i + 1 >= args.length || isFlag(args[i + 1])) {
                        throw new UsageException("argument " + name + ": expected one argument");
                    }
                    values.add(args[++i]);
                } else {
                    while (i + 1 < args.length && !isFlag(args[i + 1])) {
                        values.add(args[++i]);
                    }
                    if (values.isEmpty()) {
                        throw new UsageException("argument " + name + ": expected at least one argument");
                    }
                }
                seen.put(name, values);
            }
            for (String required : List.of("--topic", "--num-records", "--throughput")) {
                if (!seen.containsKey(required)) {
                    throw new UsageException("argument " + required + " is required");
                }
            }
            int payloadOptions = (seen.containsKey("--record-size") ? 1 : 0)
                    + (seen.containsKey("--payload-file") ? 1 : 0) + (seen.containsKey("--payload-monotonic") ? 1 : 0);
            if (payloadOptions != 1) {
                throw new UsageException("exactly one of --record-size, --payload-file and --payload-monotonic is "
                        + "required");
            }
            String topic = single(seen, "--topic");
            if (topic.isBlank()) {
                throw new UsageException("argument --topic: must not be blank");
            }
            long numRecords = parseLong("--num-records", single(seen, "--num-records"));
            if (numRecords <= 0) {
                throw new UsageException("--num-records should be greater than zero");
            }
            Integer recordSize = null;
            if (seen.containsKey("--record-size")) {
                recordSize = (int) parseLong("--record-size", single(seen, "--record-size"));
                if (recordSize <= 0) {
                    throw new UsageException("--record-size should be greater than zero");
                }
            }
            double throughput;
            try {
                throughput = Double.parseDouble(single(seen, "--throughput"));
            } catch (NumberFormatException e) {
                throw new UsageException("argument --throughput: could not convert '" + single(seen, "--throughput")
                        + "' to a number");
            }
            if (Double.isNaN(throughput)) {
                throw new UsageException("argument --throughput: NaN");
            }
            List<String> props = seen.getOrDefault("--producer-props", List.of());
            for (String prop : props) {
                if (prop.indexOf('=') <= 0) {
                    throw new UsageException("argument --producer-props: '" + prop + "' is not PROP-NAME=PROP-VALUE");
                }
            }
            String configFile = seen.containsKey("--producer.config") ? single(seen, "--producer.config") : null;
            if (props.isEmpty() && configFile == null) {
                throw new UsageException("Either --producer-props or --producer.config must be specified.");
            }
            String delimiter = seen.containsKey("--payload-delimiter") ? single(seen, "--payload-delimiter") : "\n";
            if (delimiter.equals("\\n")) {
                delimiter = "\n";
            }
            return new Options(topic, numRecords, recordSize,
                    seen.containsKey("--payload-file") ? single(seen, "--payload-file") : null, delimiter,
                    seen.containsKey("--payload-monotonic"), throughput, List.copyOf(props), configFile,
                    seen.containsKey("--print-metrics"));
        }

        /** 0: a switch; 1: one value; 2: one or more values. */
        private static int arity(String name) throws UsageException {
            return switch (name) {
                case "--payload-monotonic", "--print-metrics" -> 0;
                case "--topic", "--num-records", "--record-size", "--payload-file", "--payload-delimiter",
                        "--throughput", "--producer.config" -> 1;
                case "--producer-props" -> 2;
                case "--transactional-id", "--transaction-duration-ms", "--warmup-records" ->
                        throw new UsageException("argument " + name + ": not supported by " + PROGRAM
                                + (name.equals("--warmup-records") ? "" : " (Samsa's producer has no transactions yet)"));
                default -> throw new UsageException("unrecognized argument: '" + name + "'");
            };
        }

        private static boolean isFlag(String arg) {
            return arg.startsWith("--") || arg.equals("-h");
        }

        private static String single(Map<String, List<String>> seen, String name) {
            return seen.get(name).get(0);
        }

        private static long parseLong(String name, String value) throws UsageException {
            try {
                long v = Long.parseLong(value.trim());
                if (name.equals("--record-size") && v > Integer.MAX_VALUE) {
                    throw new UsageException("argument " + name + ": " + value + " is too large");
                }
                return v;
            } catch (NumberFormatException e) {
                throw new UsageException("argument " + name + ": could not convert '" + value + "' to a whole number");
            }
        }
    }

    /**
     * The next record's value, made as Kafka's {@code ProducerPerformance.generateRandomPayload} makes it, from the same
     * random sequence: a payload of the file picked at random, else ({@code fill}: a record size was given)
     * {@code payload} refilled with random capital letters, else the record's index. A method of its own, as there:
     * inlined into the send loop, the letter loop was compiled only as part of that loop's on-stack replacement and
     * cost this tool about 0.5 s more CPU than the official tool in a run of 600,000 records of 1 KiB
     * (async-profiler, both tools in the same minutes), a handicap for Samsa in every CPU ratio.
     *
     * @param i the record's index, the value when neither payloads nor a size are given
     */
    static byte[] nextPayload(List<byte[]> payloads, boolean fill, byte[] payload, SplittableRandom random, long i) {
        if (!payloads.isEmpty()) {
            return payloads.get(random.nextInt(payloads.size()));
        }
        if (fill) {
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) ('A' + random.nextInt(26));
            }
            return payload;
        }
        return Long.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    /** One run: connect, send, report. */
    private static final class Run {
        private final Options options;
        private final PrintStream out;
        private final PrintStream err;
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

        Run(Options options, PrintStream out, PrintStream err) {
            this.options = options;
            this.out = out;
            this.err = err;
        }

        int call() throws RunException {
            Properties props = properties();
            List<byte[]> payloads = payloads();
            if (options.printMetrics()) {
                err.println(PROGRAM + ": --print-metrics is ignored: Samsa's producer has no metrics registry yet");
            }
            NettyTransport transport;
            try {
                transport = NettyTransport.builder().config(asMap(props)).build();
            } catch (ConfigException e) {
                throw new RunException(e.getMessage());
            }
            try (transport) {
                Producer<byte[], byte[]> producer;
                try {
                    producer = Producer.builder(Serializers.forByteArray(), Serializers.forByteArray())
                            .transport(transport).config(props).build();
                } catch (ConfigException e) {
                    throw new RunException(e.getMessage());
                }
                try {
                    connect(transport);
                    try {
                        producer.partitionsFor(options.topic());
                    } catch (SamsaException e) {
                        throw new RunException("no metadata for topic '" + options.topic() + "': " + e.getMessage());
                    }
                    send(producer, payloads);
                } catch (RunException e) {
                    producer.close(Duration.ZERO);
                    throw e;
                }
            }
            long failures = failed.get();
            if (failures > 0) {
                err.println(PROGRAM + ": " + failures + " of " + options.numRecords() + " records failed; the first: "
                        + firstFailure.get());
                return 1;
            }
            return 0;
        }

        /** The send loop; closes the producer (waiting for every record) before printing the summary. */
        private void send(Producer<byte[], byte[]> producer, List<byte[]> payloads) throws RunException {
            SplittableRandom random = new SplittableRandom(0);
            byte[] payload = options.recordSize() != null ? new byte[options.recordSize()] : null;
            PerfStats stats = new PerfStats(options.numRecords(), PerfStats.DEFAULT_REPORTING_INTERVAL_MS, out,
                    System::currentTimeMillis);
            Throttle throttle = new Throttle(options.throughput(), System.nanoTime());
            String topic = options.topic();
            try {
                for (long i = 0; i < options.numRecords(); i++) {
                    payload = nextPayload(payloads, options.recordSize() != null, payload, random, i);
                    long sendStartMs = System.currentTimeMillis();
                    int bytes = payload.length;
                    producer.send(new ProducerRecord<>(topic, payload), (metadata, exception) -> {
                        long now = System.currentTimeMillis();
                        if (exception == null) {
                            stats.record((int) (now - sendStartMs), bytes, now);
                        } else if (failed.getAndIncrement() == 0) {
                            firstFailure.set(exception);
                            err.println(PROGRAM + ": a record failed (further failures are counted): " + exception);
                        }
                    });
                    if (throttle.enabled()) {
                        throttle.pace(i + 1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunException("interrupted after " + stats.count() + " records");
            }
            producer.close();
            stats.printTotal();
        }

        /**
         * Asks each bootstrap server for its API versions until one answers, so that an unreachable cluster is one
         * clear error rather than a {@code max.block.ms} wait.
         */
        private void connect(NettyTransport transport) throws RunException {
            long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
            List<String> failures = new ArrayList<>();
            for (Node node : transport.bootstrapNodes()) {
                CompletableFuture<?> answer = transport.apiVersions(node);
                try {
                    answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    failures.add(cause.getMessage() != null ? cause.getMessage() : cause.toString());
                } catch (java.util.concurrent.TimeoutException e) {
                    failures.add(node.host() + ":" + node.port() + " did not answer within "
                            + CONNECT_TIMEOUT.toSeconds() + " s");
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RunException("interrupted while connecting");
                }
            }
            throw new RunException("cannot reach the cluster at bootstrap.servers="
                    + transport.bootstrapNodes().stream().map(n -> n.host() + ":" + n.port())
                            .collect(java.util.stream.Collectors.joining(",")) + ": "
                    + String.join("; ", failures));
        }

        private Properties properties() throws RunException {
            Properties props = new Properties();
            if (options.producerConfigFile() != null) {
                try (InputStream in = Files.newInputStream(Path.of(options.producerConfigFile()))) {
                    props.load(in);
                } catch (IOException e) {
                    throw new RunException("cannot read --producer.config " + options.producerConfigFile() + ": "
                            + e);
                }
            }
            for (String prop : options.producerProps()) {
                int eq = prop.indexOf('=');
                props.setProperty(prop.substring(0, eq).trim(), prop.substring(eq + 1).trim());
            }
            if (props.getProperty("client.id") == null) {
                props.setProperty("client.id", DEFAULT_CLIENT_ID);
            }
            if (props.getProperty("bootstrap.servers") == null) {
                throw new RunException("bootstrap.servers is required in --producer-props or --producer.config");
            }
            return props;
        }

        private List<byte[]> payloads() throws RunException {
            if (options.payloadFile() == null) {
                return List.of();
            }
            Path path = Path.of(options.payloadFile());
            out.println("Reading payloads from: " + path.toAbsolutePath());
            List<byte[]> payloads = new ArrayList<>();
            try (Scanner scanner = new Scanner(path, StandardCharsets.UTF_8)) {
                scanner.useDelimiter(options.payloadDelimiter());
                while (scanner.hasNext()) {
                    payloads.add(scanner.next().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new RunException("cannot read --payload-file " + path + ": " + e);
            }
            if (payloads.isEmpty()) {
                throw new RunException("--payload-file " + path + " holds no payload");
            }
            out.println("Number of messages read: " + payloads.size());
            return payloads;
        }

        private static Map<String, Object> asMap(Properties props) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String name : props.stringPropertyNames()) {
                map.put(name, props.getProperty(name));
            }
            return map;
        }
    }
}
