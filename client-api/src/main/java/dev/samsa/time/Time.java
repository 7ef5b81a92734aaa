package dev.samsa.time;

import java.util.concurrent.TimeUnit;

/**
 * The one source of time and timers for every Samsa client engine: linger, retry backoff, request and delivery
 * timeouts, heartbeats, session and poll timeouts all read this clock and schedule on it. {@link #SYSTEM} is the
 * default; {@link ManualTime} lets a test (or the mock broker) run the same code on virtual time, advancing a 45 s
 * session timeout in microseconds and replaying it identically every run. Mirrors the role of Kafka's
 * {@code org.apache.kafka.common.utils.Time}, plus scheduling.
 *
 * <p>Implementations are thread-safe. Scheduled tasks must be short and must not block: they run on the
 * implementation's timer thread ({@link #SYSTEM}) or on the thread that advances the clock ({@link ManualTime}).
 */
public interface Time {
    /** The wall-clock time in milliseconds since the epoch, used for record timestamps. */
    long milliseconds();

    /**
     * A monotonic time in nanoseconds for measuring intervals; its origin is arbitrary, so only differences mean
     * anything.
     */
    long nanoseconds();

    /**
     * Runs {@code task} once, {@code delay} from now.
     *
     * @param delay how long to wait; zero or negative runs it as soon as possible
     * @param unit the unit of {@code delay}
     * @param task the task; an exception it throws is logged and does not stop other tasks
     * @return a handle that can cancel the task before it runs
     * @throws NullPointerException if {@code unit} or {@code task} is null
     */
    Timeout schedule(long delay, TimeUnit unit, Runnable task);

    /** The system clock and a shared daemon timer thread. */
    Time SYSTEM = SystemTime.INSTANCE;

    /** A task scheduled on a {@link Time}. Thread-safe. */
    interface Timeout {
        /**
         * Cancels the task if it has not started.
         *
         * @return true if this call prevented it from running
         */
        boolean cancel();
    }
}
