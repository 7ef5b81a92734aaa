package dev.samsa.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTimeTest {
    @Test
    void runsDueTasksInDeadlineOrderEachAtItsOwnDeadline() {
        ManualTime time = new ManualTime(1_000L);
        List<String> log = new ArrayList<>();
        time.schedule(30, TimeUnit.MILLISECONDS, () -> log.add("c@" + time.milliseconds()));
        time.schedule(10, TimeUnit.MILLISECONDS, () -> log.add("a@" + time.milliseconds()));
        time.schedule(10, TimeUnit.MILLISECONDS, () -> log.add("b@" + time.milliseconds()));
        time.schedule(100, TimeUnit.MILLISECONDS, () -> log.add("late"));

        time.advance(Duration.ofMillis(50));

        assertThat(log).containsExactly("a@1010", "b@1010", "c@1030");
        assertThat(time.milliseconds()).isEqualTo(1_050L);
        assertThat(time.nanoseconds()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(time.pendingTasks()).isEqualTo(1);
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
        ManualTime time = new ManualTime();
        List<Long> ticks = new ArrayList<>();
        Runnable[] heartbeat = new Runnable[1];
        heartbeat[0] = () -> {
            ticks.add(time.nanoseconds());
            time.schedule(3, TimeUnit.SECONDS, heartbeat[0]);
        };
        time.schedule(3, TimeUnit.SECONDS, heartbeat[0]);

        time.advance(Duration.ofSeconds(10));

        assertThat(ticks).containsExactly(TimeUnit.SECONDS.toNanos(3), TimeUnit.SECONDS.toNanos(6),
                TimeUnit.SECONDS.toNanos(9));
    }

    @Test
    void cancelledTasksNeverRunAndCancelReportsWhetherItPreventedTheRun() {
        ManualTime time = new ManualTime();
        List<String> log = new ArrayList<>();
        Time.Timeout t = time.schedule(5, TimeUnit.MILLISECONDS, () -> log.add("ran"));
        Time.Timeout done = time.schedule(1, TimeUnit.MILLISECONDS, () -> log.add("first"));
        time.advance(Duration.ofMillis(2));

        assertThat(t.cancel()).isTrue();
        assertThat(done.cancel()).isFalse();
        time.advance(Duration.ofMillis(10));

        assertThat(log).containsExactly("first");
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        ManualTime time = new ManualTime();
        List<String> log = new ArrayList<>();
        time.schedule(1, TimeUnit.MILLISECONDS, () -> {
            throw new IllegalStateException("boom");
        });
        time.schedule(2, TimeUnit.MILLISECONDS, () -> log.add("after"));

        time.advance(Duration.ofMillis(5));

        assertThat(log).containsExactly("after");
    }

    @Test
    void timeNeverGoesBack() {
        assertThatThrownBy(() -> new ManualTime().advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    }

    @Test
    void systemTimeRunsScheduledTasks() throws Exception {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        Time.SYSTEM.schedule(1, TimeUnit.MILLISECONDS, latch::countDown);
        assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Time.SYSTEM.schedule(1, TimeUnit.HOURS, () -> { }).cancel()).isTrue();
    }
}
