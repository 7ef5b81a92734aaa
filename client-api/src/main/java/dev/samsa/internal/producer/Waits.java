package dev.samsa.internal.producer;

import dev.samsa.errors.InterruptException;
import dev.samsa.errors.SamsaException;
import dev.samsa.time.Time;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Blocking waits bounded on a {@link Time}: the deadline is a task scheduled on that clock, never a real-time sleep,
 * so on {@code ManualTime} a blocked thread is released when another thread advances the clock past its deadline (or
 * when the awaited thing happens), and on the system clock by the timer thread.
 */
public final class Waits {
    private Waits() {
    }

    /**
     * Waits for {@code future} up to {@code timeoutMs} on {@code time}.
     *
     * @param onTimeout builds the exception thrown when the deadline passes first
     * @return the future's value
     * @throws RuntimeException the future's own failure (unwrapped), or {@code onTimeout}'s exception
     * @throws InterruptException if the thread is interrupted while waiting
     */
    public static <T> T await(CompletableFuture<T> future, Time time, long timeoutMs,
            Supplier<? extends RuntimeException> onTimeout) {
        if (!future.isDone()) {
            if (timeoutMs <= 0) {
                throw onTimeout.get();
            }
            CompletableFuture<T> timed = new CompletableFuture<>();
            Time.Timeout timer = time.schedule(timeoutMs, TimeUnit.MILLISECONDS,
                    () -> timed.completeExceptionally(onTimeout.get()));
            future.whenComplete((v, e) -> {
                if (e == null) {
                    timed.complete(v);
                } else {
                    timed.completeExceptionally(e);
                }
            });
            try {
                return get(timed);
            } finally {
                timer.cancel();
            }
        }
        return get(future);
    }

    /**
     * Waits for {@code future} without a deadline.
     *
     * @throws RuntimeException the future's own failure, unwrapped
     * @throws InterruptException if the thread is interrupted while waiting
     */
    public static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while waiting", e);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw e;
        }
    }

    /** The cause as a runtime exception: itself if it is one, else wrapped in a {@link SamsaException}. */
    public static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new SamsaException(String.valueOf(t), t);
    }
}
