package dev.samsa.time;

import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Time#SYSTEM}: System clocks and one lazily started daemon timer thread shared by the whole JVM. */
final class SystemTime implements Time {
    static final SystemTime INSTANCE = new SystemTime();
    private static final Logger log = LoggerFactory.getLogger(SystemTime.class);

    private SystemTime() {
    }

    // Holder idiom: no thread until something schedules.
    private static final class Timer {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "samsa-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true); // cancelled request timeouts must not pile up
            return executor;
        }
    }

    @Override
    public long milliseconds() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }

    @Override
    public Timeout schedule(long delay, TimeUnit unit, Runnable task) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(task, "task");
        ScheduledFuture<?> future = Timer.EXECUTOR.schedule(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                log.error("Scheduled task failed", t);
            }
        }, Math.max(0, delay), unit);
        return () -> future.cancel(false);
    }

    @Override
    public String toString() {
        return "Time.SYSTEM";
    }
}
