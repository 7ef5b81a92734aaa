package dev.samsa.samples.perf;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
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
 * run of a few seconds the JIT compiler alone can be half of the process's CPU). The line starts with {@code "# cpu:"} and goes to stdout after everything the
 * program printed; {@link #parse} reads it back. Then the JVM exits with status 0, even if the program left
 * non-daemon threads behind. If {@code main} throws, its stack trace is printed and the JVM exits with status 1 without
 * a cpu line; if it calls {@link System#exit}, there is no cpu line either.
 */
public final class CpuTimed {
    /** The prefix of the line this wrapper prints. */
    public static final String PREFIX = "# cpu:";
    private static final Pattern LINE = Pattern.compile("^# cpu: process_ns=(\\d+) main_ns=(\\d+) wall_ms=(\\d+) "
            + "gc_ms=(\\d+) gc_count=(\\d+)(?: alloc_bytes=(\\d+))?(?: threads_cpu_ns=(\\d+))?$");
    /** How often the allocation sampler reads every thread's allocated bytes, ms. */
    static final int ALLOC_SAMPLE_MS = 20;

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
     */
    public record Usage(long processNanos, long mainNanos, long wallMillis, long gcMillis, long gcCount,
            long allocBytes, long threadsCpuNanos) {
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
                m.group(7) == null ? -1 : Long.parseLong(m.group(7)));
    }

    /**
     * @param args the main class's name, then its arguments
     * @throws Exception if the class or its {@code public static void main(String[])} cannot be found
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: CpuTimed MAIN-CLASS [ARGS...]");
            System.exit(1);
        }
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new NoSuchMethodException(args[0] + ".main is not static");
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AllocationSampler alloc = new AllocationSampler();
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(1);
        }
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        long cpuEnd = os.getProcessCpuTime();
        long allocBytes = alloc.stop();
        long threadsCpu = alloc.threadsCpuNanos();
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        System.out.flush();
        System.out.println(String.format(Locale.ROOT, "%s process_ns=%d main_ns=%d wall_ms=%d gc_ms=%d gc_count=%d "
                + "alloc_bytes=%d threads_cpu_ns=%d", PREFIX, cpuEnd, cpuEnd - cpuStart, wallMillis, gcMillis, gcCount,
                allocBytes, threadsCpu));
        System.out.flush();
        System.exit(0);
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
        private final Thread sampler;
        private volatile boolean running = true;

        AllocationSampler() {
            threads.setThreadAllocatedMemoryEnabled(true);
            sampler = new Thread(this::loop, "cpu-timed-alloc-sampler");
            sampler.setDaemon(true);
            synchronized (this) {
                sample(baseline, cpuBaseline);
            }
            sampler.start();
        }

        private void loop() {
            while (running) {
                try {
                    Thread.sleep(ALLOC_SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    sample(latest, cpuLatest);
                }
            }
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
                long sum = 0;
                for (java.util.Map.Entry<Long, Long> e : latest.entrySet()) {
                    sum += e.getValue() - baseline.getOrDefault(e.getKey(), 0L);
                }
                return sum;
            }
        }
    }
}
