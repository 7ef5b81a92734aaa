package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final SerialExecutor loop = new SerialExecutor();

    @Test
    void deliverHandsTheResultToTheHandlerAsATaskQueuedBehindTheRunningOne() {
        List<String> events = new ArrayList<>();
        CompletableFuture<String> future = new CompletableFuture<>();
        future.whenComplete(loop.deliver((result, error) -> {
            events.add("handler " + result + " " + error + " in executor " + loop.inExecutor());
        }));
        loop.execute(() -> {
            future.complete("r"); // completed from inside a task: the handler must not re-enter it
            events.add("task ends");
        });
        assertThat(events).containsExactly("task ends", "handler r null in executor true");
    }

    @Test
    void deliverPassesAFailureAndRunsOnTheCompletingThreadWhenTheExecutorIsIdle() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<String> future = new CompletableFuture<>();
        future.whenComplete(loop.deliver((result, error) -> {
            assertThat(result).isNull();
            seen.set(error);
            ranOn.set(Thread.currentThread());
        }));
        IllegalStateException failure = new IllegalStateException("boom");
        Thread completer = new Thread(() -> future.completeExceptionally(failure), "completer");
        completer.start();
        completer.join();
        assertThat(seen.get()).isSameAs(failure);
        assertThat(ranOn.get()).isSameAs(completer);
        assertThat(loop.inExecutor()).isFalse();
    }

    @Test
    void aFailingHandlerDoesNotStopTheTasksQueuedAfterIt() {
        List<String> events = new ArrayList<>();
        CompletableFuture<Integer> future = new CompletableFuture<>();
        future.whenComplete(loop.deliver((result, error) -> {
            throw new IllegalStateException("handler fails");
        }));
        loop.execute(() -> {
            future.complete(1);
            loop.execute(() -> events.add("next task"));
        });
        assertThat(events).containsExactly("next task");
    }
}
