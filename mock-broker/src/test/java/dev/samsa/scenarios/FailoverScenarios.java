package dev.samsa.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import dev.samsa.serde.Deserializer;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.Transport;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broker and member failures, written once and run against every backend that can lose a process (issue 9): the
 * mock cluster with its fault injection ({@code MockFailoverScenariosTest}) and a real 3-broker KRaft cluster whose
 * brokers are killed with {@code kill -9} ({@code RealKafkaFailoverIT}).
 *
 * <ul>
 *   <li><b>Producer.</b> An idempotent producer with {@code acks=all} sends keyed records, each value a sequence
 *   number, at a steady rate to a topic with replication factor 3 and {@code min.insync.replicas=2}, while the leader
 *   of partition 0 is killed and later restarted. Everything is read back: every acknowledged record is there once,
 *   at its acknowledged offset, and each partition holds its records in send order; a record whose future failed is
 *   counted as failed (and, if the broker wrote it anyway, as written), never silently dropped.</li>
 *   <li><b>Consumer group.</b> Three members commit after processing each poll; one of them runs in a child JVM
 *   and is killed with {@code kill -9}, so it never sends LeaveGroup. The coordinator notices after
 *   {@code session.timeout.ms}, the survivors take its partitions from its last accepted commits, and every record
 *   is processed at least once (duplicates are counted, not failed).</li>
 *   <li><b>Coordinator.</b> The broker coordinating a group of two committing members is killed and restarted
 *   while a producer keeps sending: the members find the new coordinator, keep committing, and every record is
 *   processed at least once.</li>
 * </ul>
 * Each scenario prints its counts on stdout. Nothing asserts on timing: the awaits are generous, for a loaded
 * 2-core machine, and each scenario ends well within two minutes.
 */
abstract class FailoverScenarios {
    /** Records per second the producers send. */
    static final int RATE = 2_000;
    /** The group members' {@code session.timeout.ms}: Kafka's (and the mock's) {@code group.min.session.timeout.ms}. */
    static final int SESSION_TIMEOUT_MS = 6_000;
    static final AutoOffsetReset RESET = AutoOffsetReset.EARLIEST;
    private static final Duration LONG = Duration.ofSeconds(90);

    // ------------------------------------------------------------------------------------------------ backend

    /** Which backend runs, for the printed counts. */
    protected abstract String backend();

    /** A new client transport to the cluster (another client process, as it were). */
    protected abstract Transport openTransport();

    /** The cluster's {@code bootstrap.servers} over TCP, for the member in the child JVM. */
    protected abstract String bootstrapServers();

    /** Creates a topic with replication factor 3 and {@code min.insync.replicas=2}. */
    protected abstract void createTopic(String topic, int partitions) throws Exception;

    /** The leader (-1 if none) and in-sync replicas of a partition, as the cluster sees them now. */
    protected abstract Leadership leadership(String topic, int partition) throws Exception;

    /** The broker that coordinates {@code group} now. */
    protected abstract int coordinator(String group) throws Exception;

    /** Kills a broker abruptly ({@code kill -9} of a real broker; {@code stopBroker} of the mock). */
    protected abstract void killBroker(int brokerId);

    /** Restarts a killed broker. */
    protected abstract void startBroker(int brokerId);

    /** Restarts any broker an earlier scenario left stopped. */
    protected abstract void startAllBrokers();

    /** A partition's leader and ISR. */
    record Leadership(int leader, Set<Integer> isr) {
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
    }

    private Transport transport() {
        Transport t = openTransport();
        closeables.add(t::close);
        return t;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A group member's consumer: manual commits, from the earliest offset, the scenario's session timeout. */
    static Consumer<String, String> member(Transport transport, String group, int sessionTimeoutMs,
            Deserializer<String> deserializer) {
        return Consumer.builder(deserializer, deserializer).transport(transport).groupId(group)
                .enableAutoCommit(false).autoOffsetReset(RESET).sessionTimeout(Duration.ofMillis(sessionTimeoutMs))
                .heartbeatInterval(Duration.ofMillis(sessionTimeoutMs / 6)).maxPollRecords(200).build();
    }

    private void awaitFullIsr(String topic, int partitions) {
        await("every partition of " + topic + " led, with 3 in-sync replicas").atMost(LONG).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (int p = 0; p < partitions; p++) {
                        Leadership l = leadership(topic, p);
                        if (l.leader() < 0 || l.isr().size() < 3) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Sends {@code key-(seq % 60)} = {@code seq} at {@link #RATE} records/s from its own thread, into a ledger. */
    static final class Pacer extends Thread {
        private final Producer<String, String> producer;
        private final String topic;
        private final int rate;
        private final ProduceLedger ledger;
        private volatile boolean running = true;

        Pacer(Producer<String, String> producer, String topic, int rate, ProduceLedger ledger) {
            super("failover-pacer");
            this.producer = producer;
            this.topic = topic;
            this.rate = rate;
            this.ledger = ledger;
            setDaemon(true);
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            for (long seq = 0; running; seq++) {
                long due = start + seq * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing, not waiting for a condition
                }
                long s = seq;
                ledger.sent.incrementAndGet();
                try {
                    producer.send(new ProducerRecord<>(topic, "key-" + (s % 60), Long.toString(s)))
                            .whenComplete((md, error) -> ledger.complete(s, md, error));
                } catch (RuntimeException e) {
                    ledger.complete(s, null, e);
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** What the producer was told about each record, by sequence number. */
    static final class ProduceLedger {
        final AtomicLong sent = new AtomicLong();
        final Map<Long, RecordMetadata> acked = new ConcurrentHashMap<>();
        final Map<Long, Throwable> failed = new ConcurrentHashMap<>();

        void complete(long seq, RecordMetadata md, Throwable error) {
            if (error != null) {
                failed.put(seq, error);
            } else {
                acked.put(seq, md);
            }
        }

        long pending() {
            return sent.get() - acked.size() - failed.size();
        }

        long ackedFrom(int partition, long firstSeq) {
            return acked.entrySet().stream()
                    .filter(e -> e.getKey() >= firstSeq && e.getValue().partition() == partition).count();
        }

        long ackedFrom(long firstSeq) {
            return acked.keySet().stream().filter(s -> s >= firstSeq).count();
        }
    }

    private Producer<String, String> producer(Transport transport, Duration deliveryTimeout) {
        Duration requestTimeout = deliveryTimeout.compareTo(Duration.ofSeconds(20)) < 0
                ? deliveryTimeout.dividedBy(2) : Duration.ofSeconds(10);
        Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).acks(Acks.ALL).enableIdempotence(true).linger(Duration.ofMillis(5))
                .requestTimeout(requestTimeout).deliveryTimeout(deliveryTimeout).build();
        closeables.add(producer::close);
        return producer;
    }

    /** One record read back: its offset and sequence number. */
    record Read(long offset, long seq) {
    }

    /** Reads every partition of {@code topic} from the beginning to its end offset with a group-less consumer. */
    private Map<Integer, List<Read>> readAll(String topic, int partitions) {
        Map<Integer, List<Read>> out = new TreeMap<>();
        try (Consumer<String, String> consumer = Consumer.builder(Deserializers.forString(),
                Deserializers.forString()).transport(transport()).build()) {
            List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p))
                    .collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, LONG);
            tps.forEach(tp -> out.put(tp.partition(), new ArrayList<>()));
            await("reading " + topic + " up to " + end).atMost(LONG).pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.get(r.partition()).add(new Read(r.offset(), Long.parseLong(r.value())));
                }
                return tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ producer

    /**
     * With a {@code delivery.timeout.ms} of 90 s every record outlives the outage and is acknowledged; with 4 s, the
     * records of partition 0 sent while it has no reachable leader (about the broker session timeout of a real
     * cluster) fail with a timeout, and the producer goes on with a fresh producer id.
     */
    @ParameterizedTest(name = "delivery.timeout.ms={0}")
    @ValueSource(ints = {90_000, 4_000})
    void idempotentProducerLosesNothingWhileThePartitionLeaderIsKilledAndRestarted(int deliveryTimeoutMs)
            throws Exception {
        startAllBrokers();
        int partitions = 3;
        String topic = unique("failover-produce");
        createTopic(topic, partitions);
        awaitFullIsr(topic, partitions);
        ProduceLedger ledger = new ProduceLedger();
        Producer<String, String> producer = producer(transport(), Duration.ofMillis(deliveryTimeoutMs));
        Pacer pacer = new Pacer(producer, topic, RATE, ledger);
        pacer.start();

        await("first acknowledgements").atMost(LONG).until(() -> ledger.acked.size() >= RATE);
        int victim = leadership(topic, 0).leader();
        long seqAtKill = ledger.sent.get();
        killBroker(victim);
        long killedNanos = System.nanoTime();
        await("a new leader for partition 0").atMost(LONG).ignoreExceptions().pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    int leader = leadership(topic, 0).leader();
                    return leader >= 0 && leader != victim;
                });
        await("acknowledgements on partition 0 for records sent after the kill").atMost(LONG)
                .pollInterval(Duration.ofMillis(200)).until(() -> ledger.ackedFrom(0, seqAtKill) >= RATE / 10);
        long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos);
        int newLeader = leadership(topic, 0).leader();

        startBroker(victim);
        await("broker " + victim + " back in every ISR").atMost(LONG).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (int p = 0; p < partitions; p++) {
                        if (!leadership(topic, p).isr().contains(victim)) {
                            return false;
                        }
                    }
                    return true;
                });
        long seqAtRestart = ledger.sent.get();
        await("acknowledgements after the restart").atMost(LONG).until(() -> ledger.ackedFrom(seqAtRestart) >= RATE);
        pacer.finish();
        producer.flush();
        await("every send completed").atMost(LONG).until(() -> ledger.pending() == 0);

        Map<Integer, List<Read>> read = readAll(topic, partitions);
        Map<Long, Integer> timesRead = new HashMap<>();
        long outOfOrder = 0;
        long wrongOffset = 0;
        long readCount = 0;
        for (Map.Entry<Integer, List<Read>> e : read.entrySet()) {
            long previous = -1;
            for (Read r : e.getValue()) {
                readCount++;
                timesRead.merge(r.seq(), 1, Integer::sum);
                if (r.seq() <= previous) {
                    outOfOrder++;
                }
                previous = r.seq();
                RecordMetadata md = ledger.acked.get(r.seq());
                if (md != null && (md.partition() != e.getKey() || md.offset() != r.offset())) {
                    wrongOffset++;
                }
            }
        }
        long lost = ledger.acked.keySet().stream().filter(s -> !timesRead.containsKey(s)).count();
        long duplicated = timesRead.values().stream().mapToLong(n -> n - 1).sum();
        long failedButWritten = ledger.failed.keySet().stream().filter(timesRead::containsKey).count();
        long neverSent = timesRead.keySet().stream().filter(s -> s >= ledger.sent.get()).count();
        Map<String, Long> failures = ledger.failed.values().stream()
                .collect(Collectors.groupingBy(t -> t.getClass().getSimpleName(), TreeMap::new,
                        Collectors.counting()));
        System.out.printf("[%s] producer failover, delivery.timeout.ms=%d: sent=%d acknowledged=%d failed=%d %s "
                        + "(of which written=%d) read=%d lost=%d duplicated=%d outOfOrder=%d wrongOffset=%d; "
                        + "killed broker %d (leader of partition 0) at seq %d, partition 0 acknowledged again %d ms "
                        + "later (leader %d), restarted at seq %d%n",
                backend(), deliveryTimeoutMs, ledger.sent.get(), ledger.acked.size(), ledger.failed.size(), failures,
                failedButWritten, readCount, lost, duplicated, outOfOrder, wrongOffset, victim, seqAtKill, resumedMs,
                newLeader, seqAtRestart);

        assertThat(ledger.acked.size() + ledger.failed.size()).as("every send completed").isEqualTo(
                ledger.sent.get());
        assertThat(lost).as("acknowledged records missing from the log").isZero();
        assertThat(duplicated).as("records written twice").isZero();
        assertThat(outOfOrder).as("records out of send order within a partition").isZero();
        assertThat(wrongOffset).as("records at another offset than acknowledged").isZero();
        assertThat(neverSent).as("records nobody sent").isZero();
    }

    // ------------------------------------------------------------------------------------------------ consumer

    /**
     * A consumer reading partition 0 while its leader is killed and restarted (a clean leader change: the new leader
     * is in sync) validates its position with the new leader (KIP-320) and reads on: every offset once, in order,
     * none skipped, every acknowledged record read.
     */
    @Test
    void aConsumerReadsOnAcrossALeaderChangeWithoutGapsOrDuplicates() throws Exception {
        startAllBrokers();
        String topic = unique("failover-consume");
        createTopic(topic, 1);
        awaitFullIsr(topic, 1);
        ProduceLedger ledger = new ProduceLedger();
        Producer<String, String> producer = producer(transport(), Duration.ofSeconds(90));
        Pacer pacer = new Pacer(producer, topic, RATE, ledger);
        TopicPartition tp = new TopicPartition(topic, 0);
        Consumer<String, String> consumer = Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(transport()).autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(200).build();
        closeables.add(consumer::close);
        consumer.assign(List.of(tp));
        List<Read> read = new ArrayList<>();
        pacer.start();

        await("first records read").atMost(LONG).until(() -> pollInto(consumer, read) >= RATE / 2);
        int victim = leadership(topic, 0).leader();
        killBroker(victim);
        long readAtKill = read.size();
        await("a new leader").atMost(LONG).ignoreExceptions().pollInterval(Duration.ofMillis(200)).until(() -> {
            pollInto(consumer, read);
            int leader = leadership(topic, 0).leader();
            return leader >= 0 && leader != victim;
        });
        await("records read from the new leader").atMost(LONG)
                .until(() -> pollInto(consumer, read) >= readAtKill + RATE);
        int newLeader = leadership(topic, 0).leader();
        startBroker(victim);
        pacer.finish();
        producer.flush();
        await("every send completed").atMost(LONG).until(() -> ledger.pending() == 0);
        long end = ledger.acked.values().stream().mapToLong(RecordMetadata::offset).max().orElse(-1) + 1;
        await("read to offset " + end).atMost(LONG).until(() -> {
            pollInto(consumer, read);
            return !read.isEmpty() && read.get(read.size() - 1).offset() >= end - 1;
        });

        long gapsOrDuplicates = 0;
        for (int i = 0; i < read.size(); i++) {
            if (read.get(i).offset() != i) {
                gapsOrDuplicates++;
            }
        }
        Set<Long> seqs = new HashSet<>();
        read.forEach(r -> seqs.add(r.seq()));
        long unread = ledger.acked.keySet().stream().filter(s -> !seqs.contains(s)).count();
        System.out.printf("[%s] consumer failover: acknowledged=%d read=%d (%d before the kill of leader %d, new "
                + "leader %d) offsets out of place=%d acknowledged but unread=%d%n", backend(), ledger.acked.size(),
                read.size(), readAtKill, victim, newLeader, gapsOrDuplicates, unread);
        assertThat(gapsOrDuplicates).as("offsets read out of place (a gap or a duplicate)").isZero();
        assertThat(seqs).as("distinct records read").hasSize(read.size());
        assertThat(unread).as("acknowledged records not read").isZero();
    }

    private static int pollInto(Consumer<String, String> consumer, List<Read> read) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
            read.add(new Read(r.offset(), Long.parseLong(r.value())));
        }
        return read.size();
    }

    // ------------------------------------------------------------------------------------------------ group

    /** A member's events in this JVM: records processed, commits accepted, its latest assignment. */
    static final class Recorder implements GroupMember.Events {
        final String name;
        /** {partition, offset, System.nanoTime()} per record processed. */
        final ConcurrentLinkedQueue<long[]> processed = new ConcurrentLinkedQueue<>();
        final Map<Integer, Long> committed = new ConcurrentHashMap<>();
        final Map<Integer, Long> attempted = new ConcurrentHashMap<>();
        /** Partitions with an accepted commit since the latest assignment. */
        final Set<Integer> committedSinceAssigned = ConcurrentHashMap.newKeySet();
        volatile Set<Integer> assignment = Set.of();
        /** {System.nanoTime(), assignment} per assignment change, for the failure report. */
        final ConcurrentLinkedQueue<Map.Entry<Long, Set<Integer>>> assignments = new ConcurrentLinkedQueue<>();

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void processed(int partition, long offset) {
            processed.add(new long[] {partition, offset, System.nanoTime()});
        }

        @Override
        public void committing(int partition, long nextOffset) {
            attempted.merge(partition, nextOffset, Math::max);
        }

        @Override
        public void committed(int partition, long nextOffset) {
            committed.merge(partition, nextOffset, Math::max);
            committedSinceAssigned.add(partition);
        }

        @Override
        public void assigned(Set<Integer> partitions) {
            committedSinceAssigned.clear();
            assignment = Set.copyOf(partitions);
            assignments.add(Map.entry(System.nanoTime(), new TreeSet<>(partitions)));
        }

        /**
         * What this member did with {@code partition} around {@code nanos} (ms relative to it): its assignments, and
         * the first and last offsets it processed before and after, for a failure report.
         */
        String around(int partition, long nanos) {
            StringBuilder sb = new StringBuilder(name).append(": assignments");
            for (Map.Entry<Long, Set<Integer>> a : assignments) {
                sb.append(' ').append(TimeUnit.NANOSECONDS.toMillis(a.getKey() - nanos)).append("ms=")
                        .append(a.getValue());
            }
            long[] before = {-1, -1, 0};
            long[] after = {-1, -1, 0};
            for (long[] e : processed) {
                if (e[0] == partition) {
                    long[] range = e[2] - nanos > 0 ? after : before;
                    if (range[0] < 0) {
                        range[0] = e[1];
                        range[2] = TimeUnit.NANOSECONDS.toMillis(e[2] - nanos);
                    }
                    range[1] = e[1];
                }
            }
            return sb.append("; partition ").append(partition).append(" processed before: ").append(before[0])
                    .append("..").append(before[1]).append(", after: ").append(after[0]).append("..").append(after[1])
                    .append(" (first at ").append(after[2]).append("ms)").toString();
        }

        /** The first offset of {@code partition} this member processed after {@code nanos}, or -1. */
        long firstAfter(int partition, long nanos) {
            for (long[] e : processed) {
                if (e[0] == partition && e[2] - nanos > 0) {
                    return e[1];
                }
            }
            return -1;
        }

        /** Why reading a child member's stdout stopped before its end, or null. */
        volatile IOException readFailure;

        /**
         * Reads a child member's stdout lines (see {@link GroupMemberMain}) to their end (EOF once the child is
         * gone); a read error is kept in {@link #readFailure}.
         */
        void readFrom(Process process) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.split(" ", -1);
                    try {
                        switch (f[0]) {
                            case "R" -> processed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                            case "T" -> committing(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                            case "C" -> committed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                            case "A" -> assigned(f[1].isEmpty() ? Set.of()
                                    : java.util.Arrays.stream(f[1].split(",")).map(Integer::valueOf)
                                            .collect(Collectors.toSet()));
                            default -> {
                                // not an event line
                            }
                        }
                    } catch (RuntimeException e) {
                        // a partial last line of a killed process
                    }
                }
            } catch (IOException e) {
                readFailure = e;
            }
        }
    }

    /** Starts {@link GroupMemberMain} in a child JVM on this test's class path. */
    private Process startChildMember(String group, String topic) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty(
                "java.io.tmpdir"));
        File log = dir.resolve("failover-member-" + backend() + "-" + group + ".log").toFile();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), GroupMemberMain.class.getName(), bootstrapServers(),
                group, topic, Integer.toString(SESSION_TIMEOUT_MS))
                .redirectError(log).start();
        closeables.add(() -> {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        });
        return process;
    }

    @Test
    void aKilledMembersPartitionsResumeFromItsLastCommitAndNoRecordIsLost() throws Exception {
        startAllBrokers();
        int partitions = 6;
        String topic = unique("failover-group");
        String group = unique("failover-group");
        createTopic(topic, partitions);
        awaitFullIsr(topic, partitions);
        ProduceLedger ledger = new ProduceLedger();
        Producer<String, String> producer = producer(transport(), Duration.ofSeconds(90));
        Pacer pacer = new Pacer(producer, topic, RATE / 2, ledger);
        pacer.start();

        Recorder victim = new Recorder("victim (child JVM)");
        Process child = startChildMember(group, topic);
        Thread childReader = new Thread(() -> victim.readFrom(child), "failover-child-reader");
        childReader.setDaemon(true);
        childReader.start();
        List<Recorder> survivors = List.of(new Recorder("survivor-1"), new Recorder("survivor-2"));
        List<Thread> survivorThreads = new ArrayList<>();
        AtomicLong stop = new AtomicLong();
        for (Recorder r : survivors) {
            Consumer<String, String> consumer = member(transport(), group, SESSION_TIMEOUT_MS,
                    Deserializers.forString());
            Thread t = new Thread(() -> {
                try {
                    GroupMember.run(consumer, topic, r, () -> stop.get() == 0);
                } finally {
                    consumer.close(); // LeaveGroup: the survivors leave cleanly
                }
            }, "failover-" + r.name);
            t.setDaemon(true);
            t.start();
            survivorThreads.add(t);
        }
        closeables.add(() -> {
            stop.set(1);
            for (Thread t : survivorThreads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        });

        Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
        await("three members share the partitions and the child committed on each of its own").atMost(LONG)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Set<Integer> v = victim.assignment;
                    Set<Integer> s0 = survivors.get(0).assignment;
                    Set<Integer> s1 = survivors.get(1).assignment;
                    Set<Integer> union = new HashSet<>(v);
                    union.addAll(s0);
                    union.addAll(s1);
                    return !v.isEmpty() && !s0.isEmpty() && !s1.isEmpty() && union.equals(all)
                            && v.size() + s0.size() + s1.size() == partitions
                            && victim.committedSinceAssigned.containsAll(v) && victim.processed.size() >= 200;
                });
        Set<Integer> victimPartitions = new TreeSet<>(victim.assignment);
        long killNanos = System.nanoTime();
        // SIGKILL: no LeaveGroup, no last commit. Through its ProcessHandle: Process.destroyForcibly() also closes
        // this side of the child's stdout, which drops the lines the child wrote but the reader had not read yet
        // (its last records and commits: under load the reader lags, and they then looked lost).
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        childReader.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(childReader.isAlive()).as("the child's stdout read to its end").isFalse();
        assertThat(victim.readFailure).as("error reading the child's stdout").isNull();
        Map<Integer, Long> victimCommitted = new TreeMap<>(victim.committed);
        Map<Integer, Long> victimAttempted = new TreeMap<>(victim.attempted);

        await("the survivors own every partition").atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> {
            Set<Integer> union = new HashSet<>(survivors.get(0).assignment);
            union.addAll(survivors.get(1).assignment);
            return union.equals(all);
        });
        long rebalanceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killNanos);
        await("the survivors process the dead member's partitions").atMost(LONG).until(() ->
                victimPartitions.stream().allMatch(p -> survivors.stream().anyMatch(s -> s.firstAfter(p,
                        killNanos) >= 0)));
        pacer.finish();
        producer.flush();
        await("every send completed").atMost(LONG).until(() -> ledger.pending() == 0);
        Map<Integer, Long> end = new TreeMap<>();
        ledger.acked.values().forEach(md -> end.merge(md.partition(), md.offset() + 1, Math::max));
        await("the survivors committed everything produced").atMost(LONG).pollInterval(Duration.ofMillis(100))
                .until(() -> end.entrySet().stream().allMatch(e -> survivors.stream().anyMatch(s ->
                        s.committed.getOrDefault(e.getKey(), -1L) >= e.getValue())));
        stop.set(1);
        for (Thread t : survivorThreads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        // Every record up to the end processed by some member (the victim reports a record before it commits it).
        Map<String, Long> seen = new HashMap<>();
        long events = 0;
        for (Recorder r : List.of(victim, survivors.get(0), survivors.get(1))) {
            for (long[] e : r.processed) {
                events++;
                seen.merge(e[0] + ":" + e[1], 1L, Long::sum);
            }
        }
        long lost = 0;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            for (long o = 0; o < e.getValue(); o++) {
                if (!seen.containsKey(e.getKey() + ":" + o)) {
                    lost++;
                    if (missing.size() < 20) {
                        missing.add(e.getKey() + ":" + o + " (" + survivors.get(0).around(e.getKey(), killNanos)
                                + "; " + survivors.get(1).around(e.getKey(), killNanos) + "; "
                                + victim.around(e.getKey(), killNanos) + ")");
                    }
                }
            }
        }
        long produced = end.values().stream().mapToLong(Long::longValue).sum();
        long duplicated = events - seen.size();
        Map<Integer, Long> resumedAt = new TreeMap<>();
        for (int p : victimPartitions) {
            long first = survivors.stream().mapToLong(s -> s.firstAfter(p, killNanos)).filter(o -> o >= 0).min()
                    .orElse(-1);
            resumedAt.put(p, first);
        }
        System.out.printf("[%s] group failover: produced=%d (acknowledged=%d failed=%d) processed=%d distinct=%d "
                        + "lost=%d duplicated=%d; victim (child JVM, kill -9) held %s, last commits accepted %s (last "
                        + "asked %s), processed %d;"
                        + " survivors resumed its partitions at %s; survivors owned all partitions %d ms after the "
                        + "kill (session.timeout.ms=%d)%n",
                backend(), produced, ledger.acked.size(), ledger.failed.size(), events, seen.size(), lost,
                duplicated, victimPartitions, victimCommitted, victimAttempted, victim.processed.size(), resumedAt,
                rebalanceMs, SESSION_TIMEOUT_MS);

        assertThat(ledger.failed).as("failed sends (no broker died)").isEmpty();
        assertThat(lost).as("records no member processed, first ones: %s", missing).isZero();
        for (int p : victimPartitions) {
            // The group's committed offset is the victim's last accepted commit, or the one it was still asking
            // for when it died (accepted, but the answer never reached it): the survivors resume between the two.
            assertThat(resumedAt.get(p)).as("offset at which a survivor resumed partition %d (%s; %s; %s)", p,
                    survivors.get(0).around(p, killNanos), survivors.get(1).around(p, killNanos),
                    victim.around(p, killNanos)).isBetween(victimCommitted.get(p), victimAttempted.get(p));
        }
    }

    @Test
    void membersFindTheNewCoordinatorWhenItsBrokerIsKilledAndNoRecordIsLost() throws Exception {
        startAllBrokers();
        int partitions = 4;
        String topic = unique("failover-coordinator");
        String group = unique("failover-coordinator");
        createTopic(topic, partitions);
        awaitFullIsr(topic, partitions);
        ProduceLedger ledger = new ProduceLedger();
        Producer<String, String> producer = producer(transport(), Duration.ofSeconds(90));
        Pacer pacer = new Pacer(producer, topic, RATE / 2, ledger);
        pacer.start();
        List<Recorder> members = List.of(new Recorder("member-1"), new Recorder("member-2"));
        AtomicLong stop = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Recorder r : members) {
            Consumer<String, String> consumer = member(transport(), group, SESSION_TIMEOUT_MS,
                    Deserializers.forString());
            Thread t = new Thread(() -> {
                try {
                    GroupMember.run(consumer, topic, r, () -> stop.get() == 0);
                } finally {
                    consumer.close();
                }
            }, "failover-" + r.name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        closeables.add(() -> {
            stop.set(1);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        });
        Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
        await("both members consume and commit").atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() ->
                !members.get(0).assignment.isEmpty() && !members.get(1).assignment.isEmpty()
                        && members.stream().flatMap(m -> m.committed.keySet().stream()).collect(Collectors.toSet())
                        .equals(all));

        int victim = coordinator(group);
        Map<Integer, Long> before = committed(members);
        killBroker(victim);
        long killNanos = System.nanoTime();
        await("commits move on for every partition after the coordinator's broker died").atMost(LONG)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Map<Integer, Long> now = committed(members);
                    return all.stream().allMatch(p -> now.getOrDefault(p, 0L) > before.getOrDefault(p, 0L) + 10);
                });
        long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killNanos);
        int newCoordinator;
        try {
            newCoordinator = coordinator(group);
        } catch (Exception e) {
            newCoordinator = -1; // only printed
        }
        startBroker(victim);
        await("broker " + victim + " back in every ISR").atMost(LONG).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (int p = 0; p < partitions; p++) {
                        if (!leadership(topic, p).isr().contains(victim)) {
                            return false;
                        }
                    }
                    return true;
                });
        pacer.finish();
        producer.flush();
        await("every send completed").atMost(LONG).until(() -> ledger.pending() == 0);
        Map<Integer, Long> end = new TreeMap<>();
        ledger.acked.values().forEach(md -> end.merge(md.partition(), md.offset() + 1, Math::max));
        await("the members committed everything produced").atMost(LONG).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Map<Integer, Long> now = committed(members);
                    return end.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), -1L) >= e.getValue());
                });
        stop.set(1);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        Map<String, Long> seen = new HashMap<>();
        long events = 0;
        for (Recorder r : members) {
            for (long[] e : r.processed) {
                events++;
                seen.merge(e[0] + ":" + e[1], 1L, Long::sum);
            }
        }
        long lost = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            for (long o = 0; o < e.getValue(); o++) {
                if (!seen.containsKey(e.getKey() + ":" + o)) {
                    lost++;
                }
            }
        }
        long produced = end.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("[%s] coordinator failover: produced=%d (acknowledged=%d failed=%d) processed=%d "
                        + "distinct=%d lost=%d duplicated=%d; killed broker %d (coordinator of the group), commits "
                        + "moved on for every partition %d ms later (coordinator %d)%n",
                backend(), produced, ledger.acked.size(), ledger.failed.size(), events, seen.size(), lost,
                events - seen.size(), victim, resumedMs, newCoordinator);

        assertThat(ledger.failed).as("failed sends (delivery.timeout.ms outlasts the outage)").isEmpty();
        assertThat(lost).as("records no member processed").isZero();
    }

    private static Map<Integer, Long> committed(List<Recorder> members) {
        Map<Integer, Long> out = new HashMap<>();
        members.forEach(m -> m.committed.forEach((p, o) -> out.merge(p, o, Math::max)));
        return out;
    }
}
