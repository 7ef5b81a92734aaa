package dev.samsa.internal.consumer;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.LogTruncationException;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.metadata.PartitionMetadata;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates positions after a leader change (KIP-320): a position carries the leader epoch of the record before it;
 * when the metadata shows a newer leader epoch for its partition (or the position came with an epoch: a committed
 * offset, a seek), the partition is not fetched until an OffsetsForLeaderEpoch request (API key 23, v3+) to the
 * current leader, fenced with the current leader epoch, returns the end offset of the position's epoch in the
 * leader's log.
 *
 * <ul>
 *   <li>End offset at or past the position: the position is valid; fetching resumes from it.</li>
 *   <li>End offset below it (the log was truncated: unclean leader election, or records never replicated): with a
 *   reset policy the position moves to that end offset, the first offset known to diverge, as the official consumer
 *   does (what follows there is the new leader's log, so nothing still in the log is read twice or skipped);
 *   with {@code auto.offset.reset=none}, poll throws {@link LogTruncationException}, again on every poll until a
 *   seek.</li>
 *   <li>No epoch that old in the leader's history (undefined end offset): reset per {@code auto.offset.reset}, or
 *   {@link LogTruncationException} without a divergent offset for {@code none}.</li>
 *   <li>Fenced or unknown leader epoch, not the leader, and other retriable errors: refresh the metadata and retry
 *   after {@code retry.backoff.ms}. A broker without OffsetsForLeaderEpoch v3 skips validation, as the official
 *   consumer does.</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to the consumer's {@link SerialExecutor}; transport callbacks hop onto it.
 */
final class OffsetValidator {
    private static final Logger log = LoggerFactory.getLogger(OffsetValidator.class);
    /** The first version with a replica id, which the official consumer requires of a broker to validate. */
    private static final short MIN_VERSION = 3;

    private record Asked(SubscriptionState.PartitionState state, long position, int epoch, int currentLeaderEpoch) {
    }

    private final ConsumerSettings settings;
    private final Transport transport;
    private final Time time;
    private final Metadata metadata;
    private final SubscriptionState subscriptions;
    private final Fetcher fetcher;
    private final SerialExecutor loop;
    private final Signal signal;
    private final String clientId;
    /** Errors for the next poll (truncation with {@code auto.offset.reset=none}, authorization), per partition. */
    private final Map<TopicPartition, RuntimeException> errors = new LinkedHashMap<>();
    /**
     * The metadata snapshot and {@link SubscriptionState#changes()} of the last pass that found no position to
     * validate, no leader epoch to apply and no error: while both stand, a pass would do nothing again (leader
     * epochs are applied once per snapshot; only a counted change can put a position into validation, or give a
     * partition a position whose epoch is not applied yet), so {@link #validate} returns at once.
     */
    private Cluster checkedCluster;
    private long checkedChanges = -1;

    OffsetValidator(ConsumerSettings settings, Transport transport, Metadata metadata, SubscriptionState subscriptions,
            Fetcher fetcher, SerialExecutor loop, Signal signal, String clientId) {
        this.settings = settings;
        this.transport = transport;
        this.time = transport.time();
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.fetcher = fetcher;
        this.loop = loop;
        this.signal = signal;
        this.clientId = clientId;
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    /**
     * Applies the metadata's leader epochs to the positions (a leader change puts a position with an epoch into
     * validation and drops its buffered records), then sends OffsetsForLeaderEpoch for the positions awaiting
     * validation that have none in flight and no backoff pending.
     *
     * @throws RuntimeException an error a validation left for the poll ({@link LogTruncationException}, or
     *     authorization), of a partition still awaiting validation at the same position
     */
    void validate() {
        Cluster cluster = metadata.cluster();
        long changes = subscriptions.changes();
        if (cluster == checkedCluster && changes == checkedChanges && errors.isEmpty()) {
            return; // the common case: this runs on every poll step
        }
        validate(cluster, changes);
    }

    /**
     * The work of {@link #validate()} once something it reads changed. A method of its own: it runs a handful of
     * times per assignment, so the JIT compiles only the check above, which runs on every poll step (C1 compiles a
     * whole method, cold paths included, once it has run a few hundred times).
     */
    private void validate(Cluster cluster, long changes) {
        long now = nowMs();
        Map<Node, List<Asked>> byLeader = null; // allocated only when a partition needs validating: this runs per poll
        boolean refresh = false;
        boolean validating = false;
        for (SubscriptionState.PartitionState s : subscriptions.states()) {
            PartitionMetadata pm = cluster.partition(s.tp);
            if (pm != null && s.onLeaderEpoch(pm.leaderEpoch())) {
                log.debug("[{}] Leader epoch of {} is now {}: validating position {} (epoch {})", clientId, s.tp,
                        pm.leaderEpoch(), s.position, s.positionEpoch);
                fetcher.discard(s.tp);
            }
            if (s.lookup() != SubscriptionState.Lookup.VALIDATE) {
                continue;
            }
            validating = true;
            if (s.lookupInFlight || s.nextLookupMs > now) {
                continue;
            }
            Node leader = cluster.leaderFor(s.tp);
            if (leader == null) {
                metadata.touch(s.tp.topic());
                refresh = true;
                continue;
            }
            int current = s.currentLeaderEpoch >= 0 ? s.currentLeaderEpoch : pm == null ? -1 : pm.leaderEpoch();
            s.lookupInFlight = true;
            if (byLeader == null) {
                byLeader = new LinkedHashMap<>();
            }
            byLeader.computeIfAbsent(leader, k -> new ArrayList<>()).add(new Asked(s, s.position, s.positionEpoch,
                    current));
        }
        if (refresh) {
            metadata.requestUpdate();
        }
        if (byLeader != null) {
            for (Map.Entry<Node, List<Asked>> e : byLeader.entrySet()) {
                send(e.getKey(), e.getValue());
            }
        }
        if (!validating && errors.isEmpty()) {
            checkedCluster = cluster;
            checkedChanges = changes;
        } else {
            checkedChanges = -1;
        }
        if (errors.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<TopicPartition, RuntimeException>> it = errors.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, RuntimeException> e = it.next();
            SubscriptionState.PartitionState s = subscriptions.state(e.getKey());
            // A seek, reset or new validation request clears nextLookupMs: the error was about an earlier position.
            if (s == null || s.lookup() != SubscriptionState.Lookup.VALIDATE || s.nextLookupMs == 0) {
                it.remove(); // sought, reset or unassigned meanwhile
                continue;
            }
            if (!(e.getValue() instanceof LogTruncationException)) {
                it.remove(); // retried after the backoff
            }
            throw e.getValue(); // a truncation stays, thrown by every poll until a seek moves the partition
        }
    }

    private void send(Node leader, List<Asked> asked) {
        Map<String, OffsetForLeaderEpochRequest.OffsetForLeaderTopic> topics = new LinkedHashMap<>();
        for (Asked a : asked) {
            topics.computeIfAbsent(a.state().tp.topic(), t -> new OffsetForLeaderEpochRequest.OffsetForLeaderTopic()
                    .setTopic(t)).partitions().add(new OffsetForLeaderEpochRequest.OffsetForLeaderPartition()
                            .setPartition(a.state().tp.partition()).setCurrentLeaderEpoch(a.currentLeaderEpoch())
                            .setLeaderEpoch(a.epoch()));
        }
        OffsetForLeaderEpochRequest request = new OffsetForLeaderEpochRequest().setReplicaId(-1)
                .setTopics(new ArrayList<>(topics.values()));
        CompletableFuture<OffsetForLeaderEpochResponse> f;
        try {
            f = transport.send(leader, request, MIN_VERSION, ApiKey.OFFSET_FOR_LEADER_EPOCH.latestStableVersion());
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        f.whenComplete(loop.deliver((response, error) -> onResponse(leader, asked, response, error)));
    }

    private void onResponse(Node leader, List<Asked> asked, OffsetForLeaderEpochResponse response, Throwable error) {
        Map<TopicPartition, OffsetForLeaderEpochResponse.EpochEndOffset> results = new LinkedHashMap<>();
        if (response != null) {
            for (OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult t : response.topics()) {
                for (OffsetForLeaderEpochResponse.EpochEndOffset p : t.partitions()) {
                    results.put(new TopicPartition(t.topic(), p.partition()), p);
                }
            }
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        boolean retry = false;
        for (Asked a : asked) {
            SubscriptionState.PartitionState s = a.state();
            if (subscriptions.state(s.tp) != s || !s.lookupInFlight || s.lookup() != SubscriptionState.Lookup.VALIDATE
                    || s.position != a.position() || s.positionEpoch != a.epoch()) {
                continue; // unassigned, sought or reset meanwhile
            }
            s.lookupInFlight = false;
            if (cause instanceof UnsupportedVersionException) {
                log.info("[{}] {} does not support OffsetsForLeaderEpoch v{}+: position {} of {} is not validated",
                        clientId, leader, MIN_VERSION, s.position, s.tp);
                s.setLookup(SubscriptionState.Lookup.NONE);
                continue;
            }
            OffsetForLeaderEpochResponse.EpochEndOffset r = cause == null ? results.get(s.tp) : null;
            ErrorCode code = r == null ? null : ErrorCode.forCode(r.errorCode());
            if (code == ErrorCode.NONE) {
                if (s.currentLeaderEpoch >= 0 && a.currentLeaderEpoch() != s.currentLeaderEpoch) {
                    retry = true; // the leader changed again meanwhile: ask the new one
                    continue;
                }
                s.currentLeaderEpoch = a.currentLeaderEpoch();
                complete(s, r.leaderEpoch(), r.endOffset());
                continue;
            }
            s.nextLookupMs = nowMs() + settings.retryBackoffMs();
            retry = true;
            if (code == ErrorCode.TOPIC_AUTHORIZATION_FAILED) {
                errors.put(s.tp, code.exception("Not authorized to describe topic '" + s.tp.topic()
                        + "' (OffsetsForLeaderEpoch for partition " + s.tp + ")"));
            } else if (code != null && !code.isRetriable()) {
                log.warn("[{}] Validating position {} of {} failed with {}; retrying", clientId, s.position, s.tp,
                        code);
            } else {
                log.debug("[{}] Validating position {} of {} failed ({}); refreshing metadata", clientId, s.position,
                        s.tp, code != null ? code : cause != null ? cause.toString() : "partition missing");
                metadata.requestUpdate();
            }
        }
        if (retry) {
            signal.signalIn(settings.retryBackoffMs());
        }
        signal.signal();
    }

    /** The leader answered with the end offset of the position's epoch (or of the largest epoch below it). */
    private void complete(SubscriptionState.PartitionState s, int endEpoch, long endOffset) {
        AutoOffsetReset policy = subscriptions.defaultReset();
        boolean none = policy.kind() == AutoOffsetReset.Kind.NONE;
        if (endOffset < 0 || endEpoch < 0) {
            if (none) {
                fail(s, Optional.empty());
            } else {
                log.info("[{}] Truncation detected for partition {} at offset {} (no end offset for epoch {}); "
                        + "resetting to {}", clientId, s.tp, s.position, s.positionEpoch, policy);
                s.requestReset(policy);
            }
        } else if (endOffset < s.position) {
            if (none) {
                fail(s, Optional.of(new OffsetAndMetadata(endOffset, Optional.of(endEpoch), "")));
            } else {
                log.info("[{}] Truncation detected for partition {} at offset {}; resetting to {}, the first offset "
                        + "known to diverge", clientId, s.tp, s.position, endOffset);
                s.seek(endOffset, endEpoch);
            }
        } else {
            log.debug("[{}] Position {} of {} is valid (epoch {} ends at {})", clientId, s.position, s.tp, endEpoch,
                    endOffset);
            s.setLookup(SubscriptionState.Lookup.NONE);
        }
    }

    private void fail(SubscriptionState.PartitionState s, Optional<OffsetAndMetadata> divergent) {
        LogTruncationException e = new LogTruncationException(s.tp, s.position, divergent);
        log.warn("[{}] {}", clientId, e.getMessage());
        errors.put(s.tp, e);
        // Stays awaiting validation, not fetched and not asked again: every poll throws this until a seek.
        s.nextLookupMs = Long.MAX_VALUE;
    }
}
