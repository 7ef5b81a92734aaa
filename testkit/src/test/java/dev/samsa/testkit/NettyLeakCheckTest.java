package dev.samsa.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak detector and extension with a detector of the test's own (no Netty buffers, no broker). */
class NettyLeakCheckTest {
    private ResourceLeakDetector.Level level;

    @BeforeEach
    void paranoid() throws InterruptedException {
        level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        NettyLeakCheck.collect(); // forget what another test left
    }

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(level);
    }

    /** Tracks a new object and drops it, unclosed: a leak once it is collected. */
    private static void leakOne(NettyLeakDetector<Object> detector) {
        ResourceLeakTracker<Object> tracker = detector.track(new Object());
        tracker.record("last touched by NettyLeakCheckTest");
    }

    @Test
    void aTrackedObjectCollectedUnclosedIsReportedWithItsRecords() throws InterruptedException {
        NettyLeakDetector<Object> detector = new NettyLeakDetector<>(Object.class, 1);
        leakOne(detector);

        List<String> leaks = NettyLeakCheck.collect();

        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0)).contains("LEAK (Object)").contains("last touched by NettyLeakCheckTest")
                .contains("leakOne");
        assertThat(NettyLeakCheck.collect()).as("reported once").isEmpty();
    }

    @Test
    void aClosedTrackerIsNoLeak() throws InterruptedException {
        NettyLeakDetector<Object> detector = new NettyLeakDetector<>(Object.class, 1);
        Object resource = new Object();
        ResourceLeakTracker<Object> tracker = detector.track(resource);
        assertThat(tracker.close(resource)).isTrue();

        assertThat(NettyLeakCheck.collect()).isEmpty();
    }

    @Test
    void theExtensionFailsTheClassThatFindsALeak() throws InterruptedException {
        NettyLeakDetector<Object> detector = new NettyLeakDetector<>(Object.class, 1);
        NettyLeakCheck.check("SomeIT"); // nothing leaked yet

        leakOne(detector);

        assertThatThrownBy(() -> NettyLeakCheck.check("SomeIT")).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 Netty leak(s) reported by the end of SomeIT")
                .hasMessageContaining("last touched by NettyLeakCheckTest");
    }
}
