package dev.samsa.internal.consumer;

import dev.samsa.errors.InterruptException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on whichever thread submits when none is running (a trampoline):
 * no thread of its own. All of a consumer's engine state is touched only by tasks of one such executor, so the
 * engine needs no locks, transport callbacks (I/O threads), timers and application threads never race, and a task
 * submitted from inside a task (a transport that completes a future synchronously) runs after the current one
 * instead of re-entering it.
 *
 * <p>Tasks must be short and must never block; application callbacks run outside. Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Object lock = new Object();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private Thread running;

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            queue.add(task);
            if (running != null) {
                return;
            }
            running = Thread.currentThread();
        }
        drain();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (lock) {
                next = queue.poll();
                if (next == null) {
                    running = null;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable t) {
                log.error("Consumer engine task failed", t);
            }
        }
    }

    /** Whether the calling thread is running this executor's tasks. */
    boolean inExecutor() {
        synchronized (lock) {
            return running == Thread.currentThread();
        }
    }

    /**
     * A completion callback ({@code future.whenComplete(loop.deliver((result, error) -> ...))}) that runs
     * {@code handler} with the outcome as a task of this executor, so that it touches engine state like any task.
     * It takes the place of a nested {@code loop.execute(() -> ...)} lambda: one class for every such site, where
     * each nested lambda would be a class of its own, spun at its first call on the consumer's start-up path. The
     * callback is for one future only.
     */
    <T> BiConsumer<T, Throwable> deliver(BiConsumer<? super T, ? super Throwable> handler) {
        return new Delivery<>(this, handler);
    }

    /** A future's outcome on its way to the handler, as a task. */
    private static final class Delivery<T> implements BiConsumer<T, Throwable>, Runnable {
        private final SerialExecutor executor;
        private final BiConsumer<? super T, ? super Throwable> handler;
        private T result; // published to run() by the executor's lock
        private Throwable error;

        Delivery(SerialExecutor executor, BiConsumer<? super T, ? super Throwable> handler) {
            this.executor = executor;
            this.handler = handler;
        }

        @Override
        public void accept(T result, Throwable error) {
            this.result = result;
            this.error = error;
            executor.execute(this);
        }

        @Override
        public void run() {
            handler.accept(result, error);
        }
    }

    /** Runs {@code task} on the executor and returns a future of its result (or failure). */
    <T> CompletableFuture<T> submit(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /**
     * Runs {@code task} on the executor and waits for it: at once on the calling thread if it is free or already
     * the executor's; otherwise behind the tasks queued before it (tasks are short, so the wait is too).
     *
     * @throws RuntimeException the task's own exception
     * @throws InterruptException if interrupted while waiting
     */
    <T> T call(Supplier<T> task) {
        Thread me = Thread.currentThread();
        boolean free;
        boolean nested;
        synchronized (lock) {
            free = running == null; // then the queue is empty too
            nested = running == me;
            if (free) {
                running = me;
            }
        }
        if (nested) {
            return task.get();
        }
        if (free) {
            // The common case (every poll): run here at once, with no future and no hand-off, then whatever was
            // queued meanwhile (drain() gives the executor up once the queue is empty).
            try {
                return task.get();
            } finally {
                drain();
            }
        }
        CompletableFuture<T> f = submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while waiting for the consumer engine", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** As {@link #call(Supplier)} for a task without a result. */
    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }
}
