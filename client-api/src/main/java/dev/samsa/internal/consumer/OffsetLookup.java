package dev.samsa.internal.consumer;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.LeaderNotAvailableException;
import dev.samsa.errors.RetriableException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.metadata.PartitionMetadata;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Looks up offsets by timestamp with ListOffsets (API key 2) to each partition's leader: the log start offset
 * ({@link #EARLIEST_TIMESTAMP}), the log end offset or last stable offset ({@link #LATEST_TIMESTAMP}, depending on
 * the isolation level), or the first offset at or after a time. Partitions whose leader is unknown or wrong fail
 * with a retriable error and trigger a metadata refresh; callers retry them.
 *
 * <p>Not thread-safe: called on the consumer's {@link SerialExecutor}; futures complete on transport threads.
 */
final class OffsetLookup {
    /** ListOffsets timestamp asking for the log start offset. */
    static final long EARLIEST_TIMESTAMP = -2L;
    /** ListOffsets timestamp asking for the log end offset (the last stable offset under read_committed). */
    static final long LATEST_TIMESTAMP = -1L;

    /** What a partition's lookup found: offset -1 if no record has a timestamp at or after the one asked for. */
    record Found(long offset, long timestamp, int leaderEpoch) {
    }

    /** The outcome of one lookup round: what was found and what failed, per partition. */
    record Result(Map<TopicPartition, Found> found, Map<TopicPartition, RuntimeException> failed) {
    }

    private final ConsumerSettings settings;
    private final Transport transport;
    private final Metadata metadata;

    OffsetLookup(ConsumerSettings settings, Transport transport, Metadata metadata) {
        this.settings = settings;
        this.transport = transport;
        this.metadata = metadata;
    }

    /**
     * One round of lookups. Topics not in the metadata are fetched first (as the returned future waits for them, a
     * caller bounds it). Never fails as a whole: per-partition failures are in the result.
     */
    CompletableFuture<Result> lookup(Map<TopicPartition, Long> timestamps) {
        Set<String> topics = new LinkedHashSet<>();
        for (TopicPartition tp : timestamps.keySet()) {
            topics.add(tp.topic());
        }
        List<CompletableFuture<Cluster>> waits = new ArrayList<>();
        for (String topic : topics) {
            waits.add(metadata.awaitTopic(topic));
        }
        return CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]))
                .handle((v, e) -> e)
                .thenCompose(topicError -> send(timestamps, metadata.cluster()));
    }

    private CompletableFuture<Result> send(Map<TopicPartition, Long> timestamps, Cluster cluster) {
        Map<TopicPartition, Found> found = new HashMap<>();
        Map<TopicPartition, RuntimeException> failed = new HashMap<>();
        Map<Node, Map<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
        boolean refresh = false;
        for (Map.Entry<TopicPartition, Long> e : timestamps.entrySet()) {
            TopicPartition tp = e.getKey();
            Node leader = cluster.leaderFor(tp);
            if (leader == null) {
                if (cluster.topic(tp.topic()) != null && tp.partition() >= cluster.partitionCount(tp.topic())) {
                    failed.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("Partition " + tp
                            + " does not exist (the topic has " + cluster.partitionCount(tp.topic())
                            + " partitions)"));
                } else {
                    failed.put(tp, new LeaderNotAvailableException("No leader known for partition " + tp));
                    refresh = true;
                }
                continue;
            }
            Map<TopicPartition, Long> ofLeader = byLeader.get(leader);
            if (ofLeader == null) {
                ofLeader = new LinkedHashMap<>();
                byLeader.put(leader, ofLeader);
            }
            ofLeader.put(tp, e.getValue());
        }
        if (refresh) {
            metadata.requestUpdate();
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (Map.Entry<Node, Map<TopicPartition, Long>> e : byLeader.entrySet()) {
            Node node = e.getKey();
            Map<String, ListOffsetsRequest.ListOffsetsTopic> topics = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, Long> p : e.getValue().entrySet()) {
                TopicPartition tp = p.getKey();
                PartitionMetadata pm = cluster.partition(tp);
                ListOffsetsRequest.ListOffsetsTopic topic = topics.get(tp.topic());
                if (topic == null) {
                    topic = new ListOffsetsRequest.ListOffsetsTopic().setName(tp.topic());
                    topics.put(tp.topic(), topic);
                }
                topic.partitions().add(new ListOffsetsRequest.ListOffsetsPartition()
                        .setPartitionIndex(tp.partition()).setTimestamp(p.getValue())
                        .setCurrentLeaderEpoch(pm == null ? -1 : pm.leaderEpoch()));
            }
            ListOffsetsRequest request = new ListOffsetsRequest().setReplicaId(-1)
                    .setIsolationLevel(settings.isolationLevel().id()).setTopics(new ArrayList<>(topics.values()))
                    .setTimeoutMs(settings.requestTimeoutMs());
            Map<TopicPartition, Long> asked = e.getValue();
            CompletableFuture<ListOffsetsResponse> f;
            try {
                f = transport.send(node, request, (short) 1, dev.samsa.internal.protocol.ApiKey.LIST_OFFSETS
                        .latestStableVersion());
            } catch (RuntimeException ex) {
                f = CompletableFuture.failedFuture(ex);
            }
            sends.add(f.handle((response, error) -> {
                synchronized (found) {
                    collect(asked, response, error, found, failed);
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            synchronized (found) {
                return new Result(Map.copyOf(found), Map.copyOf(failed));
            }
        });
    }

    private void collect(Map<TopicPartition, Long> asked, ListOffsetsResponse response, Throwable error,
            Map<TopicPartition, Found> found, Map<TopicPartition, RuntimeException> failed) {
        if (error != null) {
            RuntimeException e = error instanceof RuntimeException r ? r : new LeaderNotAvailableException(
                    String.valueOf(error));
            for (TopicPartition tp : asked.keySet()) {
                failed.put(tp, e);
            }
            metadata.requestUpdate();
            return;
        }
        Set<TopicPartition> missing = new LinkedHashSet<>(asked.keySet());
        boolean refresh = false;
        for (ListOffsetsResponse.ListOffsetsTopicResponse t : response.topics()) {
            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (!missing.remove(tp)) {
                    continue;
                }
                ErrorCode code = ErrorCode.forCode(p.errorCode());
                if (code == ErrorCode.NONE) {
                    found.put(tp, new Found(p.offset(), p.timestamp(), p.leaderEpoch()));
                } else {
                    ApiException ex = code.exception("ListOffsets for partition " + tp + ": " + code.description());
                    failed.put(tp, ex);
                    refresh |= ex instanceof RetriableException;
                }
            }
        }
        for (TopicPartition tp : missing) {
            failed.put(tp, new LeaderNotAvailableException("ListOffsets response lacked partition " + tp));
        }
        if (refresh) {
            metadata.requestUpdate();
        }
    }
}
