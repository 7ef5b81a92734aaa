package dev.samsa.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.InvalidTopicException;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.testing.FakeTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetadataTest {
    private final FakeTransport transport = new FakeTransport(3).topic("a", 3).topic("b", 2);
    private final Metadata metadata = new Metadata(transport,
            new Metadata.Options(60_000, 300_000, 100, 1000, true));

    private long metadataRequests() {
        return transport.count(MetadataRequest.class);
    }

    private List<String> lastRequestedTopics() {
        List<FakeTransport.Sent> sent = transport.sent();
        MetadataRequest last = (MetadataRequest) sent.get(sent.size() - 1).request();
        return last.topics().stream().map(MetadataRequest.MetadataRequestTopic::name).toList();
    }

    @Test
    void awaitTopicFetchesLeadersAndNodes() {
        Cluster cluster = metadata.awaitTopic("a").join();
        assertThat(cluster.partitionCount("a")).isEqualTo(3);
        assertThat(cluster.leaderFor(new dev.samsa.common.TopicPartition("a", 2)).id()).isEqualTo(2);
        assertThat(cluster.nodes()).hasSize(3);
        assertThat(cluster.topicId("a")).isNotNull();
        assertThat(cluster.clusterId()).isEqualTo("fake");
        assertThat(transport.sent().get(0).node().isBootstrap()).as("first request to a bootstrap node").isTrue();
        // A cached topic is answered without a request.
        long before = metadataRequests();
        assertThat(metadata.awaitTopic("a")).isCompleted();
        assertThat(metadataRequests()).isEqualTo(before);
        // A new topic is fetched at once together with the known ones.
        metadata.awaitTopic("b").join();
        assertThat(lastRequestedTopics()).containsExactly("a", "b");
        assertThat(transport.sent().get(transport.sent().size() - 1).node().isBootstrap()).isFalse();
    }

    @Test
    void refreshesWhenMetadataMaxAgePasses() {
        metadata.awaitTopic("a").join();
        long before = metadataRequests();
        transport.time.advance(Duration.ofMillis(59_999));
        assertThat(metadataRequests()).isEqualTo(before);
        transport.time.advance(Duration.ofMillis(1));
        assertThat(metadataRequests()).isEqualTo(before + 1);
    }

    @Test
    void awaitFreshAnswersFromTheSnapshotUnlessARefreshIsRequested() {
        metadata.awaitTopic("a").join();
        long before = metadataRequests();
        transport.time.advance(Duration.ofMillis(59_999)); // still within metadata.max.age.ms
        CompletableFuture<Cluster> fresh = metadata.awaitFresh();
        assertThat(fresh).isCompleted();
        assertThat(fresh.join()).isSameAs(metadata.cluster());
        assertThat(metadataRequests()).isEqualTo(before);

        transport.time.advance(Duration.ofMillis(1)); // the max-age refresh
        transport.leader("a", 0, 1);
        metadata.requestUpdate(); // held back by retry.backoff.ms
        CompletableFuture<Cluster> wanted = metadata.awaitFresh();
        assertThat(wanted).isNotDone();
        transport.time.advance(Duration.ofMillis(100));
        assertThat(wanted.join().leaderFor(new dev.samsa.common.TopicPartition("a", 0)).id()).isEqualTo(1);
        assertThat(metadataRequests()).isEqualTo(before + 2);
    }

    @Test
    void requestedUpdatesAreRateLimitedByTheBackoff() {
        metadata.awaitTopic("a").join();
        long before = metadataRequests();
        transport.leader("a", 0, 1);
        CompletableFuture<Cluster> update = metadata.requestUpdate();
        metadata.requestUpdate();
        assertThat(update).isNotDone(); // within retry.backoff.ms of the last request
        transport.time.advance(Duration.ofMillis(100));
        assertThat(update).isCompleted();
        assertThat(metadataRequests()).isEqualTo(before + 1);
        assertThat(update.join().leaderFor(new dev.samsa.common.TopicPartition("a", 0)).id()).isEqualTo(1);
    }

    @Test
    void unknownTopicKeepsWaitingWithGrowingBackoffUntilItExists() {
        CompletableFuture<Cluster> future = metadata.awaitTopic("later");
        assertThat(future).isNotDone();
        long first = metadataRequests();
        transport.time.advance(Duration.ofMillis(2_000));
        long retries = metadataRequests() - first;
        // backoffs ~100, 200, 400, 800 ms (+/-20%): 3 to 5 retries within 2 s, not one per millisecond
        assertThat(retries).isBetween(3L, 5L);
        transport.topic("later", 4);
        transport.time.advance(Duration.ofMillis(1_000));
        assertThat(future).isCompleted();
        assertThat(future.join().partitionCount("later")).isEqualTo(4);
    }

    @Test
    void fatalTopicErrorFailsWaitersAndDropsTheTopic() {
        transport.topicError("bad name", ErrorCode.INVALID_TOPIC_EXCEPTION);
        CompletableFuture<Cluster> future = metadata.awaitTopic("bad name");
        assertThat(future).isCompletedExceptionally();
        assertThat(future.handle((v, e) -> e.getCause() != null ? e.getCause() : e).join())
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("bad name");
        metadata.awaitTopic("a").join();
        assertThat(lastRequestedTopics()).containsExactly("a");
    }

    @Test
    void failedRequestsMoveToAnotherNodeAfterABackoff() {
        metadata.awaitTopic("a").join();
        transport.metadataFails = true;
        CompletableFuture<Cluster> update = metadata.requestUpdate();
        transport.time.advance(Duration.ofSeconds(3));
        assertThat(update).isNotDone();
        List<Integer> nodes = transport.sent().stream().filter(s -> s.request() instanceof MetadataRequest)
                .map(s -> s.node().id()).toList();
        assertThat(nodes.subList(1, nodes.size())).as("rotates over the known brokers").contains(0, 1, 2);
        transport.metadataFails = false;
        transport.time.advance(Duration.ofSeconds(2));
        assertThat(update).isCompleted();
    }

    @Test
    void idleTopicsAreDroppedAndListenersSeeEverySnapshot() {
        AtomicInteger snapshots = new AtomicInteger();
        metadata.addListener(c -> snapshots.incrementAndGet());
        metadata.awaitTopic("a").join();
        metadata.awaitTopic("b").join();
        assertThat(snapshots.get()).isEqualTo(2);
        for (int i = 0; i < 6; i++) {
            metadata.touch("a");
            transport.time.advance(Duration.ofMinutes(1));
        }
        assertThat(lastRequestedTopics()).containsExactly("a");
        assertThat(metadata.cluster().topic("b")).isNull();
        assertThat(snapshots.get()).isGreaterThan(2);
    }

    @Test
    void aTopicTheClientSaysItUsedIsKeptPastMaxIdleAndDroppedOnceItSaysItStopped() {
        Map<String, Long> used = new java.util.concurrent.ConcurrentHashMap<>();
        metadata.lastUsedBy(topic -> used.getOrDefault(topic, Long.MIN_VALUE));
        metadata.awaitTopic("a").join();
        metadata.awaitTopic("b").join();
        for (int i = 0; i < 6; i++) {
            used.put("a", transport.time.nanoseconds() / 1_000_000); // used now, but never touched
            transport.time.advance(Duration.ofMinutes(1));
        }
        assertThat(lastRequestedTopics()).as("b is idle past 5 minutes, a is not").containsExactly("a");
        assertThat(metadata.cluster().topic("a")).isNotNull();
        for (int i = 0; i < 6; i++) {
            transport.time.advance(Duration.ofMinutes(1));
        }
        assertThat(lastRequestedTopics()).as("a unused for 6 minutes").isEmpty();
        assertThat(metadata.cluster().topic("a")).isNull();
    }

    @Test
    void closeFailsWaitersAndStopsRefreshing() {
        transport.metadataFails = true;
        CompletableFuture<Cluster> future = metadata.awaitTopic("a");
        metadata.close();
        assertThat(future).isCompletedExceptionally();
        long before = metadataRequests();
        transport.time.advance(Duration.ofMinutes(10));
        assertThat(metadataRequests()).isEqualTo(before);
    }
}
