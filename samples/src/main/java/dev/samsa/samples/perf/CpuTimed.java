package dev.samsa.samples.perf;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs another program's {@code main} in this JVM and then prints one line with the process's CPU time, so that a
 * benchmark can charge each client JVM for the CPU it burnt without racing the process's exit:
 *
 * <pre>{@code
 * java ... dev.samsa.samples.perf.CpuTimed org.apache.kafka.tools.ProducerPerformance --topic t ...
 * ...
 * # cpu: process_ns=5123000000 main_ns=4870000000 wall_ms=6012 gc_ms=35 gc_count=12 alloc_bytes=812345678
 * }</pre>
 *
 * {@code process_ns} is the whole JVM's CPU time (all threads, user and system; JVM start-up, JIT and GC included) from
 * {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime()} read after {@code main} returned;
 * {@code main_ns} is the part spent after this wrapper started, {@code wall_ms} the wall time of {@code main},
 * {@code gc_*} the collectors' totals, {@code alloc_bytes} the heap bytes allocated while {@code main} ran, summed over
 * every thread ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, sampled every
 * {@value #ALLOC_SAMPLE_MS} ms by a daemon thread that keeps each thread's largest value, so a thread that ends between
 * two samples loses at most its last {@value #ALLOC_SAMPLE_MS} ms; the sampler's own thread is left out), and
 * {@code threads_cpu_ns} the CPU time of the Java threads over the same span, sampled the same way: the program's own
 * work without the JIT compiler, the garbage collector and other VM threads, which {@code main_ns} includes (in a
 * run of a few seconds the JIT compiler alone can be half of the process's CPU). On Linux, {@code jit_ns} and
 * {@code gc_ns} are the CPU time of the JIT compiler threads and of the garbage collector's threads over the same span
 * (HotSpot's native threads, which the Java thread counters do not show; read from {@code /proc/self/task/<tid>/schedstat}
 * every {@value #NATIVE_SAMPLE_MS} ms, each thread's largest value kept, so compiler threads that the JVM retires
 * while idle are still counted); -1 where {@code /proc} has no such counters. What the four parts leave of
 * {@code main_ns} is the VM's own threads and the sampler. The line starts with {@code "# cpu:"} and goes to stdout
 * after everything the program printed; {@link #parse} reads it back. Then the JVM exits with status 0, even if the program left
 * non-daemon threads behind. If {@code main} throws, its stack trace is printed and the JVM exits with status 1 without
 * a cpu line; if it calls {@link System#exit}, there is no cpu line either.
 *
 * <p>With {@code --timeline FILE} (and optionally {@code --timeline-ms MS}, default {@value #DEFAULT_TIMELINE_MS},
 * rounded up to a multiple of {@value #NATIVE_SAMPLE_MS}) before the main class, it also writes a {@link Timeline}:
 * a CSV row of the same cumulative figures (process CPU, Java threads', JIT threads', GC threads' CPU, allocated
 * bytes, since {@code main} started) every {@code MS} ms and one at the end of {@code main} (equal to the cpu line).
 * The rows are kept in memory and written after {@code main} returned, so the run does no extra I/O; the sampler
 * reads nothing it does not read without the timeline.
 */
public final class CpuTimed {
    /** The prefix of the line this wrapper prints. */
    public static final String PREFIX = "# cpu:";
    private static final Pattern LINE = Pattern.compile("^# cpu: process_ns=(\\d+) main_ns=(\\d+) wall_ms=(\\d+) "
            + "gc_ms=(\\d+) gc_count=(\\d+)(?: alloc_bytes=(\\d+))?(?: threads_cpu_ns=(\\d+))?"
            + "(?: jit_ns=(-?\\d+) gc_ns=(-?\\d+))?$");
    /** How often the allocation sampler reads every thread's allocated bytes, ms. */
    static final int ALLOC_SAMPLE_MS = 20;
    /** How often the JIT and GC threads' CPU time is read from {@code /proc}, ms. */
    static final int NATIVE_SAMPLE_MS = 100;
    /** The timeline's default interval, ms. */
    static final int DEFAULT_TIMELINE_MS = 200;

    private CpuTimed() {
    }

    /**
     * What one run cost, as printed.
     *
     * @param processNanos the JVM's CPU time at the end, ns
     * @param mainNanos the CPU time spent while {@code main} ran, ns
     * @param wallMillis the wall time of {@code main}, ms
     * @param gcMillis total time of the collectors, ms
     * @param gcCount total collections
     * @param allocBytes heap bytes allocated by every thread while {@code main} ran; -1 if not printed
     * @param threadsCpuNanos CPU time of the JVM's Java threads (the program's and its clients' threads; not the JIT
     *     compiler, GC or other VM threads) while {@code main} ran, ns; -1 if not printed
     * @param jitNanos CPU time of the JIT compiler threads while {@code main} ran, ns; -1 if not printed or unknown
     * @param gcCpuNanos CPU time of the garbage collector's threads while {@code main} ran, ns; -1 if not printed or
     *     unknown
     */
    public record Usage(long processNanos, long mainNanos, long wallMillis, long gcMillis, long gcCount,
            long allocBytes, long threadsCpuNanos, long jitNanos, long gcCpuNanos) {
        /**
         * The same figures without the JIT and GC thread split (from a line printed before it existed).
         *
         * @param processNanos see the record
         * @param mainNanos see the record
         * @param wallMillis see the record
         * @param gcMillis see the record
         * @param gcCount see the record
         * @param allocBytes see the record
         * @param threadsCpuNanos see the record
         */
        public Usage(long processNanos, long mainNanos, long wallMillis, long gcMillis, long gcCount,
                long allocBytes, long threadsCpuNanos) {
            this(processNanos, mainNanos, wallMillis, gcMillis, gcCount, allocBytes, threadsCpuNanos, -1, -1);
        }

        /**
         * @param nanos one of this record's CPU figures, ns; negative when unknown
         * @param records the records the run handled
         * @return that figure per record in microseconds, or NaN when it is unknown
         */
        public static double microsPerRecord(long nanos, long records) {
            return nanos < 0 || records <= 0 ? Double.NaN : nanos / 1000.0 / records;
        }
    }

    /**
     * Reads a line printed by this wrapper.
     *
     * @param line one line of output
     * @return the usage, or null if the line is not a cpu line
     */
    public static Usage parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return null;
        }
        return new Usage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                m.group(6) == null ? -1 : Long.parseLong(m.group(6)),
                m.group(7) == null ? -1 : Long.parseLong(m.group(7)),
                m.group(8) == null ? -1 : Long.parseLong(m.group(8)),
                m.group(9) == null ? -1 : Long.parseLong(m.group(9)));
    }

    /**
     * @param args the main class's name, then its arguments
     * @throws Exception if the class or its {@code public static void main(String[])} cannot be found
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            System.err.println("usage: CpuTimed [--timeline FILE] [--timeline-ms MS] MAIN-CLASS [ARGS...]");
            System.exit(1);
        }
        Path timelineFile = options.timeline();
        int timelineMs = options.timelineMs();
        int first = options.mainIndex();
        Method main = Class.forName(args[first]).getMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new NoSuchMethodException(args[first] + ".main is not static");
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AllocationSampler alloc = new AllocationSampler();
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        if (timelineFile != null) {
            alloc.startTimeline(timelineMs, () -> os.getProcessCpuTime() - cpuStart, wallStart);
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, first + 1, args.length));
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(1);
        }
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        long cpuEnd = os.getProcessCpuTime();
        long allocBytes = alloc.stop();
        long threadsCpu = alloc.threadsCpuNanos();
        long[] jitGc = alloc.nativeThreads().totals();
        if (timelineFile != null) {
            List<Timeline.Row> rows = alloc.finishTimeline(new Timeline.Row(wallMillis, System.currentTimeMillis(),
                    cpuEnd - cpuStart, threadsCpu, jitGc[0], jitGc[1], allocBytes));
            try {
                Files.writeString(timelineFile, Timeline.csv(rows));
            } catch (IOException e) {
                System.err.println("CpuTimed: cannot write the timeline " + timelineFile + ": " + e);
            }
        }
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        System.out.flush();
        System.out.println(String.format(Locale.ROOT, "%s process_ns=%d main_ns=%d wall_ms=%d gc_ms=%d gc_count=%d "
                + "alloc_bytes=%d threads_cpu_ns=%d jit_ns=%d gc_ns=%d", PREFIX, cpuEnd, cpuEnd - cpuStart, wallMillis,
                gcMillis, gcCount, allocBytes, threadsCpu, jitGc[0], jitGc[1]));
        System.out.flush();
        System.exit(0);
    }

    /**
     * This wrapper's own flags, which come before the main class.
     *
     * @param timeline the timeline file, or null for none
     * @param timelineMs the timeline's interval, ms
     * @param mainIndex the index of the main class's name in the arguments
     */
    record Options(Path timeline, int timelineMs, int mainIndex) {
        /**
         * @param args the command line
         * @return the options, or null if there is no main class or an interval is not positive
         */
        static Options parse(String[] args) {
            Path timeline = null;
            int timelineMs = DEFAULT_TIMELINE_MS;
            int i = 0;
            while (i + 1 < args.length && (args[i].equals("--timeline") || args[i].equals("--timeline-ms"))) {
                if (args[i].equals("--timeline")) {
                    timeline = Path.of(args[i + 1]);
                } else {
                    try {
                        timelineMs = Integer.parseInt(args[i + 1]);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                i += 2;
            }
            return i < args.length && timelineMs > 0 ? new Options(timeline, timelineMs, i) : null;
        }
    }

    /**
     * Sums the heap bytes every thread allocated since construction: a daemon thread reads all threads' counters
     * every {@value #ALLOC_SAMPLE_MS} ms and keeps each thread's largest value (the counters only grow), so threads
     * that end during the run are counted up to their last sample. The baseline is each thread's counter at the first
     * sample (0 for threads born later).
     */
    static final class AllocationSampler {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final java.util.Map<Long, Long> baseline = new java.util.HashMap<>();
        private final java.util.Map<Long, Long> latest = new java.util.HashMap<>();
        private final java.util.Map<Long, Long> cpuBaseline = new java.util.HashMap<>();
        private final java.util.Map<Long, Long> cpuLatest = new java.util.HashMap<>();
        private final NativeThreads nativeThreads = new NativeThreads();
        private final Thread sampler;
        private volatile boolean running = true;
        /** Timeline rows (under this lock); null while there is no timeline. */
        private List<Timeline.Row> rows;
        private long timelineNanos;
        private long startNanos;
        private long lastRowNanos;
        private LongSupplier processCpu;

        AllocationSampler() {
            threads.setThreadAllocatedMemoryEnabled(true);
            sampler = new Thread(this::loop, "cpu-timed-alloc-sampler");
            sampler.setDaemon(true);
            synchronized (this) {
                sample(baseline, cpuBaseline);
                nativeThreads.sample(true);
            }
            sampler.start();
        }

        private void loop() {
            for (long n = 1; running; n++) {
                try {
                    Thread.sleep(ALLOC_SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    sample(latest, cpuLatest);
                    if (n % (NATIVE_SAMPLE_MS / ALLOC_SAMPLE_MS) == 0) {
                        nativeThreads.sample(false);
                        long now = System.nanoTime();
                        // Half a native sample of slack, so a 500 ms timeline takes every fifth sample.
                        if (rows != null && now - lastRowNanos >= timelineNanos - NATIVE_SAMPLE_MS * 500_000L) {
                            rows.add(row(now));
                            lastRowNanos = now;
                        }
                    }
                }
            }
        }

        /**
         * Starts keeping a timeline row every {@code periodMs} ms (at the native samples), with a first row of zeros.
         *
         * @param periodMs the rows' interval, ms
         * @param processCpu the process's CPU since {@code main} started, ns
         * @param startNanos {@link System#nanoTime()} when {@code main} started
         */
        synchronized void startTimeline(int periodMs, LongSupplier processCpu, long startNanos) {
            this.timelineNanos = TimeUnit.MILLISECONDS.toNanos(
                    (periodMs + NATIVE_SAMPLE_MS - 1) / NATIVE_SAMPLE_MS * (long) NATIVE_SAMPLE_MS);
            this.processCpu = processCpu;
            this.startNanos = startNanos;
            this.lastRowNanos = startNanos;
            this.rows = new ArrayList<>();
            rows.add(new Timeline.Row(0, System.currentTimeMillis(), 0, 0, nativeThreads.totals()[0] < 0 ? -1 : 0,
                    nativeThreads.totals()[1] < 0 ? -1 : 0, 0));
        }

        /** One row of the running totals; under this lock, right after a native sample. */
        private Timeline.Row row(long now) {
            long[] jitGc = nativeThreads.totals();
            return new Timeline.Row(TimeUnit.NANOSECONDS.toMillis(now - startNanos), System.currentTimeMillis(),
                    processCpu.getAsLong(), threadsCpuNanos(), jitGc[0], jitGc[1], sum(latest, baseline));
        }

        /**
         * Ends the timeline (call after {@link #stop()}).
         *
         * @param last the row at the end of {@code main}, with the cpu line's figures
         * @return every row, the given one last; empty if {@link #startTimeline} was not called
         */
        synchronized List<Timeline.Row> finishTimeline(Timeline.Row last) {
            if (rows == null) {
                return List.of();
            }
            List<Timeline.Row> all = new ArrayList<>(rows);
            all.add(last);
            rows = null;
            return all;
        }

        private static long sum(java.util.Map<Long, Long> now, java.util.Map<Long, Long> base) {
            long sum = 0;
            for (java.util.Map.Entry<Long, Long> e : now.entrySet()) {
                sum += e.getValue() - base.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }

        /** The JIT and GC threads' counters; complete after {@link #stop()}. */
        NativeThreads nativeThreads() {
            return nativeThreads;
        }

        private void sample(java.util.Map<Long, Long> into, java.util.Map<Long, Long> cpuInto) {
            long self = sampler.getId();
            long[] ids = threads.getAllThreadIds();
            long[] bytes = threads.getThreadAllocatedBytes(ids);
            long[] cpu = threads.getThreadCpuTime(ids);
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != self && bytes[i] >= 0) {
                    into.merge(ids[i], bytes[i], Math::max);
                }
                if (ids[i] != self && cpu[i] >= 0) {
                    cpuInto.merge(ids[i], cpu[i], Math::max);
                }
            }
        }

        /** The Java threads' CPU time between construction and {@link #stop()}, ns. */
        synchronized long threadsCpuNanos() {
            long sum = 0;
            for (java.util.Map.Entry<Long, Long> e : cpuLatest.entrySet()) {
                sum += e.getValue() - cpuBaseline.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }

        /** Stops sampling and returns the bytes allocated since construction. */
        long stop() {
            running = false;
            sampler.interrupt();
            synchronized (this) {
                sample(latest, cpuLatest);
                nativeThreads.sample(false);
                return sum(latest, baseline);
            }
        }
    }

    /**
     * CPU time of HotSpot's JIT compiler and garbage collector threads, from Linux's per-thread scheduler statistics
     * ({@code /proc/self/task/<tid>/schedstat}, first field: ns on a CPU). The threads are told apart by the name the
     * JVM gives them ({@code /proc/self/task/<tid>/comm}, cut at 15 characters): "C1 CompilerThre", "C2 CompilerThre"
     * and the code cache sweeper are the JIT; "GC Thread#n" and the G1 threads ("G1 Main Marker", "G1 Conc#n",
     * "G1 Refine#n", "G1 Service"...) the collector. Not thread-safe: the owner samples under its own lock.
     */
    static final class NativeThreads {
        private static final Path TASKS = Path.of("/proc/self/task");
        private final Map<String, String> kinds = new HashMap<>();
        private final Map<String, Long> baseline = new HashMap<>();
        private final Map<String, Long> latest = new HashMap<>();
        private boolean available = Files.isDirectory(TASKS);

        /**
         * @param threadName a thread's name as {@code /proc} shows it
         * @return "jit", "gc" or null for any other thread
         */
        static String kindOf(String threadName) {
            if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")
                    || threadName.startsWith("Sweeper")) {
                return "jit";
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
                return "gc";
            }
            return null;
        }

        void sample(boolean first) {
            if (!available) {
                return;
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    String tid = task.getFileName().toString();
                    String kind = kinds.computeIfAbsent(tid, t -> {
                        try {
                            String k = kindOf(Files.readString(task.resolve("comm")).strip());
                            return k == null ? "" : k;
                        } catch (IOException e) {
                            return "";
                        }
                    });
                    if (kind.isEmpty()) {
                        continue;
                    }
                    long ns;
                    try {
                        String stat = Files.readString(task.resolve("schedstat"));
                        ns = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    } catch (IOException | RuntimeException e) {
                        continue; // the thread ended between the listing and the read
                    }
                    (first ? baseline : latest).merge(tid, ns, Math::max);
                }
            } catch (IOException | RuntimeException e) {
                available = false;
            }
        }

        /** @return {JIT ns, GC ns} since the first sample, or {-1, -1} if {@code /proc} could not be read */
        long[] totals() {
            if (!available) {
                return new long[] {-1, -1};
            }
            long jit = 0;
            long gc = 0;
            for (Map.Entry<String, Long> e : latest.entrySet()) {
                long d = e.getValue() - baseline.getOrDefault(e.getKey(), 0L);
                if ("jit".equals(kinds.get(e.getKey()))) {
                    jit += d;
                } else {
                    gc += d;
                }
            }
            return new long[] {jit, gc};
        }
    }
}
