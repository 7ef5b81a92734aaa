package dev.samsa.samples;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRebalanceListener;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.WakeupException;
import dev.samsa.serde.Deserializers;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The classic consumer of the Kafka tutorials: joins a consumer group, subscribes to a topic and prints each
 * sign-up it receives. Start it in two or more terminals with the same {@code --group} and the members split the
 * partitions between them; start or stop one and the others take the partitions over.
 *
 * <p>Ctrl-C closes it cleanly: a shutdown hook calls {@link Consumer#wakeup()}, the poll loop commits the offsets of
 * what it processed ({@code commitSync}) and closes the consumer, which leaves the group at once, so the other members
 * rebalance without waiting for a session timeout. Offsets are committed asynchronously after each batch as well.
 */
@Command(name = "signup-consumer", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Consumes sign-ups as a member of a consumer group until stopped (Ctrl-C).")
public final class SignupConsumer implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "127.0.0.1:9092",
            description = "The cluster (default: ${DEFAULT-VALUE}, where the standalone mock broker listens).")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "users",
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "user-processors",
            description = "Consumer group id; members with the same id split the partitions "
                    + "(default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "signup-consumer",
            description = "client.id of this member, shown in its log lines (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--quiet", description = "Print assignments and the summary, not a line per record.")
    boolean quiet;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "How long to wait for a bootstrap server to answer (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Consumer<String, UserSignup> consumer;
    private volatile boolean running = true;

    SignupConsumer(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the consumer until Ctrl-C, then commits, leaves the group and exits.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        Cli.quietLogs();
        SignupConsumer member = new SignupConsumer(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(member::stop, "signup-consumer-shutdown"));
        int status = Cli.execute(member, System.out, System.err, args);
        member.stopped.countDown();
        System.exit(status);
    }

    /**
     * Wakes the poll loop up and waits (at most 30 s) until it has committed and left the group. Any thread.
     */
    void stop() {
        running = false;
        Consumer<String, UserSignup> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Integer call() {
        long received = 0;
        try (SampleCluster cluster = SampleCluster.connect(bootstrapServers, name,
                Duration.ofMillis(connectTimeoutMs))) {
            Consumer<String, UserSignup> c = Consumer.builder(Deserializers.forString(),
                    Deserializers.json(UserSignup.class)).transport(cluster.transport()).groupId(group).clientId(name)
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).enableAutoCommit(false).build();
            consumer = c;
            try {
                c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // On a rebalance, commit before another member takes the partitions over; on shutdown the
                        // poll loop has committed already.
                        if (!partitions.isEmpty() && running) {
                            c.commitSync();
                            out.println(name + " revoked: " + list(partitions));
                        }
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        out.println(name + " assigned: " + list(c.assignment()));
                    }
                });
                out.println(name + " joined group '" + group + "' on " + bootstrapServers
                        + ", topic '" + topic + "'; Ctrl-C to stop");
                while (running) {
                    ConsumerRecords<String, UserSignup> records = c.poll(POLL);
                    for (ConsumerRecord<String, UserSignup> r : records) {
                        if (!quiet) {
                            UserSignup s = r.value();
                            out.println(name + " " + r.topic() + "-" + r.partition() + "@" + r.offset() + " " + r.key()
                                    + ": " + s.name() + " from " + s.country() + ", signed up " + s.signupTime());
                        }
                    }
                    received += records.count();
                    if (!records.isEmpty()) {
                        c.commitAsync();
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the poll up: fall through to the final commit
            } finally {
                commitOnShutdown(c);
                c.close(); // leaves the group: the other members take the partitions over at once
                consumer = null;
                out.println(name + " left group '" + group + "' after " + Cli.count(received) + " records");
            }
        }
        return 0;
    }

    private void commitOnShutdown(Consumer<String, UserSignup> c) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                c.commitSync();
                out.println(name + " committed its offsets");
                return;
            } catch (WakeupException e) {
                // stop()'s wakeup arrived after the loop had ended; it is consumed now, so try again
            } catch (RuntimeException e) {
                out.println(name + " could not commit on shutdown: " + Cli.describe(e));
                return;
            }
        }
    }

    private static String list(Collection<TopicPartition> partitions) {
        return partitions.isEmpty() ? "(none)" : partitions.stream()
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).map(TopicPartition::toString)
                .collect(Collectors.joining(", "));
    }
}
