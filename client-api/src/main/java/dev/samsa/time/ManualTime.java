package dev.samsa.time;

import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual time that moves only when a test says so. {@link #advance(Duration)} moves the clock forward and runs every
 * task that falls due, in deadline order (ties in scheduling order), each with the clock set to its own deadline, on
 * the calling thread. Nothing runs on a thread of its own, so a test replays the same way every run.
 *
 * <p>Thread-safe: any thread may read the clock, schedule, cancel or advance; tasks run outside the internal lock, so
 * a task may schedule more tasks (those due within the same advance run in the same call).
 */
public final class ManualTime implements Time {
    private static final Logger log = LoggerFactory.getLogger(ManualTime.class);

    private final Object lock = new Object();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nanos;
    private final long epochOffsetMs;
    private long sequence;

    /** Starts at wall-clock time {@code startMs} (ms since the epoch) and monotonic time zero. */
    public ManualTime(long startMs) {
        this.epochOffsetMs = startMs;
    }

    /** Starts at a fixed, arbitrary wall-clock instant (2024-01-01T00:00:00Z) so timestamps replay too. */
    public ManualTime() {
        this(1_704_067_200_000L);
    }

    @Override
    public long milliseconds() {
        synchronized (lock) {
            return epochOffsetMs + TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }

    @Override
    public long nanoseconds() {
        synchronized (lock) {
            return nanos;
        }
    }

    @Override
    public Timeout schedule(long delay, TimeUnit unit, Runnable task) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            Task t = new Task(nanos + Math.max(0, unit.toNanos(delay)), sequence++, task);
            tasks.add(t);
            return t;
        }
    }

    /**
     * Moves the clock forward by {@code duration}, running the tasks that fall due on the calling thread. Tasks
     * scheduled while it runs (by the tasks it runs, or by other threads before it returns) also run in this call
     * if they fall due by the new time; those due later wait for a later call, even when they are the follow-up of
     * work this call released (say a mock broker's response held back again). Nothing else moves this clock, so a
     * test that blocks on a result which needs more time to pass (e.g. {@code Producer.flush()}) must advance it
     * from another thread, or advance in steps until the result is there.
     *
     * @throws IllegalArgumentException if {@code duration} is negative: time never goes back
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 0)");
        }
        long target;
        synchronized (lock) {
            target = nanos + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = tasks.peek();
                if (next == null || next.deadline > target) {
                    nanos = Math.max(nanos, target);
                    return;
                }
                tasks.poll();
                nanos = Math.max(nanos, next.deadline);
            }
            next.runOnce();
        }
    }

    /** Runs the tasks that are already due without moving the clock. */
    public void runDueTasks() {
        advance(Duration.ZERO);
    }

    /** How many scheduled tasks have not run nor been cancelled. */
    public int pendingTasks() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    private final class Task implements Comparable<Task>, Timeout {
        final long deadline;
        final long seq;
        final Runnable body;
        boolean done;

        Task(long deadline, long seq, Runnable body) {
            this.deadline = deadline;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        void runOnce() {
            synchronized (lock) {
                if (done) {
                    return;
                }
                done = true;
            }
            try {
                body.run();
            } catch (Throwable t) {
                log.error("Scheduled task failed", t);
            }
        }

        @Override
        public boolean cancel() {
            synchronized (lock) {
                if (done) {
                    return false;
                }
                done = true;
                tasks.remove(this);
                return true;
            }
        }
    }
}
