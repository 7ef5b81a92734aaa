package dev.samsa.internal.consumer;

import static dev.samsa.internal.consumer.ConsumerTestSupport.consumer;
import static dev.samsa.internal.consumer.ConsumerTestSupport.pollFor;
import static dev.samsa.internal.consumer.ConsumerTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.CommitFailedException;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRebalanceListener;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.errors.InvalidGroupIdException;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.serde.Deserializer;
import dev.samsa.serde.Deserializers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GroupTest {
    /** Records every listener call as "revoked:[...]" etc. */
    static final class Recorder implements ConsumerRebalanceListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            calls.add("revoked:" + sorted(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            calls.add("assigned:" + sorted(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            calls.add("lost:" + sorted(partitions));
        }

        private static List<String> sorted(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::toString).sorted().toList();
        }
    }

    private static Consumer<String, String> member(FakeCluster cluster, AssignmentStrategy... strategies) {
        return consumer(cluster, b -> b.groupId("group").sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(1)).assignmentStrategies(strategies));
    }

    /** Polls every consumer in turn until the predicate holds. */
    private static void pollAll(FakeCluster cluster, java.util.function.BooleanSupplier done,
            List<Consumer<String, String>> consumers, List<ConsumerRecord<String, String>> sink) {
        for (int i = 0; i < 2000; i++) {
            for (Consumer<String, String> c : consumers) {
                c.poll(Duration.ZERO).forEach(sink::add);
            }
            if (done.getAsBoolean()) {
                return;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        throw new AssertionError("not done; group state " + cluster.group.state + ", members "
                + cluster.group.members.keySet());
    }

    @Test
    void aSingleMemberGetsEverythingAndCommits() {
        FakeCluster cluster = new FakeCluster().topic("t", 3);
        for (int p = 0; p < 3; p++) {
            cluster.append("t", p, CompressionType.NONE, "p" + p + "a", "p" + p + "b");
        }
        Consumer<String, String> c = member(cluster, AssignmentStrategy.RANGE);
        Recorder listener = new Recorder();
        c.subscribe(List.of("t"), listener);
        List<ConsumerRecord<String, String>> got = pollFor(c, cluster, 6);
        assertThat(values(got)).containsExactlyInAnyOrder("p0a", "p0b", "p1a", "p1b", "p2a", "p2b");
        assertThat(c.assignment()).hasSize(3);
        assertThat(listener.calls).containsExactly("assigned:[t-0, t-1, t-2]");
        JoinGroupRequest join = cluster.requests(JoinGroupRequest.class).get(0);
        assertThat(join.protocolType()).isEqualTo("consumer");
        assertThat(join.protocols()).extracting(JoinGroupRequest.JoinGroupRequestProtocol::name)
                .containsExactly("range");

        c.commitSync();
        assertThat(cluster.group.committed).containsEntry(new TopicPartition("t", 0), 2L)
                .containsEntry(new TopicPartition("t", 2), 2L);
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(Set.of(new TopicPartition("t", 1),
                new TopicPartition("other", 0)));
        assertThat(committed.get(new TopicPartition("t", 1)).offset()).isEqualTo(2);
        assertThat(committed).containsEntry(new TopicPartition("other", 0), null);

        // heartbeats keep flowing without polls, on the manual clock
        long before = cluster.requests(HeartbeatRequest.class).size();
        cluster.advance(Duration.ofSeconds(5));
        assertThat(cluster.requests(HeartbeatRequest.class).size()).isGreaterThanOrEqualTo((int) before + 4);

        c.close();
        assertThat(cluster.requests(LeaveGroupRequest.class)).hasSize(1);
        assertThat(listener.calls).last().isEqualTo("revoked:[t-0, t-1, t-2]");
    }

    /** As in Kafka, the rebalance listener may commit from {@code onPartitionsRevoked} while close() runs it. */
    @Test
    void theListenerCommitsInsideCloseAndTheConsumerIsClosedAfterwards() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        for (int p = 0; p < 2; p++) {
            cluster.append("t", p, CompressionType.NONE, "p" + p + "a", "p" + p + "b", "p" + p + "c");
        }
        Consumer<String, String> c = consumer(cluster, b -> b.groupId("group").enableAutoCommit(false)
                .sessionTimeout(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofSeconds(1)));
        List<Throwable> listenerErrors = new ArrayList<>();
        c.subscribe(List.of("t"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                try {
                    c.commitSync();
                } catch (RuntimeException e) {
                    listenerErrors.add(e);
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        assertThat(values(pollFor(c, cluster, 6))).hasSize(6);
        assertThat(cluster.group.committed).isEmpty();

        c.close();

        assertThat(listenerErrors).isEmpty();
        assertThat(cluster.group.committed).containsEntry(new TopicPartition("t", 0), 3L)
                .containsEntry(new TopicPartition("t", 1), 3L);
        assertThat(cluster.requests(LeaveGroupRequest.class)).hasSize(1);
        assertThatThrownBy(c::commitSync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void twoMembersSplitThePartitionsAndTheSurvivorTakesOverWithoutLoss() {
        FakeCluster cluster = new FakeCluster().topic("t", 4);
        for (int p = 0; p < 4; p++) {
            cluster.append("t", p, CompressionType.NONE, "p" + p + "-0", "p" + p + "-1");
        }
        Consumer<String, String> a = member(cluster, AssignmentStrategy.RANGE);
        Consumer<String, String> b = member(cluster, AssignmentStrategy.RANGE);
        a.subscribe(List.of("t"));
        b.subscribe(List.of("t"));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        pollAll(cluster, () -> a.assignment().size() == 2 && b.assignment().size() == 2 && got.size() >= 8,
                List.of(a, b), got);
        Set<TopicPartition> union = new HashSet<>(a.assignment());
        union.addAll(b.assignment());
        assertThat(union).hasSize(4);
        a.commitSync();
        b.commitSync();

        // b leaves; a takes everything and continues from the committed offsets: nothing lost, nothing twice
        b.close();
        for (int p = 0; p < 4; p++) {
            cluster.append("t", p, CompressionType.NONE, "p" + p + "-2");
        }
        pollAll(cluster, () -> a.assignment().size() == 4 && got.size() >= 12, List.of(a), got);
        assertThat(values(got)).doesNotHaveDuplicates().hasSize(12);
        a.close();
    }

    @Test
    void roundRobinAcrossMembers() {
        FakeCluster cluster = new FakeCluster().topic("t", 3).topic("u", 3);
        Consumer<String, String> a = member(cluster, AssignmentStrategy.ROUND_ROBIN);
        Consumer<String, String> b = member(cluster, AssignmentStrategy.ROUND_ROBIN);
        a.subscribe(List.of("t", "u"));
        b.subscribe(List.of("t", "u"));
        pollAll(cluster, () -> a.assignment().size() == 3 && b.assignment().size() == 3, List.of(a, b),
                new ArrayList<>());
        a.close();
        b.close();
    }

    @Test
    void cooperativeStickyRevokesOnlyWhatMovesAndKeepsTheRest() {
        FakeCluster cluster = new FakeCluster().topic("t", 4);
        Recorder la = new Recorder();
        Recorder lb = new Recorder();
        Consumer<String, String> a = member(cluster, AssignmentStrategy.COOPERATIVE_STICKY);
        a.subscribe(List.of("t"), la);
        pollAll(cluster, () -> a.assignment().size() == 4, List.of(a), new ArrayList<>());
        Consumer<String, String> b = member(cluster, AssignmentStrategy.COOPERATIVE_STICKY);
        b.subscribe(List.of("t"), lb);
        pollAll(cluster, () -> a.assignment().size() == 2 && b.assignment().size() == 2, List.of(a, b),
                new ArrayList<>());
        // a never gave up the two partitions it kept: one revocation of exactly the two that moved
        assertThat(la.calls.get(0)).isEqualTo("assigned:[t-0, t-1, t-2, t-3]");
        assertThat(la.calls.stream().filter(c -> c.startsWith("revoked"))).singleElement()
                .satisfies(c -> assertThat(c.split(",")).hasSize(2));
        assertThat(la.calls.stream().filter(c -> c.startsWith("lost"))).isEmpty();
        assertThat(lb.calls.stream().filter(c -> c.startsWith("assigned:[t"))).singleElement();
        Set<TopicPartition> union = new HashSet<>(a.assignment());
        union.addAll(b.assignment());
        assertThat(union).hasSize(4);
        a.close();
        b.close();
    }

    @Test
    void stickyKeepsPartitionsWithTheirOwnersAcrossAnEagerRebalance() {
        FakeCluster cluster = new FakeCluster().topic("t", 6);
        Consumer<String, String> a = member(cluster, AssignmentStrategy.STICKY);
        Consumer<String, String> b = member(cluster, AssignmentStrategy.STICKY);
        a.subscribe(List.of("t"));
        b.subscribe(List.of("t"));
        pollAll(cluster, () -> a.assignment().size() == 3 && b.assignment().size() == 3, List.of(a, b),
                new ArrayList<>());
        Set<TopicPartition> aBefore = Set.copyOf(a.assignment());
        Consumer<String, String> c = member(cluster, AssignmentStrategy.STICKY);
        c.subscribe(List.of("t"));
        pollAll(cluster, () -> a.assignment().size() == 2 && b.assignment().size() == 2 && c.assignment().size() == 2,
                List.of(a, b, c), new ArrayList<>());
        assertThat(aBefore).containsAll(a.assignment());
        a.close();
        b.close();
        c.close();
    }

    @Test
    void aStaticMemberRestartingWithinItsSessionGetsItsPartitionsBackWithoutARebalance() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        Consumer<String, String> first = consumer(cluster, b -> b.groupId("group").groupInstanceId("host-1")
                .sessionTimeout(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofSeconds(1)));
        first.subscribe(List.of("t"));
        pollAll(cluster, () -> first.assignment().size() == 2, List.of(first), new ArrayList<>());
        int generation = cluster.group.generation;
        first.close();
        assertThat(cluster.requests(LeaveGroupRequest.class)).isEmpty(); // static members do not leave
        Consumer<String, String> second = consumer(cluster, b -> b.groupId("group").groupInstanceId("host-1")
                .sessionTimeout(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofSeconds(1)));
        second.subscribe(List.of("t"));
        pollAll(cluster, () -> second.assignment().size() == 2, List.of(second), new ArrayList<>());
        assertThat(cluster.group.generation).isEqualTo(generation);
        assertThat(cluster.requests(JoinGroupRequest.class)).allSatisfy(j ->
                assertThat(j.groupInstanceId()).isEqualTo("host-1"));
        second.close();
    }

    @Test
    void aMemberThatStopsPollingLeavesAndReportsItsPartitionsLost() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        Recorder listener = new Recorder();
        Consumer<String, String> c = consumer(cluster, b -> b.groupId("group").sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(1)).maxPollInterval(Duration.ofSeconds(30)));
        c.subscribe(List.of("t"), listener);
        pollAll(cluster, () -> c.assignment().size() == 2, List.of(c), new ArrayList<>());
        cluster.advance(Duration.ofSeconds(31)); // no poll for longer than max.poll.interval.ms
        assertThat(cluster.requests(LeaveGroupRequest.class)).hasSize(1);
        assertThatThrownBy(c::commitSync).isInstanceOf(CommitFailedException.class);
        pollAll(cluster, () -> c.assignment().size() == 2, List.of(c), new ArrayList<>());
        assertThat(listener.calls).containsExactly("assigned:[t-0, t-1]", "lost:[t-0, t-1]",
                "assigned:[t-0, t-1]");
        c.close();
    }

    /**
     * max.poll.interval.ms counts from the end of a poll, not from its last step: the time a poll spends after its
     * step (here a slow value deserializer, which runs on the polling thread) does not count against it.
     */
    @Test
    void maxPollIntervalRunsFromTheEndOfEachPoll() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        AtomicBoolean slow = new AtomicBoolean();
        Deserializer<String> values = (topic, data) -> {
            if (slow.get()) {
                slow.set(false);
                cluster.advance(Duration.ofSeconds(25)); // heartbeats fire meanwhile: the member is inside poll
            }
            return new String(data, StandardCharsets.UTF_8);
        };
        Consumer<String, String> c = Consumer.builder(Deserializers.forString(), values).transport(cluster)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).groupId("group").sessionTimeout(Duration.ofSeconds(60))
                .heartbeatInterval(Duration.ofSeconds(1)).maxPollInterval(Duration.ofSeconds(30)).build();
        c.subscribe(List.of("t"));
        pollAll(cluster, () -> c.assignment().size() == 1, List.of(c), new ArrayList<>());
        cluster.append("t", 0, CompressionType.NONE, "a");
        slow.set(true);
        assertThat(values(pollFor(c, cluster, 1))).containsExactly("a");
        assertThat(slow).isFalse();
        assertThat(cluster.requests(LeaveGroupRequest.class)).isEmpty(); // inside poll, the timer counts as reset
        cluster.advance(Duration.ofSeconds(29)); // 54 s after the step that fetched "a", 29 s after poll returned
        assertThat(cluster.requests(LeaveGroupRequest.class)).isEmpty();
        assertThat(c.assignment()).hasSize(1);
        cluster.advance(Duration.ofSeconds(2));
        assertThat(cluster.requests(LeaveGroupRequest.class)).hasSize(1);
        c.close();
    }

    @Test
    void autoCommitCommitsPositionsOfEarlierPolls() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a", "b", "c");
        Consumer<String, String> c = consumer(cluster, b -> b.groupId("group")
                .autoCommitInterval(Duration.ofSeconds(1)).sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(1)));
        c.subscribe(List.of("t"));
        pollFor(c, cluster, 3);
        assertThat(cluster.group.committed).doesNotContainKey(new TopicPartition("t", 0));
        cluster.advance(Duration.ofSeconds(2));
        c.poll(Duration.ZERO);
        assertThat(cluster.group.committed).containsEntry(new TopicPartition("t", 0), 3L);
        assertThat(cluster.requests(OffsetCommitRequest.class)).isNotEmpty();
        c.close();
    }

    @Test
    void committedOffsetsSurviveARestart() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        cluster.append("t", 0, CompressionType.NONE, "a", "b");
        Consumer<String, String> first = member(cluster, AssignmentStrategy.RANGE);
        first.subscribe(List.of("t"));
        assertThat(values(pollFor(first, cluster, 2))).containsExactly("a", "b");
        first.close(); // auto-commit on close
        cluster.append("t", 0, CompressionType.NONE, "c");
        Consumer<String, String> second = member(cluster, AssignmentStrategy.RANGE);
        second.subscribe(List.of("t"));
        assertThat(values(pollFor(second, cluster, 1))).containsExactly("c");
        second.close();
    }

    @Test
    void aPatternSubscriptionFollowsTopicsAsTheyAppear() {
        FakeCluster cluster = new FakeCluster().topic("orders-eu", 1).topic("payments", 1);
        cluster.append("orders-eu", 0, CompressionType.NONE, "eu");
        cluster.append("payments", 0, CompressionType.NONE, "pay");
        Consumer<String, String> c = consumer(cluster, b -> b.groupId("group").sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(1)).metadataMaxAge(Duration.ofSeconds(2)));
        c.subscribe(java.util.regex.Pattern.compile("orders-.*"));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        pollAll(cluster, () -> got.size() >= 1, List.of(c), got);
        assertThat(values(got)).containsExactly("eu");
        assertThat(c.subscription()).containsExactly("orders-eu");
        cluster.topic("orders-us", 2);
        cluster.append("orders-us", 1, CompressionType.NONE, "us");
        pollAll(cluster, () -> got.size() >= 2, List.of(c), got);
        assertThat(values(got)).containsExactly("eu", "us");
        assertThat(c.assignment()).containsExactlyInAnyOrder(new TopicPartition("orders-eu", 0),
                new TopicPartition("orders-us", 0), new TopicPartition("orders-us", 1));
        c.close();
    }

    @Test
    void theLeaderRebalancesWhenATopicGainsPartitions() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> c = consumer(cluster, b -> b.groupId("group").sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(1)).metadataMaxAge(Duration.ofSeconds(2)));
        c.subscribe(List.of("t"));
        pollAll(cluster, () -> c.assignment().size() == 1, List.of(c), new ArrayList<>());
        cluster.topic("t", 3); // recreated with more partitions: the same name, three partitions
        pollAll(cluster, () -> c.assignment().size() == 3, List.of(c), new ArrayList<>());
        c.close();
    }

    @Test
    void aLeaderWhoseMetadataIsFreshAssignsWithoutAnotherMetadataRequest() {
        FakeCluster cluster = new FakeCluster().topic("t", 3);
        Consumer<String, String> c = member(cluster, AssignmentStrategy.RANGE);
        c.subscribe(List.of("t"));
        pollAll(cluster, () -> c.assignment().size() == 3, List.of(c), new ArrayList<>());
        // As the official client: the group subscribes to nothing this member's metadata lacks, so no refresh
        // between the JoinGroup that made it leader and its SyncGroup.
        List<ApiRequest<?>> sent = cluster.requests();
        int lastJoin = -1;
        int firstSync = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) instanceof JoinGroupRequest) {
                lastJoin = i;
            } else if (sent.get(i) instanceof SyncGroupRequest && firstSync < 0) {
                firstSync = i;
            }
        }
        assertThat(lastJoin).isNotNegative().isLessThan(firstSync);
        assertThat(sent.subList(lastJoin, firstSync)).noneMatch(r -> r instanceof MetadataRequest);
        c.close();
    }

    @Test
    void aLeaderRefreshesMetadataForTopicsOnlyOtherMembersSubscribeTo() {
        FakeCluster cluster = new FakeCluster().topic("t", 2).topic("u", 2);
        Consumer<String, String> a = member(cluster, AssignmentStrategy.RANGE);
        Consumer<String, String> b = member(cluster, AssignmentStrategy.RANGE);
        a.subscribe(List.of("t"));
        pollAll(cluster, () -> a.assignment().size() == 2, List.of(a), new ArrayList<>());
        String leader = cluster.group.leader;
        // b joins the group that a leads, with a topic a has never looked up: a must learn u's partitions to assign
        b.subscribe(List.of("t", "u"));
        pollAll(cluster, () -> b.assignment().containsAll(List.of(new TopicPartition("u", 0),
                new TopicPartition("u", 1))), List.of(a, b), new ArrayList<>());
        assertThat(cluster.group.leader).isEqualTo(leader);
        assertThat(a.assignment()).containsExactly(new TopicPartition("t", 0));
        assertThat(b.assignment()).containsExactlyInAnyOrder(new TopicPartition("t", 1), new TopicPartition("u", 0),
                new TopicPartition("u", 1));
        a.close();
        b.close();
    }

    @Test
    void unsubscribeRevokesAndLeavesAndASecondSubscribeJoinsAfresh() {
        FakeCluster cluster = new FakeCluster().topic("t", 2).topic("u", 1);
        Recorder listener = new Recorder();
        Consumer<String, String> c = member(cluster, AssignmentStrategy.RANGE);
        c.subscribe(List.of("t"), listener);
        pollAll(cluster, () -> c.assignment().size() == 2, List.of(c), new ArrayList<>());
        c.unsubscribe();
        assertThat(listener.calls).containsExactly("assigned:[t-0, t-1]", "revoked:[t-0, t-1]");
        assertThat(c.assignment()).isEmpty();
        assertThat(cluster.requests(LeaveGroupRequest.class)).hasSize(1);
        c.subscribe(List.of("u"));
        pollAll(cluster, () -> c.assignment().equals(Set.of(new TopicPartition("u", 0))), List.of(c),
                new ArrayList<>());
        c.close();
    }

    @Test
    void workerThreadsCommitAsyncPauseAndResumeWhileOneThreadPolls() throws Exception {
        FakeCluster cluster = new FakeCluster().topic("t", 4);
        Consumer<String, String> c = consumer(cluster, b -> b.groupId("group").enableAutoCommit(false)
                .sessionTimeout(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofSeconds(1)));
        c.subscribe(List.of("t"));
        pollAll(cluster, () -> c.assignment().size() == 4, List.of(c), new ArrayList<>());
        int perPartition = 200;
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < perPartition; i += 20) {
                String[] values = new String[20];
                for (int j = 0; j < 20; j++) {
                    values[j] = "p" + p + "-" + (i + j);
                }
                cluster.append("t", p, CompressionType.NONE, values);
            }
        }
        java.util.concurrent.ConcurrentLinkedQueue<ConsumerRecord<String, String>> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ConcurrentHashMap<TopicPartition, Long> processed = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Thread t = new Thread(() -> {
                try {
                    java.util.Random random = new java.util.Random();
                    while (!stop.get()) {
                        ConsumerRecord<String, String> r = queue.poll();
                        if (r == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        processed.merge(r.topicPartition(), r.offset() + 1, Math::max);
                        TopicPartition tp = r.topicPartition();
                        if (random.nextInt(10) == 0) {
                            c.pause(List.of(tp));
                            c.resume(List.of(tp));
                        }
                        if (random.nextInt(5) == 0) {
                            c.commitAsync(Map.of(tp, new OffsetAndMetadata(processed.get(tp))));
                        }
                    }
                } catch (Throwable t2) {
                    failure.compareAndSet(null, t2);
                }
            });
            t.start();
            workers.add(t);
        }
        int received = 0;
        for (int i = 0; i < 3000 && received < 4 * perPartition; i++) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ZERO)) {
                queue.add(r);
                received++;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        while (!queue.isEmpty() && failure.get() == null) {
            Thread.onSpinWait();
        }
        stop.set(true);
        for (Thread t : workers) {
            t.join(10_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(received).isEqualTo(4 * perPartition);
        Map<TopicPartition, OffsetAndMetadata> finalOffsets = new java.util.HashMap<>();
        processed.forEach((tp, o) -> finalOffsets.put(tp, new OffsetAndMetadata(o)));
        c.commitSync(finalOffsets);
        for (int p = 0; p < 4; p++) {
            assertThat(cluster.group.committed).containsEntry(new TopicPartition("t", p), (long) perPartition);
        }
        c.close();
    }

    @Test
    void subscribingWithoutAGroupIdFails() {
        FakeCluster cluster = new FakeCluster().topic("t", 1);
        Consumer<String, String> c = consumer(cluster, b -> b);
        assertThatThrownBy(() -> c.subscribe(List.of("t"))).isInstanceOf(InvalidGroupIdException.class);
        assertThatThrownBy(c::commitSync).isInstanceOf(InvalidGroupIdException.class);
        c.close();
    }
}
