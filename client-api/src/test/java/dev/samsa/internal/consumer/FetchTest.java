package dev.samsa.internal.consumer;

import static dev.samsa.internal.consumer.ConsumerTestSupport.consumer;
import static dev.samsa.internal.consumer.ConsumerTestSupport.pollFor;
import static dev.samsa.internal.consumer.ConsumerTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.IsolationLevel;
import dev.samsa.consumer.NoOffsetForPartitionException;
import dev.samsa.consumer.OffsetAndTimestamp;
import dev.samsa.consumer.RecordDeserializationException;
import dev.samsa.consumer.TimestampType;
import dev.samsa.consumer.WakeupException;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.OffsetOutOfRangeException;
import dev.samsa.errors.SerializationException;
import dev.samsa.errors.TopicAuthorizationException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.samsa.internal.record.ControlRecordType;
import dev.samsa.serde.Deserializers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FetchTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void assignedPartitionsAreReadInOrderWithEveryField(CompressionType compression) {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        long ts = cluster.time.milliseconds() - 1000;
        cluster.log("t", 0).leaderEpoch = 3;
        for (int b = 0; b < 5; b++) {
            cluster.append("t", 0, compression, ts + b, "a" + (3 * b), "a" + (3 * b + 1), "a" + (3 * b + 2));
        }
        cluster.append("t", 1, compression, ts, "b0", null);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0, P1));

        List<ConsumerRecord<String, String>> records = pollFor(consumer, cluster, 17);

        List<ConsumerRecord<String, String>> p0 = records.stream().filter(r -> r.partition() == 0).toList();
        assertThat(values(p0)).containsExactlyElementsOf(IntStream.range(0, 15).mapToObj(i -> "a" + i).toList());
        assertThat(p0).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                IntStream.range(0, 15).mapToObj(i -> (long) i).toList());
        ConsumerRecord<String, String> r4 = p0.get(4);
        assertThat(r4.topic()).isEqualTo("t");
        assertThat(r4.key()).isEqualTo("k4");
        assertThat(r4.timestamp()).isEqualTo(ts + 1);
        assertThat(r4.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(r4.leaderEpoch()).contains(3);
        assertThat(r4.headers()).singleElement().satisfies(h -> {
            assertThat(h.key()).isEqualTo("h");
            assertThat(h.valueAsString()).isEqualTo("v4");
        });
        assertThat(r4.serializedKeySize()).isEqualTo(2);
        assertThat(r4.serializedValueSize()).isEqualTo(2);
        List<ConsumerRecord<String, String>> p1 = records.stream().filter(r -> r.partition() == 1).toList();
        assertThat(values(p1)).containsExactly("b0", null);
        assertThat(p1.get(1).serializedValueSize()).isEqualTo(ConsumerRecord.NULL_SIZE);

        assertThat(consumer.position(P0)).isEqualTo(15);
        assertThat(consumer.position(P1)).isEqualTo(2);
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void maxPollRecordsBoundsEachPollAndNoPartitionWaitsForAnotherToDrain() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        String[] values = IntStream.range(0, 10).mapToObj(i -> "v" + i).toArray(String[]::new);
        cluster.append("t", 0, CompressionType.NONE, values);
        cluster.append("t", 1, CompressionType.NONE, values);
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPollRecords(4));
        consumer.assign(List.of(P0, P1));
        List<Integer> sizes = new ArrayList<>();
        List<Set<TopicPartition>> partitions = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < 100 && total < 20; i++) {
            var records = consumer.poll(Duration.ZERO);
            if (!records.isEmpty()) {
                sizes.add(records.count());
                partitions.add(records.partitions());
                total += records.count();
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(total).isEqualTo(20);
        assertThat(sizes).allMatch(n -> n <= 4);
        // both partitions show up early: neither waits for the other to be drained
        assertThat(partitions.subList(0, 3).stream().flatMap(Set::stream).distinct()).contains(P0, P1);
        consumer.close();
    }

    @Test
    void fetchSessionsAreIncremental() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        cluster.append("t", 0, CompressionType.NONE, "x");
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0, P1));
        assertThat(pollFor(consumer, cluster, 1)).hasSize(1);
        cluster.append("t", 0, CompressionType.NONE, "y");
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("y");

        List<FetchRequest> fetches = cluster.requests(FetchRequest.class);
        assertThat(fetches.get(0).sessionEpoch()).isZero();
        assertThat(fetches.get(0).topics().get(0).partitions()).hasSize(2);
        FetchRequest later = fetches.get(fetches.size() - 1);
        assertThat(later.sessionId()).isPositive();
        assertThat(later.sessionEpoch()).isPositive();
        // partition 1 never changed: later incremental requests leave it out
        assertThat(fetches.subList(1, fetches.size())).allSatisfy(f -> assertThat(f.topics().stream()
                .flatMap(t -> t.partitions().stream()).filter(p -> p.partition() == 1)).isEmpty());
        consumer.close();
    }

    @Test
    void aSessionErrorStartsAFullFetch() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "x");
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        pollFor(consumer, cluster, 1);
        boolean[] once = {true};
        cluster.script(ApiKey.FETCH, r -> {
            if (once[0]) {
                once[0] = false;
                return new FetchResponse().setErrorCode(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code());
            }
            return null;
        });
        cluster.append("t", 0, CompressionType.NONE, "y");
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("y");
        List<FetchRequest> fetches = cluster.requests(FetchRequest.class);
        assertThat(fetches.get(fetches.size() - 1).sessionEpoch()).isZero();
        consumer.close();
    }

    @Test
    void seekSeekToBeginningSeekToEndAndPosition() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.LZ4, "a", "b", "c", "d", "e");
        Consumer<String, String> consumer = consumer(cluster, b -> b.autoOffsetReset(AutoOffsetReset.LATEST));
        consumer.assign(List.of(P0));
        assertThat(consumer.position(P0)).isEqualTo(5);
        consumer.seek(P0, 2);
        assertThat(values(pollFor(consumer, cluster, 3))).containsExactly("c", "d", "e");
        consumer.seekToBeginning(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 5))).containsExactly("a", "b", "c", "d", "e");
        consumer.seekToEnd(List.of());
        assertThat(consumer.position(P0)).isEqualTo(5);
        consumer.seek(P0, 3); // mid-batch in a compressed batch: earlier records of it are skipped
        assertThat(values(pollFor(consumer, cluster, 2))).containsExactly("d", "e");
        assertThatThrownBy(() -> consumer.seek(new TopicPartition("t", 7), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("t-7");
        consumer.close();
    }

    @Test
    void autoOffsetResetNoneFailsNamingThePartitions() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        Consumer<String, String> consumer = consumer(cluster, b -> b.autoOffsetReset(AutoOffsetReset.NONE));
        consumer.assign(List.of(P0));
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(NoOffsetForPartitionException.class)
                .hasMessageContaining("t-0")
                .satisfies(e -> assertThat(((NoOffsetForPartitionException) e).partitions()).containsExactly(P0));
        consumer.seek(P0, 0);
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("a");
        consumer.close();
    }

    @Test
    void outOfRangeResetsPerPolicy() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a", "b");
        cluster.append("t", 0, CompressionType.NONE, "c", "d");
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        consumer.seek(P0, 0);
        cluster.deleteRecordsBefore("t", 0, 2);
        assertThat(values(pollFor(consumer, cluster, 2))).containsExactly("c", "d");
        consumer.close();

        Consumer<String, String> strict = consumer(cluster, b -> b.autoOffsetReset(AutoOffsetReset.NONE));
        strict.assign(List.of(P0));
        strict.seek(P0, 0);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                strict.poll(Duration.ZERO);
            }
        }).isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("t-0").hasMessageContaining("0");
        strict.close();
    }

    @Test
    void aRecordThatDoesNotDeserializeIsReportedAndCanBeSkipped() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.ZSTD, "1", "2", "boom", "4");
        Consumer<String, Integer> consumer = dev.samsa.consumer.Consumer.builder(Deserializers.forString(),
                (topic, data) -> Integer.parseInt(new String(data, StandardCharsets.UTF_8)))
                .transport(cluster).autoOffsetReset(AutoOffsetReset.EARLIEST).build();
        consumer.assign(List.of(P0));
        List<Integer> got = new ArrayList<>();
        RecordDeserializationException failure = null;
        for (int i = 0; i < 50 && failure == null; i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (RecordDeserializationException e) {
                failure = e;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(got).containsExactly(1, 2);
        assertThat(failure).isNotNull().isInstanceOf(SerializationException.class);
        assertThat(failure.topicPartition()).isEqualTo(P0);
        assertThat(failure.offset()).isEqualTo(2);
        assertThat(failure.origin()).isEqualTo(RecordDeserializationException.Origin.VALUE);
        assertThat(failure).hasMessageContaining("t-0").hasMessageContaining("offset 2");
        assertThat(consumer.position(P0)).isEqualTo(2);
        // the same record fails again until the application seeks past it (once the fetch in flight, a long poll
        // for later offsets, has come back)
        assertThatThrownBy(() -> {
            for (int i = 0; i < 200; i++) {
                consumer.poll(Duration.ZERO);
                cluster.advance(Duration.ofMillis(10));
            }
        }).isInstanceOf(RecordDeserializationException.class);
        consumer.seek(P0, failure.offset() + 1);
        for (int i = 0; i < 200 && got.size() < 3; i++) {
            consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(got).containsExactly(1, 2, 4);
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aCorruptBatchIsReportedWithPartitionAndOffsetAndCanBeSkipped() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a", "b");
        cluster.append("t", 0, CompressionType.GZIP, "c", "d");
        cluster.append("t", 0, CompressionType.NONE, "e");
        cluster.corrupt("t", 0, 2);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        List<String> got = new ArrayList<>();
        CorruptRecordException failure = null;
        for (int i = 0; i < 50 && failure == null; i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (CorruptRecordException e) {
                failure = e;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(got).containsExactly("a", "b");
        assertThat(failure).isNotNull().hasMessageContaining("t-0").hasMessageContaining("offset 2");
        consumer.seek(P0, 4);
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("e");
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aCorruptBatchFailsOnlyItsPartition() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        cluster.append("t", 0, CompressionType.NONE, "a0", "a1");
        cluster.append("t", 0, CompressionType.NONE, "a2");
        cluster.corrupt("t", 0, 2);
        cluster.append("t", 1, CompressionType.NONE, "b0", "b1");
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0, P1));
        List<String> got = new ArrayList<>();
        List<CorruptRecordException> failures = new ArrayList<>();
        for (int i = 0; i < 50 && (got.size() < 4 || failures.size() < 2); i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (CorruptRecordException e) {
                failures.add(e);
            }
            cluster.advance(Duration.ofMillis(10));
        }
        // P1's records come back although P0's corrupt batch is buffered (before or after them); P0's error is
        // raised, naming partition and offset, poll after poll: it is not skipped.
        assertThat(got).containsExactlyInAnyOrder("a0", "a1", "b0", "b1");
        assertThat(failures).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e)
                .hasMessageContaining("t-0").hasMessageContaining("offset 2"));
        assertThat(consumer.position(P0)).isEqualTo(2);
        cluster.append("t", 1, CompressionType.NONE, "b2");
        List<String> later = new ArrayList<>();
        int laterFailures = 0;
        for (int i = 0; i < 50 && (later.isEmpty() || laterFailures == 0); i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> later.add(r.value()));
            } catch (CorruptRecordException e) {
                laterFailures++;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(later).containsExactly("b2");
        assertThat(laterFailures).isPositive();
        consumer.seek(P0, 3);
        cluster.append("t", 0, CompressionType.NONE, "a3");
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("a3");
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void readCommittedSkipsAbortedTransactionsAndControlRecords() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "plain1");
        cluster.appendTransactional("t", 0, 7, new String[] {"committed1", "committed2"}, ControlRecordType.COMMIT);
        cluster.appendTransactional("t", 0, 8, new String[] {"aborted1"}, ControlRecordType.ABORT);
        cluster.append("t", 0, CompressionType.NONE, "plain2");

        Consumer<String, String> committed = consumer(cluster, b -> b.isolationLevel(IsolationLevel.READ_COMMITTED));
        committed.assign(List.of(P0));
        assertThat(values(pollFor(committed, cluster, 4))).containsExactly("plain1", "committed1", "committed2",
                "plain2");
        assertThat(committed.position(P0)).isEqualTo(7);
        committed.close();

        Consumer<String, String> uncommitted = consumer(cluster, b -> b);
        uncommitted.assign(List.of(P0));
        assertThat(values(pollFor(uncommitted, cluster, 5))).containsExactly("plain1", "committed1", "committed2",
                "aborted1", "plain2");
        uncommitted.close();
    }

    @Test
    void aLogEndingInAControlBatchMovesThePositionPastIt() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.appendTransactional("t", 0, 7, new String[] {"x"}, ControlRecordType.COMMIT);
        Consumer<String, String> consumer = consumer(cluster, b -> b.isolationLevel(IsolationLevel.READ_COMMITTED));
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("x");
        for (int i = 0; i < 5; i++) {
            consumer.poll(Duration.ZERO);
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(consumer.position(P0)).isEqualTo(2);
        consumer.close();
    }

    @Test
    void aLeaderChangeIsFollowed() {
        FakeCluster cluster = new FakeCluster(2).topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("a");
        cluster.moveLeader("t", 0, 1);
        cluster.releaseHeld(true); // the held fetch to the old leader returns (NOT_LEADER_OR_FOLLOWER)
        cluster.append("t", 0, CompressionType.NONE, "b");
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("b");
        assertThat(cluster.requests(FetchRequest.class)).isNotEmpty();
        // "a" was read under epoch 0: the position is validated with the new leader before it is fetched (KIP-320)
        assertThat(cluster.requests(OffsetForLeaderEpochRequest.class)).isNotEmpty().allSatisfy(r -> assertThat(
                r.topics().get(0).partitions().get(0)).satisfies(p -> {
                    assertThat(p.leaderEpoch()).isZero();
                    assertThat(p.currentLeaderEpoch()).isEqualTo(1);
                }));
        consumer.close();
    }

    @Test
    void aFencedValidationIsRetriedAndABrokerWithoutOffsetsForLeaderEpochV3SkipsIt() {
        FakeCluster cluster = new FakeCluster(2).topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        Consumer<String, String> consumer = consumer(cluster, b -> b.retryBackoff(Duration.ofMillis(10)));
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("a");

        // The first answer is fenced (the broker knows a newer epoch): the metadata is refreshed and it asks again.
        List<OffsetForLeaderEpochRequest> asked = new ArrayList<>();
        cluster.script(ApiKey.OFFSET_FOR_LEADER_EPOCH, r -> {
            asked.add((OffsetForLeaderEpochRequest) r);
            if (asked.size() > 1) {
                return null;
            }
            OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult t =
                    new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult().setTopic("t");
            t.partitions().add(new OffsetForLeaderEpochResponse.EpochEndOffset().setPartition(0)
                    .setErrorCode(ErrorCode.FENCED_LEADER_EPOCH.code()));
            return new OffsetForLeaderEpochResponse().setTopics(new ArrayList<>(List.of(t)));
        });
        cluster.moveLeader("t", 0, 1);
        cluster.releaseHeld(true);
        cluster.append("t", 0, CompressionType.NONE, "b");
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("b");
        assertThat(asked).hasSizeGreaterThanOrEqualTo(2);

        // A broker that cannot answer OffsetsForLeaderEpoch v3+: the position is taken as valid, as the official
        // consumer does, and reading goes on.
        cluster.script(ApiKey.OFFSET_FOR_LEADER_EPOCH, r -> new dev.samsa.errors.UnsupportedVersionException(
                "no common version of OFFSET_FOR_LEADER_EPOCH"));
        cluster.moveLeader("t", 0, 0);
        cluster.releaseHeld(true);
        cluster.append("t", 0, CompressionType.NONE, "c");
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("c");
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aDivergingEpochInAFetchResponseValidatesThePosition() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        cluster.append("t", 0, CompressionType.NONE, "b");
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 2))).containsExactly("a", "b");

        // The next fetch, from offset 2 after "b" of epoch 0, learns that epoch 0 ends at offset 1 on the leader.
        List<FetchRequest.FetchPartition> diverged = new ArrayList<>();
        cluster.script(ApiKey.FETCH, r -> {
            if (!diverged.isEmpty()) {
                return null;
            }
            diverged.add(((FetchRequest) r).topics().get(0).partitions().get(0));
            FetchResponse.PartitionData data = new FetchResponse.PartitionData().setPartitionIndex(0)
                    .setHighWatermark(2).setLastStableOffset(2).setLogStartOffset(0);
            data.divergingEpoch().setEpoch(0).setEndOffset(1);
            FetchResponse.FetchableTopicResponse t = new FetchResponse.FetchableTopicResponse().setTopic("t");
            t.partitions().add(data);
            return new FetchResponse().setResponses(new ArrayList<>(List.of(t)));
        });
        cluster.script(ApiKey.OFFSET_FOR_LEADER_EPOCH, r -> {
            OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult t =
                    new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult().setTopic("t");
            t.partitions().add(new OffsetForLeaderEpochResponse.EpochEndOffset().setPartition(0).setLeaderEpoch(0)
                    .setEndOffset(1));
            return new OffsetForLeaderEpochResponse().setTopics(new ArrayList<>(List.of(t)));
        });

        // auto.offset.reset=earliest: the position moves to the first divergent offset, 1, and reads on from there.
        List<ConsumerRecord<String, String>> again = pollFor(consumer, cluster, 1);
        assertThat(again).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertThat(diverged).singleElement().satisfies(p -> {
            assertThat(p.fetchOffset()).isEqualTo(2);
            assertThat(p.lastFetchedEpoch()).isZero();
        });
        assertThat(cluster.requests(OffsetForLeaderEpochRequest.class)).singleElement().satisfies(r -> assertThat(
                r.topics().get(0).partitions().get(0).leaderEpoch()).isZero());
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void pausedPartitionsAreNeitherReturnedNorFetched() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0, P1));
        consumer.pause(List.of(P1));
        assertThat(consumer.paused()).containsExactly(P1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        cluster.append("t", 1, CompressionType.NONE, "b");
        List<ConsumerRecord<String, String>> got = pollFor(consumer, cluster, 2);
        assertThat(values(got)).containsExactly("a");
        consumer.resume(List.of(P1));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("b");
        consumer.close();
    }

    @Test
    void offsetLookups() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        long t0 = cluster.time.milliseconds();
        cluster.append("t", 0, CompressionType.NONE, t0, "a", "b");
        cluster.append("t", 0, CompressionType.NONE, t0 + 100, "c");
        cluster.deleteRecordsBefore("t", 0, 0);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        assertThat(consumer.beginningOffsets(List.of(P0, P1))).containsEntry(P0, 0L).containsEntry(P1, 0L);
        assertThat(consumer.endOffsets(List.of(P0, P1))).containsEntry(P0, 3L).containsEntry(P1, 0L);
        Map<TopicPartition, OffsetAndTimestamp> times = consumer.offsetsForTimes(Map.of(P0, t0 + 50, P1, t0));
        assertThat(times.get(P0)).isEqualTo(new OffsetAndTimestamp(2, t0 + 100, java.util.Optional.of(0)));
        assertThat(times).containsEntry(P1, null);
        assertThat(consumer.partitionsFor("t")).hasSize(2);
        assertThat(consumer.partitionsFor("missing")).isEmpty();
        consumer.close();
    }

    @Test
    void wakeupFromAnotherThreadInterruptsABlockedPoll() throws Exception {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                consumer.poll(Duration.ofHours(1));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        // The poll blocks on the manual clock; wake it from this thread.
        while (!outcome.isDone()) {
            consumer.wakeup();
            Thread.onSpinWait();
        }
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(WakeupException.class);
        consumer.close();
    }

    @Test
    void aSecondThreadPollingWhileOnePollsIsRejectedNamingTheFirst() throws Exception {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        Thread poller = new Thread(() -> {
            while (true) {
                try {
                    consumer.poll(Duration.ofHours(1)); // blocks on the manual clock until woken
                    return;
                } catch (WakeupException expected) {
                    return; // ends the poll
                } catch (IllegalStateException mainWasPolling) {
                    Thread.onSpinWait(); // the test thread held the consumer: try again while it sleeps
                }
            }
        }, "first-poller");
        poller.start();
        // Until the first poll holds the consumer, a second one would just run: try until it is refused.
        Throwable refused = null;
        for (int i = 0; i < 10_000 && refused == null; i++) {
            try {
                consumer.poll(Duration.ZERO);
                Thread.sleep(1);
            } catch (IllegalStateException e) {
                refused = e;
            }
        }
        assertThat(refused).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("first-poller").hasMessageContaining("one thread at a time");
        while (poller.isAlive()) {
            consumer.wakeup();
            poller.join(10);
        }
        consumer.close();
    }

    @Test
    void aFetchDeniedByAuthorizationFailsThePollNamingTheTopicAndReleasesTheResponse() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a");
        cluster.script(ApiKey.FETCH, r -> {
            FetchResponse.PartitionData data = new FetchResponse.PartitionData().setPartitionIndex(0)
                    .setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code());
            FetchResponse.FetchableTopicResponse t = new FetchResponse.FetchableTopicResponse().setTopic("t");
            t.partitions().add(data);
            return new FetchResponse().setResponses(new ArrayList<>(List.of(t)));
        });
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0));
        Throwable failure = null;
        for (int i = 0; i < 100 && failure == null; i++) {
            try {
                assertThat(consumer.poll(Duration.ZERO).isEmpty()).isTrue();
                cluster.advance(Duration.ofMillis(10));
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        assertThat(failure).isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining("Not authorized to read topic 't'");
        consumer.close();
        assertThat(cluster.unreleasedBuffers()).isZero();
    }

    @Test
    void pollingWithoutAssignmentFails() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not subscribed");
        consumer.close();
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** The fetch offsets of partition {@code partition} of topic t in the Fetch requests sent so far, in order. */
    private static List<Long> fetchOffsets(FakeCluster cluster, int partition) {
        List<Long> out = new ArrayList<>();
        for (FetchRequest f : cluster.requests(FetchRequest.class)) {
            for (FetchRequest.FetchTopic t : f.topics()) {
                for (FetchRequest.FetchPartition p : t.partitions()) {
                    if (p.partition() == partition) {
                        out.add(p.fetchOffset());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theNextFetchIsInFlightBeforePollReturnsRecordsAndAtMostTwoResponsesAreBuffered() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        for (int b = 0; b < 4; b++) {
            cluster.append("t", 0, CompressionType.NONE,
                    IntStream.range(0, 10).mapToObj(i -> "v").toArray(String[]::new));
        }
        // one batch per response, four records per poll
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPartitionFetchBytes(1).maxPollRecords(4));
        consumer.assign(List.of(P0));

        List<ConsumerRecord<String, String>> first = pollFor(consumer, cluster, 1);

        assertThat(first).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L);
        // Six records of the first response are still buffered, yet the fetch from where it ends (10) went out
        // before poll returned; the one after that (20) waits until a buffer is drained.
        assertThat(fetchOffsets(cluster, 0)).containsExactly(0L, 10L);

        List<ConsumerRecord<String, String>> rest = pollFor(consumer, cluster, 36);
        assertThat(rest).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                IntStream.range(4, 40).mapToObj(i -> (long) i).toList());
        assertThat(fetchOffsets(cluster, 0)).startsWith(0L, 10L, 20L, 30L).isSorted();
        assertThat(consumer.position(P0)).isEqualTo(40);
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void seekDropsWhatWasFetchedAhead() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.appendNumberedBatches("t", 0, 4, 10, "v");
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPartitionFetchBytes(1).maxPollRecords(4));
        consumer.assign(List.of(P0));
        assertThat(values(pollFor(consumer, cluster, 1))).containsExactly("v0", "v1", "v2", "v3");

        consumer.seek(P0, 25); // [0, 10) is half read and [10, 20) was fetched ahead: both go

        List<ConsumerRecord<String, String>> after = pollFor(consumer, cluster, 15);
        assertThat(values(after)).containsExactlyElementsOf(
                IntStream.range(25, 40).mapToObj(i -> "v" + i).toList());
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aPartitionRunsIntoItsFetchedAheadBufferWithinOnePoll() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a0", "a1", "a2");
        cluster.append("t", 0, CompressionType.NONE, "b3", "b4", "b5");
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPartitionFetchBytes(1).maxPollRecords(5));
        consumer.assign(List.of(P0));

        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        for (int i = 0; i < 100 && records.isEmpty(); i++) {
            records = consumer.poll(Duration.ZERO);
            cluster.advance(Duration.ofMillis(10));
        }

        // Both responses were buffered by the first poll: its five records span them, as one run of the partition.
        assertThat(records.partitions()).containsExactly(P0);
        assertThat(records.records(P0)).extracting(ConsumerRecord::value)
                .containsExactly("a0", "a1", "a2", "b3", "b4");
        assertThat(records.nextOffsets().get(P0).offset()).isEqualTo(5);
        consumer.close();
    }
    @Test
    void aCaughtUpPartitionDoesNotParkTheFetchThatAPartitionWaitingForBufferRoomNeeds() {
        // P0 is caught up after one response; P1 has four batches, one per response. Once P1 has two responses
        // buffered it waits for room, and a Fetch of P0 alone would be held by the broker for fetch.max.wait.ms,
        // blocking P1's next fetch (one Fetch in flight per leader) as soon as the application drains P1.
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        cluster.append("t", 0, CompressionType.NONE, "a0", "a1", "a2");
        cluster.appendNumberedBatches("t", 1, 4, 10, "b");
        Consumer<String, String> consumer = consumer(cluster, b -> b.maxPartitionFetchBytes(1).maxPollRecords(4)
                .fetchMaxWait(Duration.ofSeconds(10)));
        consumer.assign(List.of(P0, P1));

        // The manual clock moves 1 ms per poll, 200 ms in all: far less than fetch.max.wait.ms.
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        for (int i = 0; i < 200 && read.size() < 43; i++) {
            consumer.poll(Duration.ZERO).forEach(read::add);
            cluster.advance(Duration.ofMillis(1));
        }

        assertThat(read).hasSize(43);
        assertThat(read.stream().filter(r -> r.partition() == 1)).extracting(ConsumerRecord::offset)
                .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> (long) i).toList());
        // With everything read, the caught-up partitions are long-polled as before.
        consumer.poll(Duration.ZERO);
        assertThat(cluster.heldFetches()).isEqualTo(1);
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }

    @Test
    void aPartitionStuckOnACorruptBatchDoesNotStopTheOthersOfItsLeaderFromBeingFetched() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        cluster.append("t", 0, CompressionType.NONE, "a0");
        cluster.append("t", 1, CompressionType.NONE, "x0");
        cluster.append("t", 1, CompressionType.NONE, "x1");
        cluster.corrupt("t", 1, 1);
        Consumer<String, String> consumer = consumer(cluster, b -> b);
        consumer.assign(List.of(P0, P1));
        List<String> got = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < 50 && failures == 0; i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (CorruptRecordException e) {
                failures++;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(got).containsExactlyInAnyOrder("a0", "x0");
        assertThat(failures).isOne();

        // P1's failed buffer stays until a seek: polls return P0's records and raise P1's error in turn. It waits
        // for no room, so P0, fetched to its end, is still long-polled rather than held back for it.
        cluster.append("t", 0, CompressionType.NONE, "a1");
        for (int i = 0; i < 50 && !got.contains("a1"); i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (CorruptRecordException e) {
                failures++;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(got).contains("a1");
        for (int i = 0; i < 5; i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (CorruptRecordException e) {
                failures++;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(failures).isGreaterThan(1);
        assertThat(cluster.heldFetches()).isEqualTo(1);
        cluster.append("t", 0, CompressionType.NONE, "a2");
        consumer.seek(P1, 2);
        for (int i = 0; i < 50 && !got.contains("a2"); i++) {
            try {
                consumer.poll(Duration.ZERO).forEach(r -> got.add(r.value()));
            } catch (CorruptRecordException e) {
                failures++;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(got).contains("a1", "a2");
        assertThat(cluster.closeAndReleaseAll(consumer)).as("unreleased buffers").isZero();
    }
}
