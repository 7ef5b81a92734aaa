package dev.samsa.internal.consumer;

import dev.samsa.errors.InterruptException;
import dev.samsa.time.Time;
import java.util.concurrent.TimeUnit;

/**
 * A change counter that application threads block on: the engine bumps it whenever something a waiting call may
 * care about happened (a fetch response, a finished rebalance step, a wakeup, a timer), and a waiter re-checks its
 * condition. Deadlines are timers on the consumer's {@link Time} that bump it, never real-time sleeps, so on
 * {@code ManualTime} a waiter is released by the thread that advances the clock. Thread-safe.
 */
final class Signal {
    private final Time time;
    private long version;

    Signal(Time time) {
        this.time = time;
    }

    /** Wakes every waiter. */
    synchronized void signal() {
        version++;
        notifyAll();
    }

    /** The current count; pass it to {@link #await(long)} to wait for any change after this read. */
    synchronized long version() {
        return version;
    }

    /**
     * Waits until the count differs from {@code seen}.
     *
     * @throws InterruptException if the thread is interrupted
     */
    synchronized void await(long seen) {
        while (version == seen) {
            try {
                wait();
            } catch (InterruptedException e) {
                throw new InterruptException("Interrupted while waiting in the consumer", e);
            }
        }
    }

    /** Bumps the count {@code delayMs} from now (on the consumer's clock). */
    Time.Timeout signalIn(long delayMs) {
        return time.schedule(Math.max(0, delayMs), TimeUnit.MILLISECONDS, this::signal);
    }
}
