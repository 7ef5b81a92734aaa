package dev.samsa.internal.consumer;

import static dev.samsa.internal.consumer.ConsumerTestSupport.consumer;
import static dev.samsa.internal.consumer.ConsumerTestSupport.pollFor;
import static dev.samsa.internal.consumer.ConsumerTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.FetchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Polls that find nothing to fetch skip the fetcher's scan of the partitions until something it reads changes
 * ({@link Fetcher#sendFetches}): each event that can let a partition be fetched must still get it fetched, with no
 * other event after it.
 */
class FetchGateTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static int fetches(FakeCluster cluster) {
        return cluster.requests(FetchRequest.class).size();
    }

    /** Polls {@code n} times without moving the clock: nothing times out meanwhile. */
    private static List<ConsumerRecord<String, String>> pollTimes(Consumer<String, String> consumer, int n) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            consumer.poll(Duration.ZERO).forEach(out::add);
        }
        return out;
    }

    @Test
    void aFetchThatFailedGoesOutAgainOnceItsBackoffEndsWithNothingElseHappening() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        AtomicBoolean fail = new AtomicBoolean(true);
        cluster.script(ApiKey.FETCH, r -> fail.getAndSet(false) ? new IllegalStateException("connection lost") : null);
        // Only the first Metadata request is answered: the snapshot stays, so nothing but the clock ends the backoff.
        AtomicInteger metadataRequests = new AtomicInteger();
        cluster.script(ApiKey.METADATA, r -> metadataRequests.getAndIncrement() == 0 ? null
                : new IllegalStateException("unreachable"));
        Consumer<String, String> consumer = consumer(cluster, b -> b.retryBackoff(Duration.ofMillis(100))
                .retryBackoffMax(Duration.ofMillis(100)));
        consumer.assign(List.of(P0));

        assertThat(pollTimes(consumer, 5)).isEmpty();
        assertThat(fetches(cluster)).isOne(); // failed; the leader is backed off and the clock stands still

        cluster.advance(Duration.ofMillis(200)); // past the backoff (jitter included)
        assertThat(values(pollTimes(consumer, 1))).containsExactly("a");
        assertThat(fetches(cluster)).isGreaterThan(1);
        consumer.close();
    }

    @Test
    void aPartitionWhoseFetchIsInFlightIsFetchedAgainAsSoonAsTheResponseLands() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        Consumer<String, String> consumer = consumer(cluster, b -> b.fetchMaxWait(Duration.ofSeconds(10)));
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("a");
        pollTimes(consumer, 5);
        assertThat(cluster.heldFetches()).isOne(); // caught up: long-polled
        int before = fetches(cluster);

        cluster.append("t", 0, CompressionType.NONE, "b");
        cluster.releaseHeld(false); // the held fetch answers with "b"

        assertThat(values(pollTimes(consumer, 1))).containsExactly("b");
        assertThat(fetches(cluster)).isEqualTo(before + 1); // the next one went out from the response
        assertThat(cluster.heldFetches()).isOne();
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aPartitionWithFullBuffersIsFetchedAgainOnceAPollDrainsOne() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.appendNumberedBatches("t", 0, 4, 5, "v");
        // One batch per response, one record per poll: most polls find both buffers full and nothing to fetch.
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPartitionFetchBytes(1).maxPollRecords(1));
        consumer.assign(List.of(P0));

        List<ConsumerRecord<String, String>> got = new ArrayList<>(pollFor(consumer, cluster, 1));
        got.addAll(pollTimes(consumer, 19));

        assertThat(values(got)).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "v" + i).toList());
        List<Long> offsets = new ArrayList<>();
        cluster.requests(FetchRequest.class).forEach(f -> f.topics().forEach(t -> t.partitions()
                .forEach(p -> offsets.add(p.fetchOffset()))));
        assertThat(offsets).startsWith(0L, 5L, 10L, 15L);
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aSeekWhileTheFetchIsInFlightIsFetchedFromOnceTheStaleResponseLands() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a", "b", "c");
        Consumer<String, String> consumer = consumer(cluster, b -> b.fetchMaxWait(Duration.ofSeconds(10)));
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 3))).containsExactly("a", "b", "c");
        pollTimes(consumer, 3);
        assertThat(cluster.heldFetches()).isOne(); // at offset 3

        consumer.seek(P0, 1);
        assertThat(pollTimes(consumer, 3)).isEmpty(); // the fetch at 3 is still in flight
        cluster.append("t", 0, CompressionType.NONE, "d");
        cluster.releaseHeld(false); // answers the fetch at 3, which the seek made stale

        assertThat(values(pollTimes(consumer, 1))).containsExactly("b", "c", "d");
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aResumedPartitionIsFetchedWhileTheOtherLeadersFetchIsInFlight() {
        FakeCluster cluster = new FakeCluster(2).topic("t", 2); // P0 on broker 0, P1 on broker 1
        cluster.append("t", 0, CompressionType.NONE, "a");
        cluster.append("t", 1, CompressionType.NONE, "b");
        Consumer<String, String> consumer = consumer(cluster, b -> b.fetchMaxWait(Duration.ofSeconds(10)));
        consumer.assign(List.of(P0, P1));
        consumer.pause(List.of(P1));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("a");
        assertThat(pollTimes(consumer, 5)).isEmpty();
        assertThat(cluster.heldFetches()).isOne(); // P0's

        consumer.resume(List.of(P1));

        assertThat(values(pollTimes(consumer, 1))).containsExactly("b");
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void pausingThePartitionThatWaitsForRoomLetsTheCaughtUpPartitionOfItsLeaderBeFetched() {
        // P0 is caught up after one response; P1 has four batches, one per response. While P1 waits for buffer room
        // the fetch of P0 alone is held back (the broker would park it); pausing P1 ends the wait: P0 is long-polled.
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        cluster.append("t", 0, CompressionType.NONE, "a0", "a1", "a2");
        cluster.appendNumberedBatches("t", 1, 4, 10, "b");
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPartitionFetchBytes(1).maxPollRecords(4)
                .fetchMaxWait(Duration.ofSeconds(10)));
        consumer.assign(List.of(P0, P1));
        List<ConsumerRecord<String, String>> got = new ArrayList<>(pollFor(consumer, cluster, 1));
        got.addAll(pollTimes(consumer, 2));
        assertThat(got.stream().filter(r -> r.partition() == 0)).hasSize(3);
        assertThat(cluster.heldFetches()).isZero(); // P0's fetch is held back for P1's room

        consumer.pause(List.of(P1));
        pollTimes(consumer, 1);

        assertThat(cluster.heldFetches()).isOne();
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }
}
