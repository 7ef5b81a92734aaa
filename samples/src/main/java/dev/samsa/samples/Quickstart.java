package dev.samsa.samples;

import dev.samsa.common.CompressionType;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRebalanceListener;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The quickstart: one producer and a consumer group on one topic, checked end to end.
 *
 * <p>With no options it starts an in-process mock cluster, creates topic {@code users} with 3 partitions, and while
 * two consumers of group {@code user-processors} split the partitions, a producer sends 10,000 fake user sign-ups
 * (JSON, keyed by user id). It prints who got which partitions, a progress line, and a table per partition
 * (produced, consumed, committed offset, lag, duplicates). With {@code --bootstrap-servers} the same program runs
 * against a real Kafka cluster.
 *
 * <p>Exit status: 0 when every record produced was consumed exactly once and every committed offset equals the
 * partition's end offset; 1 otherwise (or on an error); 2 for a bad command line; 3 when the cluster cannot be
 * reached.
 *
 * <p>On a real cluster whose topic already holds records (an earlier run), the group's offsets are first moved to
 * the current end offsets, so each run checks only its own records.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Produces fake user sign-ups and consumes them with a consumer group, then checks that every "
                + "record was consumed exactly once. Runs on an in-process mock cluster unless "
                + "--bootstrap-servers is given.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every record consumed exactly once, committed offsets = end offsets",
                "1:a check failed, or an error", "2:bad command line", "3:cannot reach the cluster"})
public final class Quickstart implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "A real Kafka cluster to run against (default: an in-process mock cluster).")
    String bootstrapServers;

    @Option(names = "--records", paramLabel = "N", defaultValue = "10000",
            description = "Records to produce (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of the topic when it is created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--consumers", paramLabel = "N", defaultValue = "2",
            description = "Consumers in the group (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--compression", paramLabel = "TYPE", defaultValue = "none",
            description = "compression.type: none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--acks", paramLabel = "ACKS", defaultValue = "all",
            description = "acks: 0, 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "users",
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "user-processors",
            description = "Consumer group id (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest wait for each phase: group formation, producing, consuming "
                    + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "How long to wait for a bootstrap server to answer (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    private final PrintStream out;
    private final boolean interactive;
    /** Called with the in-process mock once the topic exists: tests inject faults through it. */
    private final java.util.function.Consumer<dev.samsa.mock.MockCluster> onMock;

    /** The whole run's per-partition accounting: keys produced (acknowledged) and keys consumed, with counts. */
    private final Map<Integer, Set<String>> produced = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, Integer>> consumed = new ConcurrentHashMap<>();
    private final Map<Integer, String> owner = new ConcurrentHashMap<>();
    private final AtomicLong producedCount = new AtomicLong();
    private final AtomicLong consumedCount = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicReference<Throwable> firstSendFailure = new AtomicReference<>();

    Quickstart(PrintStream out, java.util.function.Consumer<dev.samsa.mock.MockCluster> onMock) {
        this.out = out;
        this.onMock = onMock;
        this.interactive = out == System.out && System.console() != null;
    }

    /**
     * Runs the quickstart and exits with its status.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        Cli.quietLogs();
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the quickstart in this JVM.
     *
     * @param out where the report goes
     * @param err where errors and the usage go
     * @param args the command line
     * @return the exit status (see the class comment)
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, cluster -> { }, args);
    }

    /** As {@link #run(PrintStream, PrintStream, String...)}, handing the in-process mock to {@code onMock} first. */
    static int run(PrintStream out, PrintStream err, java.util.function.Consumer<dev.samsa.mock.MockCluster> onMock,
            String... args) {
        return Cli.execute(new Quickstart(out, onMock), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        CompressionType compressionType = CompressionType.forName(compression);
        Acks acksValue = Acks.forConfigValue(acks);
        Duration phaseTimeout = Duration.ofSeconds(timeoutSeconds);

        try (SampleCluster cluster = bootstrapServers == null ? SampleCluster.inProcessMock()
                : SampleCluster.connect(bootstrapServers, "samsa-quickstart", Duration.ofMillis(connectTimeoutMs))) {
            out.println("Samsa quickstart on " + cluster.description());
            boolean created = cluster.createTopicIfMissing(topic, partitions, phaseTimeout);
            if (cluster.mock() != null) {
                onMock.accept(cluster.mock());
            }

            try (Consumer<String, UserSignup> inspector = Consumer.builder(Deserializers.forString(),
                    Deserializers.json(UserSignup.class)).transport(cluster.transport()).groupId(group)
                    .clientId("quickstart-inspector").enableAutoCommit(false).allowAutoCreateTopics(false)
                    .build()) {
                List<TopicPartition> tps = awaitPartitions(inspector, phaseTimeout);
                out.println((created ? "Created" : "Using existing") + " topic '" + topic + "' with " + tps.size()
                        + " partitions");
                Map<TopicPartition, Long> runStart = inspector.endOffsets(tps);
                if (runStart.values().stream().anyMatch(o -> o > 0)) {
                    // An earlier run left records: start the group at the end, so that this run checks its own.
                    inspector.commitSync(runStart.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> new OffsetAndMetadata(e.getValue()))));
                    out.println("Moved group '" + group + "' to the end offsets " + offsets(runStart));
                }
                for (TopicPartition tp : tps) {
                    produced.put(tp.partition(), ConcurrentHashMap.newKeySet());
                    consumed.put(tp.partition(), new ConcurrentHashMap<>());
                }

                List<GroupMember> members = new ArrayList<>();
                try {
                    for (int i = 1; i <= consumers; i++) {
                        GroupMember m = new GroupMember("consumer-" + i, cluster);
                        members.add(m);
                        m.start();
                    }
                    if (!await(() -> stable(members, tps.size()), phaseTimeout, null)) {
                        throw new SampleException(SampleException.FAILED, "group '" + group + "' did not settle "
                                + "within " + timeoutSeconds + " s: " + assignments(members));
                    }
                    out.println("Group '" + group + "' is stable: " + assignments(members));

                    SignupGenerator generator = new SignupGenerator();
                    long started = System.nanoTime();
                    Thread producerThread = new Thread(() -> produce(cluster, generator, compressionType, acksValue),
                            "quickstart-producer");
                    producerThread.start();
                    Progress progress = new Progress(inspector, tps);
                    boolean producedAll = await(() -> !producerThread.isAlive(), phaseTimeout, progress);
                    // Stops early when a member failed: the report names it.
                    boolean consumedAll = producedAll && await(() -> failed(members)
                            || (distinctConsumed() >= producedCount.get() && progress.lag() == 0),
                            phaseTimeout, progress) && !failed(members);
                    progress.finish();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    for (GroupMember m : members) {
                        m.shutdown();
                    }
                    if (producerThread.isAlive()) {
                        producerThread.interrupt();
                    }
                    out.printf(java.util.Locale.ROOT, "Produced %s and consumed %s records in %.1f s%n",
                            Cli.count(producedCount.get()), Cli.count(consumedCount.get()), seconds);
                    return report(inspector, tps, runStart, members, producedAll, consumedAll);
                } finally {
                    for (GroupMember m : members) {
                        m.shutdown();
                    }
                }
            }
        }
    }

    private static boolean failed(List<GroupMember> members) {
        return members.stream().anyMatch(m -> m.error != null);
    }

    private long distinctConsumed() {
        return consumed.values().stream().mapToLong(Map::size).sum();
    }

    private void validate() {
        if (records < 0) {
            usage("--records must be >= 0, got " + records);
        }
        if (partitions < 1) {
            usage("--partitions must be >= 1, got " + partitions);
        }
        if (consumers < 1) {
            usage("--consumers must be >= 1, got " + consumers);
        }
        if (timeoutSeconds < 1) {
            usage("--timeout must be >= 1 s, got " + timeoutSeconds);
        }
        if (connectTimeoutMs < 1) {
            usage("--connect-timeout must be >= 1 ms, got " + connectTimeoutMs);
        }
        try {
            CompressionType.forName(compression);
        } catch (RuntimeException e) {
            usage("--compression must be none, gzip, snappy, lz4 or zstd, got '" + compression + "'");
        }
        try {
            Acks.forConfigValue(acks);
        } catch (RuntimeException e) {
            usage("--acks must be 0, 1 or all, got '" + acks + "'");
        }
    }

    private static void usage(String message) {
        throw new SampleException(SampleException.USAGE, message + " (see --help)");
    }

    /** The topic's partitions, once the cluster's metadata has them (a new topic takes a moment on a real one). */
    private List<TopicPartition> awaitPartitions(Consumer<?, ?> inspector, Duration timeout) throws Exception {
        AtomicReference<List<TopicPartition>> found = new AtomicReference<>(List.of());
        AtomicReference<RuntimeException> last = new AtomicReference<>();
        boolean ok = await(() -> {
            try {
                List<PartitionInfo> infos = inspector.partitionsFor(topic);
                found.set(infos.stream().map(PartitionInfo::topicPartition)
                        .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList());
                return !found.get().isEmpty() && infos.stream().allMatch(p -> p.leader() != null);
            } catch (dev.samsa.errors.RetriableException e) {
                last.set(e);
                return false;
            }
        }, timeout, null);
        if (!ok) {
            throw new SampleException(SampleException.FAILED, "topic '" + topic + "' has no partitions with "
                    + "leaders after " + timeout.toSeconds() + " s" + (last.get() == null ? ""
                            : " (" + Cli.describe(last.get()) + ")"));
        }
        return found.get();
    }

    private void produce(SampleCluster cluster, SignupGenerator generator, CompressionType compressionType,
            Acks acksValue) {
        try (Producer<String, UserSignup> producer = Producer.builder(Serializers.forString(),
                Serializers.<UserSignup>json()).transport(cluster.transport()).clientId("quickstart-producer")
                .compression(compressionType).acks(acksValue).enableIdempotence(acksValue == Acks.ALL).build()) {
            for (int i = 0; i < records && !Thread.currentThread().isInterrupted(); i++) {
                UserSignup signup = generator.next();
                producer.send(new ProducerRecord<>(topic, signup.userId(), signup), (metadata, error) -> {
                    if (error != null) {
                        sendFailures.incrementAndGet();
                        firstSendFailure.compareAndSet(null, error);
                    } else {
                        produced.get(metadata.partition()).add(signup.userId());
                        producedCount.incrementAndGet();
                    }
                });
            }
            producer.flush();
        } catch (RuntimeException e) {
            firstSendFailure.compareAndSet(null, e);
            sendFailures.incrementAndGet();
        }
    }

    /** Every member has an assignment (when there are enough partitions) and together they own every partition once. */
    private static boolean stable(List<GroupMember> members, int partitionCount) {
        int total = 0;
        Set<TopicPartition> union = new TreeSet<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        for (GroupMember m : members) {
            if (m.error != null) {
                throw new SampleException(SampleException.FAILED, m.name + " failed: " + Cli.describe(m.error));
            }
            Set<TopicPartition> a = m.assignment;
            if (members.size() <= partitionCount && (a == null || a.isEmpty())) {
                return false;
            }
            if (a != null) {
                total += a.size();
                union.addAll(a);
            }
        }
        return total == partitionCount && union.size() == partitionCount;
    }

    private static String assignments(List<GroupMember> members) {
        return members.stream().map(m -> m.name + " -> " + (m.assignment == null ? "(not joined)"
                : partitionsOf(m.assignment))).collect(Collectors.joining(", "));
    }

    private static String partitionsOf(Collection<TopicPartition> tps) {
        return tps.isEmpty() ? "(none)" : tps.stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .map(TopicPartition::toString).collect(Collectors.joining(" "));
    }

    private static String offsets(Map<TopicPartition, Long> offsets) {
        return new TreeMap<>(offsets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                Map.Entry::getValue))).toString();
    }

    /** Calls {@code done} (and {@code progress}) every 50 ms until it holds or {@code timeout} passes. */
    private static boolean await(BooleanSupplier done, Duration timeout, Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (progress != null) {
                progress.maybePrint();
            }
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50); // polling a condition across several clients and threads; nothing to wait on
        }
    }

    private int report(Consumer<?, ?> inspector, List<TopicPartition> tps, Map<TopicPartition, Long> runStart,
            List<GroupMember> members, boolean producedAll, boolean consumedAll) {
        Map<TopicPartition, OffsetAndMetadata> committed = inspector.committed(Set.copyOf(tps));
        Map<TopicPartition, Long> end = inspector.endOffsets(tps);
        String format = "%-10s %-12s %10s %10s %10s %10s %6s %10s%n";
        out.println();
        out.printf(format, "partition", "consumer", "produced", "consumed", "committed", "end offset", "lag",
                "duplicates");
        long totalProduced = 0;
        long totalConsumed = 0;
        long totalLag = 0;
        long totalDuplicates = 0;
        long missing = 0;
        long unexpected = 0;
        for (TopicPartition tp : tps) {
            Set<String> keys = produced.get(tp.partition());
            Map<String, Integer> seen = consumed.get(tp.partition());
            long consumedHere = seen.values().stream().mapToLong(Integer::longValue).sum();
            long duplicates = consumedHere - seen.size();
            long missingHere = keys.stream().filter(k -> !seen.containsKey(k)).count();
            long unexpectedHere = seen.keySet().stream().filter(k -> !keys.contains(k)).count();
            OffsetAndMetadata c = committed.get(tp);
            long committedOffset = c == null ? -1 : c.offset();
            long endOffset = end.get(tp);
            long lag = endOffset - (c == null ? runStart.get(tp) : committedOffset);
            out.printf(format, tp.partition(), owner.getOrDefault(tp.partition(), "-"), Cli.count(keys.size()),
                    Cli.count(consumedHere), c == null ? "none" : Cli.count(committedOffset), Cli.count(endOffset),
                    Cli.count(lag), Cli.count(duplicates));
            totalProduced += keys.size();
            totalConsumed += consumedHere;
            totalLag += lag;
            totalDuplicates += duplicates;
            missing += missingHere;
            unexpected += unexpectedHere;
        }
        out.printf(format, "total", "", Cli.count(totalProduced), Cli.count(totalConsumed), "", "",
                Cli.count(totalLag), Cli.count(totalDuplicates));
        out.println();

        List<String> problems = new ArrayList<>();
        if (!producedAll) {
            problems.add("the producer did not finish within " + timeoutSeconds + " s");
        }
        if (sendFailures.get() > 0) {
            problems.add(Cli.count(sendFailures.get()) + " sends failed (first: "
                    + Cli.describe(firstSendFailure.get()) + ")");
        }
        if (totalProduced != records) {
            problems.add(Cli.count(totalProduced) + " of " + Cli.count(records) + " records acknowledged");
        }
        if (missing > 0) {
            problems.add(Cli.count(missing) + " records never consumed");
        }
        if (totalDuplicates > 0) {
            problems.add(Cli.count(totalDuplicates) + " records consumed more than once");
        }
        if (unexpected > 0) {
            problems.add(Cli.count(unexpected) + " records consumed that this run did not produce");
        }
        if (totalLag != 0) {
            problems.add("committed offsets trail the end offsets by " + Cli.count(totalLag));
        }
        for (GroupMember m : members) {
            if (m.error != null) {
                problems.add(m.name + " failed: " + Cli.describe(m.error));
            }
        }
        if (producedAll && !consumedAll && problems.isEmpty()) {
            problems.add("the consumers did not catch up within " + timeoutSeconds + " s");
        }
        if (problems.isEmpty()) {
            out.println("OK: all " + Cli.count(totalProduced) + " records were consumed exactly once, and the "
                    + "committed offsets equal the end offsets.");
            return 0;
        }
        String summary = String.join("; ", problems);
        out.println("FAILED: " + summary + (summary.endsWith(".") ? "" : "."));
        return SampleException.FAILED;
    }

    /** Prints a progress line every {@link #PROGRESS_INTERVAL}: produced, consumed, records/s and the group's lag. */
    private final class Progress {
        private final Consumer<?, ?> inspector;
        private final List<TopicPartition> tps;
        private long lastPrint = System.nanoTime();
        private long lastConsumed;
        private long lag = -1;
        private boolean printedAny;

        Progress(Consumer<?, ?> inspector, List<TopicPartition> tps) {
            this.inspector = inspector;
            this.tps = tps;
        }

        /** The group's lag at the last check: the sum of end offset - committed offset. */
        long lag() {
            lag = measureLag();
            return lag;
        }

        private long measureLag() {
            Map<TopicPartition, OffsetAndMetadata> committed = inspector.committed(Set.copyOf(tps));
            Map<TopicPartition, Long> end = inspector.endOffsets(tps);
            long sum = 0;
            for (TopicPartition tp : tps) {
                OffsetAndMetadata c = committed.get(tp);
                sum += end.get(tp) - (c == null ? 0 : c.offset());
            }
            return sum;
        }

        void maybePrint() {
            long now = System.nanoTime();
            if (now - lastPrint < PROGRESS_INTERVAL.toNanos()) {
                return;
            }
            print(now);
        }

        private void print(long now) {
            long c = consumedCount.get();
            double rate = (c - lastConsumed) / ((now - lastPrint) / 1e9);
            lag = measureLag();
            String line = String.format(java.util.Locale.ROOT,
                    "produced %,d/%,d  consumed %,d  %,.0f records/s  lag %,d", producedCount.get(), records, c,
                    rate, lag);
            if (interactive) {
                out.print("\r" + line + "   ");
            } else {
                out.println(line);
            }
            out.flush();
            printedAny = true;
            lastConsumed = c;
            lastPrint = now;
        }

        void finish() {
            print(System.nanoTime());
            if (interactive && printedAny) {
                out.println();
            }
        }
    }

    /** One consumer of the group, polling on its own thread and committing after each batch it processed. */
    private final class GroupMember {
        final String name;
        private final Consumer<String, UserSignup> consumer;
        private final Thread thread;
        private final CountDownLatch closed = new CountDownLatch(1);
        volatile Set<TopicPartition> assignment;
        volatile Throwable error;
        private volatile boolean running = true;

        GroupMember(String name, SampleCluster cluster) {
            this.name = name;
            this.consumer = Consumer.builder(Deserializers.forString(), Deserializers.json(UserSignup.class))
                    .transport(cluster.transport()).groupId(group).clientId(name)
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).enableAutoCommit(false).allowAutoCreateTopics(false)
                    .build();
            this.thread = new Thread(this::pollLoop, "quickstart-" + name);
        }

        void start() {
            thread.start();
        }

        private void pollLoop() {
            try {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // Nothing to commit here: every batch is committed before the next poll, and a rebalance
                        // only happens inside poll.
                        if (!partitions.isEmpty() && running) {
                            out.println("  " + name + " revoked " + partitionsOf(partitions));
                        }
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        Set<TopicPartition> now = Set.copyOf(consumer.assignment());
                        for (TopicPartition tp : now) {
                            owner.put(tp.partition(), name);
                        }
                        assignment = now;
                        out.println("  " + name + " assigned " + partitionsOf(now));
                    }
                });
                while (running) {
                    ConsumerRecords<String, UserSignup> batch = consumer.poll(POLL);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    for (ConsumerRecord<String, UserSignup> r : batch) {
                        consumed.get(r.partition()).merge(r.key(), 1, Integer::sum);
                    }
                    consumer.commitSync();
                    consumedCount.addAndGet(batch.count());
                }
            } catch (Throwable t) {
                error = t;
            } finally {
                try {
                    consumer.close(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    if (error == null) {
                        error = e;
                    }
                }
                closed.countDown();
            }
        }

        /**
         * Stops polling (within one poll timeout), commits nothing more (every batch was committed), leaves the
         * group and waits for that.
         */
        void shutdown() throws InterruptedException {
            running = false;
            closed.await();
        }
    }
}
