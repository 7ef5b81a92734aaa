package dev.samsa.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;

/**
 * Netty's leak detector, keeping what it reports for {@link NettyLeakCheck}. Netty creates one per tracked type, by
 * reflection, when the JVM runs with {@code -Dio.netty.customResourceLeakDetector=dev.samsa.testkit.NettyLeakDetector};
 * application code never does. Reports are logged as by Netty's own detector. Thread-safe, as Netty's.
 *
 * @param <T> the tracked type
 */
public final class NettyLeakDetector<T> extends ResourceLeakDetector<T> {
    private final String type;

    /**
     * Creates the detector for {@code resourceType}, tracking one object in {@code samplingInterval} below the
     * paranoid level, as Netty's own.
     *
     * @param resourceType the tracked type
     * @param samplingInterval how many objects per tracked one below the paranoid level
     */
    public NettyLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        this.type = resourceType.getSimpleName();
        NettyLeakCheck.DETECTORS.add(this);
    }

    /**
     * The constructor Netty looks up first (its deprecated form, with a bound on tracked objects that Netty no longer
     * applies); without it Netty logs an error before it falls back to the other one. {@code maxActive} is ignored.
     *
     * @param resourceType the tracked type
     * @param samplingInterval how many objects per tracked one below the paranoid level
     * @param maxActive ignored
     */
    public NettyLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        super.reportTracedLeak(resourceType, records);
        NettyLeakCheck.LEAKS.add("LEAK (" + resourceType + "):" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        super.reportUntracedLeak(resourceType);
        NettyLeakCheck.LEAKS.add("LEAK (" + resourceType + "): no records (raise io.netty.leakDetection.level to"
                + " see them)");
    }

    /**
     * Reads the reference queue for collected objects never released. Netty reads it only when it starts tracking an
     * object, and below the paranoid level only one object in the sampling interval is tracked: this asks until one
     * is (a probe, closed at once), a bounded number of times.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void poll() {
        Object probe = new Object();
        for (int i = 0; i < 4096; i++) {
            ResourceLeakTracker tracker = ((ResourceLeakDetector) this).track(probe);
            if (tracker != null) {
                tracker.close(probe);
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "NettyLeakDetector[" + type + "]";
    }
}
