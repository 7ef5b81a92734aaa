package dev.samsa.internal.consumer;

import static dev.samsa.internal.consumer.ConsumerTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Polls that wait end at their own deadline on the consumer's clock, whatever deadlines earlier polls left armed (the
 * consumer keeps one wake-up timer for all of them). The broker here holds an empty fetch for an hour, so only a
 * deadline can end these polls.
 */
@Timeout(30) // a hang guard only: the deadlines under test run on the fake clock
class PollDeadlineTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    /** A poll running on a thread of its own; {@code endNanos} is the consumer's clock when it returned. */
    private record Poll(Thread thread, CompletableFuture<List<ConsumerRecord<String, String>>> result,
            long[] endNanos) {
    }

    private static Poll pollAsync(Consumer<String, String> consumer, FakeCluster cluster, Duration timeout) {
        CompletableFuture<List<ConsumerRecord<String, String>>> result = new CompletableFuture<>();
        long[] end = {0};
        Thread t = new Thread(() -> {
            try {
                List<ConsumerRecord<String, String>> out = new ArrayList<>();
                consumer.poll(timeout).forEach(out::add);
                end[0] = cluster.time.nanoseconds();
                result.complete(out);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "poll-" + timeout.toMillis() + "ms");
        t.setDaemon(true);
        t.start();
        return new Poll(t, result, end);
    }

    /** Waits until the poll's thread blocks, the consumer's fetch is held, or it returned. */
    private static void awaitBlocked(Poll poll, FakeCluster cluster) {
        while (!poll.result().isDone() && !(cluster.heldFetches() == 1
                && poll.thread().getState() == Thread.State.WAITING)) {
            Thread.yield();
        }
    }

    private static Consumer<String, String> consumer(FakeCluster cluster) {
        Consumer<String, String> consumer = ConsumerTestSupport.consumer(cluster,
                b -> b.fetchMaxWait(Duration.ofHours(1)).metadataMaxAge(Duration.ofHours(1)));
        consumer.assign(List.of(P0));
        return consumer;
    }

    /** A poll that waited until a record came, leaving its wake-up armed at {@code timeout} from now. */
    private static void pollThatWaitsForARecord(Consumer<String, String> consumer, FakeCluster cluster,
            Duration timeout, String value) throws Exception {
        Poll first = pollAsync(consumer, cluster, timeout);
        awaitBlocked(first, cluster);
        cluster.append("t", 0, CompressionType.NONE, value);
        assertThat(values(first.result().get(30, TimeUnit.SECONDS))).containsExactly(value);
    }

    @Test
    void aShortPollEndsAtItsDeadlineThoughALongerPollsWakeUpIsStillArmed() throws Exception {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> consumer = consumer(cluster);
        pollThatWaitsForARecord(consumer, cluster, Duration.ofSeconds(10), "a");

        long start = cluster.time.nanoseconds();
        Poll shortPoll = pollAsync(consumer, cluster, Duration.ofMillis(100));
        awaitBlocked(shortPoll, cluster);
        cluster.advance(Duration.ofMillis(100));

        assertThat(shortPoll.result().get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(shortPoll.endNanos()[0] - start).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        consumer.close(Duration.ZERO);
    }

    @Test
    void aPollWokenByAnEarlierPollsWakeUpWaitsOnUntilItsOwnDeadline() throws Exception {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> consumer = consumer(cluster);
        pollThatWaitsForARecord(consumer, cluster, Duration.ofMillis(100), "a");

        long start = cluster.time.nanoseconds();
        Poll longPoll = pollAsync(consumer, cluster, Duration.ofSeconds(1));
        // The poll must have read the clock (its deadline) before the clock moves: a poll thread started late would
        // otherwise find the clock already stopped short of its deadline and wait forever.
        awaitBlocked(longPoll, cluster);
        // The clock moves in steps to a second past the poll's deadline (the held fetch stays held), then only runs
        // what falls due, so that only a wake-up armed for the poll's own deadline can end it.
        long stopAt = start + TimeUnit.SECONDS.toNanos(2);
        while (!longPoll.result().isDone()) {
            cluster.advance(cluster.time.nanoseconds() < stopAt ? Duration.ofMillis(10) : Duration.ZERO);
            Thread.yield();
        }

        assertThat(longPoll.result().get()).isEmpty();
        assertThat(longPoll.endNanos()[0] - start).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        consumer.close(Duration.ZERO);
    }
}
