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
 * # cpu: process_ns=5123000000 main_ns=4870000000 wall_ms=6012 gc_ms=35 gc_count=12
 * }</pre>
 *
 * {@code process_ns} is the whole JVM's CPU time (all threads, user and system; JVM start-up, JIT and GC included) from
 * {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime()} read after {@code main} returned;
 * {@code main_ns} is the part spent after this wrapper started, {@code wall_ms} the wall time of {@code main},
 * {@code gc_*} the collectors' totals. The line starts with {@code "# cpu:"} and goes to stdout after everything the
 * program printed; {@link #parse} reads it back. Then the JVM exits with status 0, even if the program left
 * non-daemon threads behind. If {@code main} throws, its stack trace is printed and the JVM exits with status 1 without
 * a cpu line; if it calls {@link System#exit}, there is no cpu line either.
 */
public final class CpuTimed {
    /** The prefix of the line this wrapper prints. */
    public static final String PREFIX = "# cpu:";
    private static final Pattern LINE = Pattern.compile("^# cpu: process_ns=(\\d+) main_ns=(\\d+) wall_ms=(\\d+) "
            + "gc_ms=(\\d+) gc_count=(\\d+)$");

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
     */
    public record Usage(long processNanos, long mainNanos, long wallMillis, long gcMillis, long gcCount) {
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
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
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
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        System.out.flush();
        System.out.println(String.format(Locale.ROOT, "%s process_ns=%d main_ns=%d wall_ms=%d gc_ms=%d gc_count=%d",
                PREFIX, cpuEnd, cpuEnd - cpuStart, wallMillis, gcMillis, gcCount));
        System.out.flush();
        System.exit(0);
    }
}
