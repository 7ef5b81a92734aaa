package dev.samsa.samples.perf;

import java.util.concurrent.TimeUnit;

/**
 * Paces a sending loop to about {@code recordsPerSec}: record {@code n} is due {@code n / recordsPerSec} seconds after
 * the start, and {@link #pace} sleeps while the loop is at least 1 ms ahead of that schedule (finer sleeps cost more
 * than they smooth). A loop that falls behind is not slowed, so it catches up in a burst, as the official tool's
 * throttler lets it. Not thread-safe: one sending thread.
 */
final class Throttle {
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final double nanosPerRecord;
    private final long startNanos;

    /**
     * @param recordsPerSec the target rate; zero or negative turns pacing off ({@code --throughput -1})
     * @param startNanos when the run started, on {@link System#nanoTime()}
     */
    Throttle(double recordsPerSec, long startNanos) {
        this.nanosPerRecord = recordsPerSec > 0 ? 1e9 / recordsPerSec : 0;
        this.startNanos = startNanos;
    }

    /** Whether pacing is on. */
    boolean enabled() {
        return nanosPerRecord > 0;
    }

    /**
     * Sleeps until {@code sent} records are due, if that is at least 1 ms away.
     *
     * @param sent records sent so far
     * @throws InterruptedException if interrupted while sleeping
     */
    void pace(long sent) throws InterruptedException {
        if (nanosPerRecord <= 0) {
            return;
        }
        long ahead = startNanos + (long) (sent * nanosPerRecord) - System.nanoTime();
        if (ahead >= MIN_SLEEP_NANOS) {
            TimeUnit.NANOSECONDS.sleep(ahead);
        }
    }
}
