package dev.samsa.samples.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises where a JFR recording's CPU and allocations went, for reading a profile of {@link ProducerPerf} (or the
 * official tool) without a GUI:
 *
 * <pre>
 * java -cp samples/target/classes:$(cat samples/target/benchmark.classpath) dev.samsa.samples.perf.JfrHotMethods \
 *     target/producer-benchmark/runs/acks1-b16384-l5-none-p1-samsa.jfr [--top 30] [--focus dev.samsa.]
 * </pre>
 *
 * Prints, from the {@code jdk.ExecutionSample} events (Java code running on a CPU, sampled every 10-20 ms by the
 * {@code profile} settings): the share of samples per thread (digits in thread names folded), per top frame
 * ({@code self}), per method anywhere on the stack ({@code total}, counted once per sample), and per first frame in
 * the {@code --focus} package prefix (which of its methods the time is spent under, libraries included); from the
 * {@code jdk.ObjectAllocationSample} events, the allocation weight per allocated class and per allocating site (first
 * frame in the focus prefix). Native time (epoll waits, socket writes in the kernel) is not sampled by JFR and does
 * not show up.
 */
public final class JfrHotMethods {
    private JfrHotMethods() {
    }

    /**
     * @param args the recording file, then optional {@code --top N} (default 25) and {@code --focus PREFIX} (default
     *     {@code dev.samsa.})
     * @throws IOException if the recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JfrHotMethods RECORDING.jfr [--top N] [--focus PACKAGE-PREFIX]");
            System.exit(1);
        }
        Path file = Path.of(args[0]);
        int top = 25;
        String focus = "dev.samsa.";
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[i + 1]);
                case "--focus" -> focus = args[i + 1];
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        String prefix = focus;
        Predicate<String> inFocus = m -> m.startsWith(prefix);

        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> focusFrames = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedThread t = e.getThread("sampledThread");
                threads.merge(t == null ? "?" : t.getJavaName() == null ? "?" : t.getJavaName()
                        .replaceAll("[0-9]+", "N"), 1L, Long::sum);
                List<String> frames = frames(e.getStackTrace());
                if (frames.isEmpty()) {
                    continue;
                }
                self.merge(frames.get(0), 1L, Long::sum);
                Set<String> once = new HashSet<>(frames);
                for (String f : once) {
                    total.merge(f, 1L, Long::sum);
                }
                frames.stream().filter(inFocus).findFirst().ifPresent(f -> focusFrames.merge(f, 1L, Long::sum));
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                allocTotal += weight;
                allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                frames(e.getStackTrace()).stream().filter(inFocus).findFirst()
                        .ifPresent(f -> allocBySite.merge(f, weight, Long::sum));
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d execution samples, %.1f MB of sampled allocation weight%n", file,
                samples, allocTotal / 1e6);
        print("CPU samples by thread", threads, samples, top);
        print("CPU samples by top frame (self)", self, samples, top);
        print("CPU samples by method on the stack (total)", total, samples, top);
        print("CPU samples by first " + prefix + "* frame", focusFrames, samples, top);
        print("allocation weight by class", allocByClass, allocTotal, top);
        print("allocation weight by first " + prefix + "* frame", allocBySite, allocTotal, top);
    }

    private static List<String> frames(RecordedStackTrace stack) {
        List<String> out = new ArrayList<>();
        if (stack == null) {
            return out;
        }
        for (RecordedFrame f : stack.getFrames()) {
            RecordedMethod m = f.getMethod();
            if (m != null) {
                out.add(m.getType().getName() + "." + m.getName());
            }
        }
        return out;
    }

    private static void print(String title, Map<String, Long> counts, long all, int top) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, all),
                        e.getKey()));
    }
}
