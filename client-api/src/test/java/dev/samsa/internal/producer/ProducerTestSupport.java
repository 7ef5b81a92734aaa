package dev.samsa.internal.producer;

import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerBuilder;
import dev.samsa.serde.Serializers;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared helpers of the producer engine tests. */
final class ProducerTestSupport {
    private ProducerTestSupport() {
    }

    static ProducerBuilder<String, String> builder(FakeTransport transport) {
        return Producer.builder(Serializers.forString(), Serializers.forString()).transport(transport);
    }

    /**
     * Waits (spinning, bounded by 10 s of real time as a safety net) until another thread reached a state; never used
     * to measure time.
     */
    static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Whether {@code thread} is parked waiting (blocked in the producer on the virtual clock). */
    static boolean isWaiting(Thread thread) {
        Thread.State s = thread.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
