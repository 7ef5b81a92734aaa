package dev.samsa.samples;

import dev.samsa.mock.MockCluster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone mock broker: an in-memory Kafka cluster ({@link MockCluster}) listening on loopback TCP, for
 * applications and other languages' clients to use in development. It prints the bootstrap address and runs until
 * stopped (Ctrl-C). Nothing is persisted.
 *
 * <pre>{@code
 * mock-broker --port 9092 --brokers 3 --topics orders:6,users:3
 * }</pre>
 */
@Command(name = "mock-broker", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs Samsa's in-memory mock Kafka cluster on loopback TCP until stopped (Ctrl-C).")
public final class MockBroker implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the first broker; broker i listens on PORT+i; 0 picks free ports "
                    + "(default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Number of brokers (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--topics", paramLabel = "NAME[:PARTITIONS[:REPLICAS]]", split = ",",
            description = "Topics to create, comma-separated or repeated, e.g. orders:6 (default: none).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--auto-create-topics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "auto.create.topics.enable: create unknown topics on first use (default: ${DEFAULT-VALUE}).")
    boolean autoCreateTopics;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
            description = "num.partitions of auto-created topics (default: ${DEFAULT-VALUE}).")
    int numPartitions;

    private final PrintStream out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    MockBroker(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the mock cluster until Ctrl-C.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        Cli.quietLogs();
        MockBroker broker = new MockBroker(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "mock-broker-shutdown"));
        int status = Cli.execute(broker, System.out, System.err, args);
        broker.closed.countDown();
        System.exit(status);
    }

    /** Stops the cluster and waits (at most 10 s) until it is closed. Any thread. */
    void stop() {
        stop.countDown();
        try {
            closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (brokers < 1 || port < 0 || port > 65_535 || numPartitions < 1) {
            throw new SampleException(SampleException.USAGE, "--brokers and --partitions must be >= 1 and --port "
                    + "in 0..65535 (see --help)");
        }
        MockCluster.Builder builder = MockCluster.builder().brokers(brokers).autoCreateTopics(autoCreateTopics)
                .numPartitions(numPartitions);
        for (String spec : topics) {
            String[] parts = spec.split(":");
            try {
                if (parts.length < 1 || parts.length > 3 || parts[0].isBlank()) {
                    throw new NumberFormatException();
                }
                int partitions = parts.length > 1 ? Integer.parseInt(parts[1]) : numPartitions;
                int replicas = parts.length > 2 ? Integer.parseInt(parts[2]) : Math.min(brokers, 3);
                builder.topic(parts[0], partitions, replicas);
            } catch (NumberFormatException e) {
                throw new SampleException(SampleException.USAGE, "--topics " + spec
                        + ": expected NAME[:PARTITIONS[:REPLICAS]], e.g. orders:6 (see --help)");
            } catch (IllegalArgumentException e) {
                throw new SampleException(SampleException.USAGE, "--topics " + spec + ": " + e.getMessage());
            }
        }
        try (MockCluster cluster = builder.build()) {
            String bootstrap;
            try {
                bootstrap = cluster.listen(port);
            } catch (IllegalStateException e) {
                throw new SampleException(SampleException.FAILED, "cannot listen on port " + port + ": "
                        + e.getMessage());
            }
            out.println("Mock Kafka cluster: " + brokers + (brokers == 1 ? " broker" : " brokers") + ", topics "
                    + (cluster.topics().isEmpty() ? "(none)" : String.join(", ", cluster.topics().stream()
                            .map(t -> t + ":" + cluster.partitionCount(t)).toList()))
                    + (autoCreateTopics ? " (unknown topics are created on first use)" : ""));
            out.println("bootstrap.servers=" + bootstrap);
            out.println("Ctrl-C to stop");
            out.flush();
            stop.await();
            out.println("Stopping the mock cluster");
        }
        return 0;
    }
}
