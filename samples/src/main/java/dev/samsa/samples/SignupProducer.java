package dev.samsa.samples;

import dev.samsa.common.CompressionType;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Serializers;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The classic producer of the Kafka tutorials: sends fake user sign-ups (JSON, keyed by user id) to a topic until
 * stopped with Ctrl-C, or {@code --count} of them, and prints where each one landed. Creates the topic if it does not
 * exist. Pairs with {@link SignupConsumer} and, for a cluster with no setup, {@link MockBroker}.
 *
 * <p>Ctrl-C stops sending, waits for the records already sent to be acknowledged ({@code flush}) and closes the
 * producer. Exit status: 0 when every record sent was acknowledged; 1 otherwise; 2 for a bad command line; 3 when the
 * cluster cannot be reached.
 */
@Command(name = "signup-producer", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Sends fake user sign-ups to a topic until stopped (Ctrl-C) or --count of them.")
public final class SignupProducer implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "127.0.0.1:9092",
            description = "The cluster (default: ${DEFAULT-VALUE}, where the standalone mock broker listens).")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "users",
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of the topic if it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Records to send, then exit; 0 sends until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "10",
            description = "Records per second; 0 sends as fast as the cluster takes them (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--acks", paramLabel = "ACKS", defaultValue = "all",
            description = "acks: 0, 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--compression", paramLabel = "TYPE", defaultValue = "none",
            description = "compression.type: none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--quiet", description = "Print only the summary, not a line per record.")
    boolean quiet;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "How long to wait for a bootstrap server to answer (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    SignupProducer(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the producer until Ctrl-C or {@code --count}, and exits with its status.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        Cli.quietLogs();
        SignupProducer producer = new SignupProducer(System.out);
        Thread hook = new Thread(producer::stop, "signup-producer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = Cli.execute(producer, System.out, System.err, args);
        producer.stopped.countDown();
        System.exit(status);
    }

    /** Asks the send loop to stop and waits (at most 30 s) until the producer has flushed and closed. */
    void stop() {
        running = false;
        try {
            stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Integer call() throws Exception {
        CompressionType compressionType = parse(() -> CompressionType.forName(compression),
                "--compression must be none, gzip, snappy, lz4 or zstd, got '" + compression + "'");
        Acks acksValue = parse(() -> Acks.forConfigValue(acks), "--acks must be 0, 1 or all, got '" + acks + "'");
        if (count < 0 || rate < 0 || partitions < 1) {
            throw new SampleException(SampleException.USAGE, "--count and --rate must be >= 0 and --partitions >= 1"
                    + " (see --help)");
        }
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long sent = 0;
        try (SampleCluster cluster = SampleCluster.connect(bootstrapServers, "signup-producer",
                Duration.ofMillis(connectTimeoutMs))) {
            if (cluster.createTopicIfMissing(topic, partitions, Duration.ofSeconds(30))) {
                out.println("Created topic '" + topic + "' with " + partitions + " partitions");
            }
            SignupGenerator generator = new SignupGenerator();
            out.println("Sending sign-ups to '" + topic + "' on " + bootstrapServers
                    + (count > 0 ? " (" + Cli.count(count) + " records)" : "; Ctrl-C to stop"));
            try (Producer<String, UserSignup> producer = Producer.builder(Serializers.forString(),
                    Serializers.<UserSignup>json()).transport(cluster.transport()).clientId("signup-producer")
                    .acks(acksValue).enableIdempotence(acksValue == Acks.ALL).compression(compressionType).build()) {
                long start = System.nanoTime();
                while (running && (count == 0 || sent < count)) {
                    if (rate > 0) {
                        pace(start, sent);
                    }
                    UserSignup signup = generator.next();
                    producer.send(new ProducerRecord<>(topic, signup.userId(), signup), (metadata, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            if (firstFailure.compareAndSet(null, error)) {
                                out.println("send failed: " + Cli.describe(error));
                            }
                            return;
                        }
                        acked.incrementAndGet();
                        if (!quiet) {
                            out.println(metadata.topic() + "-" + metadata.partition() + "@"
                                    + (metadata.hasOffset() ? metadata.offset() : "?") + " " + signup.userId() + ": "
                                    + signup.name() + " <" + signup.email() + "> from " + signup.country());
                        }
                    });
                    sent++;
                }
                producer.flush();
            }
        }
        out.println("Sent " + Cli.count(sent) + " records: " + Cli.count(acked.get()) + " acknowledged, "
                + Cli.count(failed.get()) + " failed");
        return failed.get() == 0 && acked.get() == sent ? 0 : SampleException.FAILED;
    }

    /** Sleeps until the {@code sent}-th record is due at {@code --rate} per second from {@code start}. */
    private void pace(long start, long sent) throws InterruptedException {
        long due = start + sent * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String usage) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new SampleException(SampleException.USAGE, usage + " (see --help)");
        }
    }
}
