package dev.samsa.samples.perf;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRebalanceListener;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.errors.SamsaException;
import dev.samsa.netty.NettyTransport;
import dev.samsa.serde.Deserializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samsa's {@code kafka-consumer-perf-test}: reads {@code --messages} records from {@code --topic} with a Samsa
 * {@link Consumer} (group {@code --group}, subscribed, from the earliest offset) over a {@link NettyTransport}, and
 * prints the same two lines as Kafka 4.1's {@code org.apache.kafka.tools.ConsumerPerformance}:
 *
 * <pre>
 * start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
 * 2026-11-22 01:20:00:000, 2026-11-22 01:20:03:000, 190.7349, 63.5783, 2000000, 666666.6667, 310, 2690, 70.9051, 743494.4238
 * </pre>
 *
 * Times are wall-clock ms ({@code --date-format}, default {@value #DEFAULT_DATE_FORMAT}); MB are MiB of key and value
 * bytes; rates are per second of the whole run (subscribe to the last record) and of the fetch time, which is the run
 * minus the time spent in rebalances (from subscribe, or a revocation, to the next assignment), as the official tool
 * measures them. The loop polls with a 100 ms timeout and stops after {@code --messages} records or after
 * {@code --timeout} ms without a record (then it prints the official tool's WARNING line first).
 *
 * <p>Flags: {@code --bootstrap-server} (required), {@code --topic} (required), {@code --messages} (required),
 * {@code --group} [perf-consumer-RANDOM], {@code --timeout} [10000 ms], {@code --consumer.config FILE},
 * {@code --fetch-size} [1048576 bytes: {@code max.partition.fetch.bytes}], {@code --socket-buffer-size} [2097152:
 * {@code receive.buffer.bytes}], {@code --from-latest}, {@code --hide-header}, {@code --date-format},
 * {@code --reporting-interval} [5000 ms], {@code --show-detailed-stats} (instead of the result line, one progress line
 * per reporting interval under the header {@value #DETAILED_HEADER}, as the official tool: end time of the interval,
 * thread id 0, total MiB, the interval's MiB/s, total records, the interval's records/s, the interval's rebalance ms,
 * its fetch ms, and its MiB/s and records/s of fetch time); {@code --print-metrics} is accepted and ignored (with a
 * note on stderr: Samsa has no metrics registry yet). The properties go to both the transport and the consumer
 * ({@link dev.samsa.consumer.ConsumerBuilder#config(Properties)}, which rejects keys it does not know), with
 * {@code check.crcs=false} and {@code client.id=perf-consumer-client} unless the file says otherwise, as the official
 * tool. Exit status: 0 on success or {@code --help}, 1 for bad flags, configuration errors or a failed poll.
 * Not thread-safe; one run per call of {@link #run}.
 */
public final class ConsumerPerf {
    static final String PROGRAM = "consumer-perf";
    /** The official tool's default {@code --date-format}. */
    static final String DEFAULT_DATE_FORMAT = "yyyy-MM-dd HH:mm:ss:SSS";
    /** The header line without detailed stats, as the official tool prints it. */
    public static final String HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
            + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    /** The header line with {@code --show-detailed-stats}, as the official tool prints it. */
    public static final String DETAILED_HEADER = "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
            + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    /** The official tool's default {@code --reporting-interval}, ms. */
    static final long DEFAULT_REPORTING_INTERVAL_MS = 5_000;

    static final String USAGE = "usage: " + PROGRAM + " --bootstrap-server HOST:PORT --topic TOPIC --messages N\n"
            + "       [--group GROUP] [--timeout MS] [--consumer.config FILE] [--fetch-size BYTES]\n"
            + "       [--socket-buffer-size BYTES] [--from-latest] [--hide-header] [--date-format FORMAT]\n"
            + "       [--reporting-interval MS] [--show-detailed-stats] [--print-metrics] [--help]";

    private ConsumerPerf() {
    }

    private static final String DEC = "(-?[0-9]+(?:[.,][0-9]+)?|NaN|-?Infinity|-?\u221E)";
    /** A progress line of {@code --show-detailed-stats}: date, thread id, then the result line's eight numbers. */
    static final Pattern PROGRESS = Pattern.compile("^(.+?), ([0-9]+), " + DEC + ", " + DEC + ", ([0-9]+), " + DEC
            + ", (-?[0-9]+), (-?[0-9]+), " + DEC + ", " + DEC + "$");

    /**
     * The numbers of a {@code --show-detailed-stats} progress line (the official tool's or this one's).
     *
     * @param time the formatted end of the interval
     * @param threadId always 0
     * @param mb MiB consumed so far
     * @param mbPerSec the interval's MiB per second
     * @param records records consumed so far
     * @param recordsPerSec the interval's records per second
     * @param rebalanceMs rebalance time the line reports, ms: as the official tool counts it, that since the start
     *     of the run on the first line, 0 on later ones
     * @param fetchMs the interval minus that rebalance time, ms (negative on a first line whose rebalance began
     *     before the interval)
     * @param fetchMbPerSec the interval's MiB per second of fetch time
     * @param fetchRecordsPerSec the interval's records per second of fetch time
     */
    public record Progress(String time, int threadId, double mb, double mbPerSec, long records, double recordsPerSec,
            long rebalanceMs, long fetchMs, double fetchMbPerSec, double fetchRecordsPerSec) {
    }

    /**
     * Parses a progress line of {@code --show-detailed-stats}.
     *
     * @param line one line of the tool's stdout
     * @return its numbers, or null if the line is not a progress line
     */
    public static Progress parseProgress(String line) {
        Matcher m = PROGRESS.matcher(line.strip());
        if (!m.matches()) {
            return null;
        }
        return new Progress(m.group(1), Integer.parseInt(m.group(2)), dec(m.group(3)), dec(m.group(4)),
                Long.parseLong(m.group(5)), dec(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(8)),
                dec(m.group(9)), dec(m.group(10)));
    }

    /** The result line: two dates, then MB, MB/s, count, count/s, rebalance ms, fetch ms, fetch MB/s, fetch count/s. */
    static final Pattern RESULT = Pattern.compile("^(.+?), (.+?), " + DEC + ", " + DEC + ", ([0-9]+), " + DEC
            + ", (-?[0-9]+), (-?[0-9]+), " + DEC + ", " + DEC + "$");

    /**
     * The numbers of a result line (the official tool's or this one's).
     *
     * @param startTime the formatted start time
     * @param endTime the formatted end time
     * @param mb MiB of keys and values consumed
     * @param mbPerSec MiB per second of the whole run
     * @param records records consumed
     * @param recordsPerSec records per second of the whole run ({@code nMsg.sec})
     * @param rebalanceMs time spent in rebalances, ms
     * @param fetchMs the run's time minus the rebalances, ms
     * @param fetchMbPerSec MiB per second of fetch time
     * @param fetchRecordsPerSec records per second of fetch time
     */
    public record Result(String startTime, String endTime, double mb, double mbPerSec, long records,
            double recordsPerSec, long rebalanceMs, long fetchMs, double fetchMbPerSec, double fetchRecordsPerSec) {
    }

    /**
     * Parses a result line. Decimals may use a point or a comma (the tools format with the default locale).
     *
     * @param line one line of the tool's stdout
     * @return its numbers, or null if the line is not a result line
     */
    public static Result parse(String line) {
        Matcher m = RESULT.matcher(line.strip());
        if (!m.matches()) {
            return null;
        }
        return new Result(m.group(1), m.group(2), dec(m.group(3)), dec(m.group(4)), Long.parseLong(m.group(5)),
                dec(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(8)), dec(m.group(9)),
                dec(m.group(10)));
    }

    private static double dec(String s) {
        return switch (s) {
            case "\u221E", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-\u221E", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s.replace(',', '.'));
        };
    }

    /** The parsed command line. */
    record Options(String bootstrap, String topic, long messages, String group, long timeoutMs, Path consumerConfig,
            int fetchSize, int socketBufferSize, boolean fromLatest, boolean hideHeader, String dateFormat,
            boolean showDetailedStats, boolean printMetrics, long reportingIntervalMs) {

        static Options parse(String[] args) {
            Map<String, String> flags = new LinkedHashMap<>();
            Set<String> switches = Set.of("--from-latest", "--hide-header", "--show-detailed-stats",
                    "--print-metrics");
            Set<String> valued = Set.of("--bootstrap-server", "--topic", "--messages", "--group", "--timeout",
                    "--consumer.config", "--fetch-size", "--socket-buffer-size", "--date-format",
                    "--reporting-interval");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (switches.contains(a)) {
                    flags.put(a, "true");
                } else if (valued.contains(a)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + a + " needs a value");
                    }
                    flags.put(a, args[++i]);
                } else {
                    throw new IllegalArgumentException("unrecognized option '" + a + "'");
                }
            }
            for (String required : List.of("--bootstrap-server", "--topic", "--messages")) {
                if (!flags.containsKey(required)) {
                    throw new IllegalArgumentException("missing required option " + required);
                }
            }
            long messages = parseLong(flags, "--messages", null);
            if (messages <= 0) {
                throw new IllegalArgumentException("--messages should be greater than zero");
            }
            long timeout = parseLong(flags, "--timeout", 10_000L);
            if (timeout < 0) {
                throw new IllegalArgumentException("--timeout must not be negative");
            }
            long reportingInterval = parseLong(flags, "--reporting-interval", DEFAULT_REPORTING_INTERVAL_MS);
            if (reportingInterval <= 0) {
                throw new IllegalArgumentException("Reporting interval must be greater than 0.");
            }
            return new Options(flags.get("--bootstrap-server"), flags.get("--topic"), messages,
                    flags.getOrDefault("--group", "perf-consumer-" + new Random().nextInt(100_000)), timeout,
                    flags.containsKey("--consumer.config") ? Path.of(flags.get("--consumer.config")) : null,
                    (int) parseLong(flags, "--fetch-size", 1024L * 1024), (int) parseLong(flags,
                            "--socket-buffer-size", 2L * 1024 * 1024),
                    flags.containsKey("--from-latest"), flags.containsKey("--hide-header"),
                    flags.getOrDefault("--date-format", DEFAULT_DATE_FORMAT),
                    flags.containsKey("--show-detailed-stats"), flags.containsKey("--print-metrics"),
                    reportingInterval);
        }

        private static long parseLong(Map<String, String> flags, String name, Long dflt) {
            String v = flags.get(name);
            if (v == null) {
                return dflt;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("could not convert '" + v + "' of " + name + " to a number");
            }
        }
    }

    /**
     * Runs the tool and exits the JVM with its status.
     *
     * @param args flags as in the class Javadoc
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the tool.
     *
     * @param args flags as in the class Javadoc
     * @param out where the header and the result line go
     * @param err where usage and errors go
     * @return the exit status: 0 on success, 1 on a bad flag, a configuration error or a failed run
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(USAGE);
            err.println(PROGRAM + ": error: " + e.getMessage());
            return 1;
        }
        try {
            return new Run(options, out, err).call();
        } catch (IOException | SamsaException | IllegalArgumentException e) {
            err.println(PROGRAM + ": error: " + e.getMessage());
            return 1;
        }
    }

    /** One run: subscribe, poll, report. */
    private static final class Run {
        private final Options options;
        private final PrintStream out;
        private final PrintStream err;
        private final RebalanceTimer rebalance = new RebalanceTimer(System::currentTimeMillis);
        private long messagesRead;
        private long bytesRead;

        Run(Options options, PrintStream out, PrintStream err) {
            this.options = options;
            this.out = out;
            this.err = err;
        }

        int call() throws IOException {
            if (options.printMetrics()) {
                err.println(PROGRAM + ": --print-metrics is ignored (Samsa has no metrics registry yet)");
            }
            SimpleDateFormat dates = new SimpleDateFormat(options.dateFormat());
            Properties props = new Properties();
            if (options.consumerConfig() != null) {
                try (InputStream in = Files.newInputStream(options.consumerConfig())) {
                    props.load(in);
                }
            }
            // As the official tool: the flags' settings overwrite the file's, client.id and check.crcs only default.
            props.put("bootstrap.servers", options.bootstrap());
            props.put("group.id", options.group());
            props.put("receive.buffer.bytes", Integer.toString(options.socketBufferSize()));
            props.put("max.partition.fetch.bytes", Integer.toString(options.fetchSize()));
            props.put("auto.offset.reset", options.fromLatest() ? "latest" : "earliest");
            props.putIfAbsent("check.crcs", "false");
            props.putIfAbsent("client.id", "perf-consumer-client");
            Map<String, Object> map = new LinkedHashMap<>();
            for (String name : props.stringPropertyNames()) {
                map.put(name, props.getProperty(name));
            }
            if (!options.hideHeader()) {
                out.println(options.showDetailedStats() ? DETAILED_HEADER : HEADER);
            }
            long startMs;
            long endMs;
            try (NettyTransport transport = NettyTransport.builder().config(map).build();
                    Consumer<byte[], byte[]> consumer = Consumer.builder(Deserializers.forByteArray(),
                            Deserializers.forByteArray()).transport(transport).config(props).build()) {
                startMs = System.currentTimeMillis();
                rebalance.start(startMs);
                consumer.subscribe(List.of(options.topic()), rebalance);
                consume(consumer, dates);
                if (messagesRead < options.messages()) {
                    out.printf("WARNING: Exiting before consuming the expected number of messages: timeout (%d ms) "
                            + "exceeded. You can use the --timeout option to increase the timeout.%n",
                            options.timeoutMs());
                }
                endMs = System.currentTimeMillis();
            }
            if (options.showDetailedStats()) {
                return 0; // the official tool prints no result line with detailed stats
            }
            double elapsedSec = (endMs - startMs) / 1_000.0;
            long joinTimeMs = rebalance.totalMs();
            long fetchTimeMs = (endMs - startMs) - joinTimeMs;
            double totalMb = bytesRead * 1.0 / (1024 * 1024);
            out.printf("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", dates.format(startMs), dates.format(endMs),
                    totalMb, totalMb / elapsedSec, messagesRead, messagesRead / elapsedSec, joinTimeMs, fetchTimeMs,
                    totalMb / (fetchTimeMs / 1000.0), messagesRead / (fetchTimeMs / 1000.0));
            return 0;
        }

        /**
         * Polls until {@code --messages} records were read or none came for {@code --timeout} ms, counting them into
         * {@link #messagesRead} and {@link #bytesRead}. Its own method, as the official tool's {@code consume}: the
         * JIT compiles this loop on its own instead of the whole run.
         */
        private void consume(Consumer<byte[], byte[]> consumer, SimpleDateFormat dates) {
            long messagesRead = 0;
            long bytesRead = 0;
            long now = System.currentTimeMillis();
            long lastConsumedMs = now;
            long lastReportMs = now;
            long lastMessagesRead = 0;
            long lastBytesRead = 0;
            Duration pollTimeout = Duration.ofMillis(100);
            while (messagesRead < options.messages() && now - lastConsumedMs <= options.timeoutMs()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                now = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    lastConsumedMs = now;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    messagesRead++;
                    if (r.key() != null) {
                        bytesRead += r.key().length;
                    }
                    if (r.value() != null) {
                        bytesRead += r.value().length;
                    }
                    // As the official tool: checked per record, against the time the poll returned.
                    if (now - lastReportMs >= options.reportingIntervalMs()) {
                        if (options.showDetailedStats()) {
                            printProgress(dates, bytesRead, lastBytesRead, messagesRead, lastMessagesRead,
                                    lastReportMs, now, rebalance.forProgressLine());
                        }
                        rebalance.intervalEnded();
                        lastReportMs = now;
                        lastMessagesRead = messagesRead;
                        lastBytesRead = bytesRead;
                    }
                }
            }
            this.messagesRead = messagesRead;
            this.bytesRead = bytesRead;
        }

        /** One {@code --show-detailed-stats} line, formatted as the official tool's. */
        private void printProgress(SimpleDateFormat dates, long bytesRead, long lastBytesRead, long messagesRead,
                long lastMessagesRead, long startMs, long endMs, long joinMs) {
            out.println(progressLine(dates, bytesRead, lastBytesRead, messagesRead, lastMessagesRead, startMs, endMs,
                    joinMs));
        }
    }

    /**
     * One {@code --show-detailed-stats} line, formatted and computed as the official tool's: the interval runs from
     * {@code startMs} to {@code endMs} (ms since the epoch), {@code fetch.time.ms} is its length less
     * {@code joinMs}. As the official tool's, it can be negative: the rebalance time of the first line counts from
     * before the interval starts (from before {@code subscribe}), and the rates are then 0.
     */
    static String progressLine(SimpleDateFormat dates, long bytesRead, long lastBytesRead, long messagesRead,
            long lastMessagesRead, long startMs, long endMs, long joinMs) {
        double elapsedMs = endMs - startMs;
        double totalMb = bytesRead / (1024.0 * 1024.0);
        double intervalMb = (bytesRead - lastBytesRead) / (1024.0 * 1024.0);
        long intervalMessages = messagesRead - lastMessagesRead;
        long fetchMs = endMs - startMs - joinMs;
        return String.format("%s, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f", dates.format(endMs), 0, totalMb,
                1000.0 * intervalMb / elapsedMs, messagesRead, intervalMessages / elapsedMs * 1000.0, joinMs, fetchMs,
                fetchMs <= 0 ? 0.0 : 1000.0 * intervalMb / fetchMs,
                fetchMs <= 0 ? 0.0 : 1000.0 * intervalMessages / fetchMs);
    }

    /**
     * The rebalance time as Kafka 4.1.1's ConsumerPerformance counts it (its {@code ConsumerPerfRebListener} and
     * {@code consume} loop): a rebalance starts when the consumer is left with no partition (at start, or when all
     * were revoked) and ends when it is assigned some again; partial revocations and additions are not counted. The
     * result line subtracts the total. The progress lines report the rebalance time counted since the start on the
     * first line and 0 on every later one: the official loop replaces its own reference to the per-interval counter
     * with a new zero after the first line, while its listener goes on adding to the one it was given.
     *
     * <p>Confined to the polling thread (the listener runs in {@code poll}).
     */
    static final class RebalanceTimer implements ConsumerRebalanceListener {
        private final LongSupplier clock;
        private final Set<TopicPartition> assigned = new HashSet<>();
        private long joinStartMs;
        private long totalMs;
        private long firstLineMs;
        private boolean linePrinted;

        /** @param clock the time in ms since the epoch */
        RebalanceTimer(LongSupplier clock) {
            this.clock = clock;
        }

        /** The run starts at {@code nowMs}: the first rebalance counts from it. */
        void start(long nowMs) {
            joinStartMs = nowMs;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            if (assigned.isEmpty()) {
                joinStartMs = clock.getAsLong();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (assigned.isEmpty()) {
                long elapsedMs = clock.getAsLong() - joinStartMs;
                totalMs += elapsedMs;
                firstLineMs += elapsedMs;
            }
            assigned.addAll(partitions);
        }

        /** Total rebalance time in ms, for the result line. */
        long totalMs() {
            return totalMs;
        }

        /** The rebalance time in ms the next progress line reports. */
        long forProgressLine() {
            return linePrinted ? 0 : firstLineMs;
        }

        /** A reporting interval ended (whether or not a line was printed, as in the official loop). */
        void intervalEnded() {
            linePrinted = true;
        }
    }
}
