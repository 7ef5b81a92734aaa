package dev.samsa.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that fails a test class when Netty reports a leaked reference-counted object (a {@code ByteBuf}
 * garbage-collected before its last {@code release()}), instead of leaving the report as one log line among many.
 *
 * <p>It works with a detector of its own, {@link NettyLeakDetector}, which Netty uses when the test JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=dev.samsa.testkit.NettyLeakDetector}: every leak Netty reports (and
 * logs, as usual) is also kept here. After each test class, the extension asks the JVM for a collection, has each
 * detector read its reference queue (Netty reads it only when a new object is tracked) and fails the class with the
 * leaks' records. Netty finds a leak only once the object is collected, so a leak is reported after the class that
 * made it, or later: the records (where the object was created and last touched) say which code it was. With
 * {@code -Dio.netty.leakDetection.level=paranoid} every buffer is tracked; at Netty's default level one in 128 is.
 * Without the detector property the extension does nothing.
 *
 * <p>The build registers it for the integration tests, and the unit tests of the modules that set the root pom's
 * {@code leakCheck.unitTests}, by JUnit's extension auto-detection (this jar's
 * {@code META-INF/services}, with {@code junit.jupiter.extensions.autodetection.enabled=true}); {@code
 * @ExtendWith(NettyLeakCheck.class)} registers it on one class. Thread-safe.
 */
public final class NettyLeakCheck implements AfterAllCallback {
    static final List<NettyLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
    static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    /** Creates the extension; JUnit does this when it registers it. */
    public NettyLeakCheck() {
    }

    /**
     * Fails {@code context}'s class if a leak was reported since the previous class ended (or is found now).
     *
     * @throws AssertionError naming the number of leaks, with each leak's records
     * @throws InterruptedException if interrupted while the reference queue is given time to fill
     */
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        check(context.getDisplayName());
    }

    /** {@link #afterAll} for the class named {@code testClass}. */
    static void check(String testClass) throws InterruptedException {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak(s) reported by the end of " + testClass
                    + " (made by this class or an earlier one: see the records)\n" + String.join("\n", leaks));
        }
    }

    /**
     * Collects garbage, has every {@link NettyLeakDetector} read its reference queue, and returns (and forgets) the
     * leaks reported since the last call: an empty list when no detector was created.
     *
     * @throws InterruptedException if interrupted while the reference queue is given time to fill
     */
    public static List<String> collect() throws InterruptedException {
        if (!DETECTORS.isEmpty()) {
            // The collector enqueues cleared references from its own thread: a second round catches the late ones.
            for (int round = 0; round < 2; round++) {
                System.gc();
                Thread.sleep(20);
                for (NettyLeakDetector<?> d : DETECTORS) {
                    d.poll();
                }
            }
        }
        List<String> leaks = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            leaks.add(leak);
        }
        return leaks;
    }
}
