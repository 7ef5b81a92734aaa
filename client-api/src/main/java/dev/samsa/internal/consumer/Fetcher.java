package dev.samsa.internal.consumer;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.IsolationLevel;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.OffsetOutOfRangeException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.metadata.PartitionMetadata;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.Records;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches records for the assigned partitions from their leaders (Fetch, API key 1) and buffers them until polls
 * drain them.
 *
 * <ul>
 *   <li><b>Pipelining.</b> One Fetch request per leader is in flight at a time (a fetch session allows no more); a
 *   partition is fetched whenever it has a position, is not paused and has fewer than {@link #MAX_BUFFERED} responses
 *   buffered: with one buffered, it is fetched ahead from where that buffer ends. The next request to a leader goes
 *   out as soon as its response is buffered (on the thread that completed it), so the broker reads the next records
 *   while the application processes these; the official client waits until a partition is drained before fetching it
 *   again, which leaves the application idle for a round trip whenever it drains faster than the broker answers.
 *   Buffers are drained in the order their responses arrived, one to its end before the next. At most
 *   {@code MAX_BUFFERED} times {@code max.partition.fetch.bytes} per partition (and {@code fetch.max.bytes} per
 *   response) is held. A request listing only partitions at their known end (high watermark, or last stable offset
 *   for {@code read_committed}) is not sent while another partition of that leader waits for buffer room: the broker
 *   would hold it for {@code fetch.max.wait.ms}, keeping that partition from being fetched once drained; the
 *   caught-up partitions go with it once a poll frees room.</li>
 *   <li><b>Sessions.</b> Each leader gets an incremental fetch session (KIP-227, {@link FetchSession}).</li>
 *   <li><b>Closest replica (KIP-392).</b> With {@code client.rack} set, a leader whose broker has a replica selector
 *   may answer with a {@code preferred_read_replica} and no records: the partition is then fetched from that replica
 *   (with a session of its own, like any node) until {@code metadata.max.age.ms} passes, the leader or its epoch
 *   changes, the metadata shows the replica offline or out of the ISR, or a fetch from it fails. Any error from the
 *   replica (including {@code OFFSET_OUT_OF_RANGE}, which a lagging follower may answer) sends the partition back to
 *   the leader without resetting its position. Offset lookups and validation always go to the leader.</li>
 *   <li><b>Errors.</b> Leader changes, fenced or unknown leader epochs and unknown topics refresh the metadata, and
 *   the partition waits for the new snapshot; {@code OFFSET_OUT_OF_RANGE} resets the position per
 *   {@code auto.offset.reset} (or surfaces {@link OffsetOutOfRangeException} for {@code none}); authorization
 *   errors surface from {@code poll}; a failed request backs the leader off exponentially
 *   ({@code retry.backoff.ms} .. {@code retry.backoff.max.ms}). A newer leader epoch in the metadata, or a
 *   {@code divergingEpoch} in a response, puts the partition's position into validation ({@link OffsetValidator},
 *   KIP-320) and drops its buffers.</li>
 *   <li><b>Buffers.</b> The records of a response are retained slices of the transport's buffer: each partition's
 *   slice is kept by a {@link CompletedFetch} until drained, discarded (seek, revocation) or the fetcher closed; the
 *   others are released at once.</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to the consumer's {@link SerialExecutor}; transport callbacks hop onto it.
 */
final class Fetcher {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    /** Responses buffered per partition: the one being drained and one fetched ahead of it. */
    static final int MAX_BUFFERED = 2;

    /**
     * One partition's share of a {@link #drain} call: its records are {@code from} (inclusive) to {@code to}
     * (exclusive) of the {@link FetchedRecords} drained into; its position went from {@code startOffset} to
     * {@code nextOffset}.
     */
    record Drained(TopicPartition tp, int from, int to, long startOffset, int startEpoch, long nextOffset,
            int nextEpoch) {
        int count() {
            return to - from;
        }
    }

    private static final class NodeState {
        final FetchSession session = new FetchSession();
        boolean inFlight;
        long backoffUntilMs;
        int failures;
        /**
         * Whether the broker takes Fetch v12+, so that a fetch can carry the last fetched epoch (divergence check);
         * null until its ApiVersions are known.
         */
        Boolean lastFetchedEpoch;
    }

    private final ConsumerSettings settings;
    private final Transport transport;
    private final Time time;
    private final Metadata metadata;
    private final SubscriptionState subscriptions;
    private final SerialExecutor loop;
    private final Signal signal;
    private final String clientId;
    private final Map<Integer, NodeState> nodes = new HashMap<>();
    /** Buffered responses' partitions, oldest first; at most {@link #MAX_BUFFERED} of one partition. */
    private final ArrayList<CompletedFetch> completed = new ArrayList<>();
    /** The same buffers by partition, oldest first; no empty lists. */
    private final Map<TopicPartition, ArrayList<CompletedFetch>> buffered = new HashMap<>();
    private final CompletedFetch.ReaderPool readers = new CompletedFetch.ReaderPool();
    /** Partitions whose leader was wrong, and the metadata snapshot that said so: skipped until a newer one. */
    private final Map<TopicPartition, Cluster> awaitingMetadata = new HashMap<>();
    /**
     * Scratch of one {@link #sendFetches} call (cleared at its start): the nodes a fetchable partition waits for
     * buffer room at.
     */
    private final Set<Integer> waitingForRoom = new HashSet<>();
    /** Scratch of one {@link #sendFetches} call: the partitions to fetch, in order. */
    private final ArrayList<Pending> pending = new ArrayList<>();
    /** Errors to surface from the next poll, per partition. */
    private final LinkedHashMap<TopicPartition, RuntimeException> errors = new LinkedHashMap<>();
    /**
     * The last drain returned records although a partition had an error (a failed buffer or one in {@link #errors}):
     * the next drain raises that error before returning anything, so that the other partitions' records are not
     * held back by it, nor it by them.
     */
    private boolean raiseFirst;
    private long fetchesSent;
    private boolean closed;
    /**
     * Counts the events of this fetcher that can let a partition be fetched that could not be: a response or failure
     * (its node is free, its partitions buffered, backed off or in error), and a buffer removed (room again; a
     * partition no longer holds its caught-up neighbours back) or failed. See {@link #sendFetches}.
     */
    private long events;
    /**
     * The state in which the last scan of {@link #sendFetches} found nothing to send and nothing that depends on
     * anything but what is recorded here: {@link #events} ({@code -1}: none, scan again), the metadata snapshot,
     * the partitions' {@link SubscriptionState#changes()}, and the first time a node's backoff or a preferred read
     * replica ends ({@code Long.MAX_VALUE}: none).
     */
    private long idleEvents = -1;
    private Cluster idleCluster;
    private long idleChanges;
    private long idleUntilMs;

    Fetcher(ConsumerSettings settings, Transport transport, Metadata metadata, SubscriptionState subscriptions,
            SerialExecutor loop, Signal signal, String clientId) {
        this.settings = settings;
        this.transport = transport;
        this.time = transport.time();
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.loop = loop;
        this.signal = signal;
        this.clientId = clientId;
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    /** Fetch requests sent so far (for tests and logs). */
    long fetchesSent() {
        return fetchesSent;
    }

    /** Whether records of {@code tp} are buffered. */
    boolean hasBuffered(TopicPartition tp) {
        return buffered.containsKey(tp);
    }

    /**
     * Sends a Fetch request to every leader that has partitions to fetch and none in flight.
     *
     * <p>Called on every poll step, which almost always finds every leader's fetch in flight or its partitions' buffers
     * full: the scan ({@link #scan}) is skipped while nothing it reads has changed since it last found nothing to send,
     * which leaves this method a few comparisons (and the scan out of the JIT's way: a 4M-record run scans a few
     * hundred times instead of once per poll). What the scan reads, and what tells its change:
     * <ul>
     *   <li>the partitions' fetchability (pause, pending revocation, lookup, position:
     *   {@link SubscriptionState#changes()}, which any change of the assignment bumps too); a drain moves a position
     *   only with a buffer, and the scan then reads the buffer's end, not the position;</li>
     *   <li>buffers (a response adds them, {@link #remove}, {@link #discard}, {@link #retainAssigned} take them; a
     *   drain fails them), node in flight, backoff, errors, fetch-ahead stops, high watermarks: {@link #events},
     *   bumped by {@link #onResponse}, by the buffer removals and by a failed drain;</li>
     *   <li>leaders, replicas and {@link #awaitingMetadata}'s snapshots: the metadata snapshot's identity;</li>
     *   <li>node backoffs and preferred read replicas' expiry: the clock, against the earliest of them.</li>
     * </ul>
     * A scan that meets anything else (a partition without a leader, which touches its topic on every scan; an error
     * or a failed buffer waiting for a poll) does not let the next call skip.
     */
    void sendFetches() {
        if (closed) {
            return;
        }
        if (idleEvents == events && idleCluster == metadata.cluster() && idleChanges == subscriptions.changes()
                && (idleUntilMs == Long.MAX_VALUE || nowMs() < idleUntilMs)) {
            return;
        }
        scan();
    }

    /** Events that can let a partition be fetched: the next {@link #sendFetches} scans (see there). */
    private void wake() {
        events++;
    }

    private void scan() {
        long startEvents = events;
        long startChanges = subscriptions.changes();
        Cluster cluster = metadata.cluster();
        long now = nowMs();
        // Most scans find every leader's fetch in flight or no room: they allocate nothing, and the requests are
        // built out of line (sendPending), so that this loop stays small for the JIT (one path to the fetch target
        // for partitions with and without room, rare checks behind emptiness tests).
        boolean refresh = false;
        boolean idle = true;
        long until = Long.MAX_VALUE;
        waitingForRoom.clear();
        pending.clear();
        SubscriptionState.PartitionState[] states = subscriptions.assignedStates();
        for (int i = 0; i < states.length; i++) {
            SubscriptionState.PartitionState s = states[i];
            if (!s.fetchable()) {
                continue;
            }
            TopicPartition tp = s.tp;
            if (!errors.isEmpty() && errors.containsKey(tp)) {
                idle = false;
                continue;
            }
            long fetchOffset = s.position;
            boolean noRoom = false;
            ArrayList<CompletedFetch> queued = buffered.get(tp);
            if (queued != null) {
                fetchOffset = queued.get(queued.size() - 1).prefetchOffset();
                if (queued.size() >= MAX_BUFFERED || fetchOffset < 0) {
                    // A failed buffer is not drained by polls (only by a seek): its partition waits for no room.
                    if (!noneFailed(queued)) {
                        idle = false;
                        continue;
                    }
                    noRoom = true;
                }
            }
            if (!noRoom && !awaitingMetadata.isEmpty() && awaitsMetadata(tp, cluster)) {
                continue;
            }
            Node leader = cluster.leaderFor(tp);
            if (leader == null) {
                if (!noRoom) {
                    metadata.touch(tp.topic());
                    refresh = true;
                }
                idle = false;
                continue;
            }
            Node target = fetchTarget(s, cluster, leader, now);
            if (target != leader) {
                until = Math.min(until, afterMs(s.preferredReadReplicaExpiresMs()));
            }
            if (noRoom) {
                waitingForRoom.add(target.id());
                continue;
            }
            NodeState ns = nodes.get(target.id());
            if (ns == null) {
                ns = new NodeState();
                nodes.put(target.id(), ns);
            }
            if (ns.inFlight) {
                continue;
            }
            if (ns.backoffUntilMs > now) {
                until = Math.min(until, ns.backoffUntilMs);
                continue;
            }
            pending.add(new Pending(s, fetchOffset, leader, target, ns));
        }
        if (refresh) {
            metadata.requestUpdate();
        }
        if (!pending.isEmpty()) {
            // Afterwards each of these partitions is in a request in flight, held back for the room of another
            // (until a buffer is removed or a response changes what is known of its end), or put into validation
            // (a change): all of which the next call sees.
            sendPending(cluster);
        }
        if (idle) {
            idleEvents = startEvents;
            idleCluster = cluster;
            idleChanges = startChanges;
            idleUntilMs = until;
        } else {
            idleEvents = -1;
        }
    }

    /** The first millisecond after {@code ms}. */
    private static long afterMs(long ms) {
        return ms == Long.MAX_VALUE ? ms : ms + 1;
    }

    /**
     * Whether {@code tp} waits for metadata newer than {@code cluster} after its leader was found wrong; forgets that
     * once a newer snapshot is there.
     */
    private boolean awaitsMetadata(TopicPartition tp, Cluster cluster) {
        Cluster stale = awaitingMetadata.get(tp);
        if (stale == null) {
            return false;
        }
        if (stale == cluster) {
            return true;
        }
        awaitingMetadata.remove(tp);
        return false;
    }

    /** A partition {@link #sendFetches} found to fetch from {@code target}, whose fetch is not in flight. */
    private record Pending(SubscriptionState.PartitionState state, long fetchOffset, Node leader, Node target,
            NodeState ns) {
    }

    /**
     * What one {@link #sendFetches} call asks of each node: its partitions in order, those it serves as a preferred
     * read replica (KIP-392), and whether any is below its last known end (high watermark, or last stable offset for
     * read_committed) or has an unknown end.
     */
    private static final class FetchPlan {
        final Map<Integer, Node> leaders = new LinkedHashMap<>();
        final Map<Integer, LinkedHashMap<TopicPartition, FetchSession.PartitionFetch>> byNode = new LinkedHashMap<>();
        final Set<Integer> mayHaveData = new HashSet<>();
        final Map<Integer, Set<TopicPartition>> fromReplicas = new HashMap<>();
    }

    /**
     * Builds and sends the requests for the partitions of {@link #pending} (and empties it); a partition whose
     * leader epoch changed is discarded instead (its position is validated first).
     */
    private void sendPending(Cluster cluster) {
        FetchPlan p = new FetchPlan();
        for (int i = 0; i < pending.size(); i++) {
            Pending f = pending.get(i);
            SubscriptionState.PartitionState s = f.state();
            TopicPartition tp = s.tp;
            Node target = f.target();
            NodeState ns = f.ns();
            long fetchOffset = f.fetchOffset();
            PartitionMetadata pm = cluster.partition(tp);
            if (pm != null && s.onLeaderEpoch(pm.leaderEpoch())) {
                discard(tp); // a new leader: the position is validated first (KIP-320, OffsetValidator)
                signal.signal();
                continue;
            }
            if (ns.lastFetchedEpoch == null) {
                ns.lastFetchedEpoch = supportsLastFetchedEpoch(target);
            }
            p.leaders.put(target.id(), target);
            if (target.id() != f.leader().id()) {
                p.fromReplicas.computeIfAbsent(target.id(), k -> new HashSet<>()).add(tp);
            }
            long end = settings.isolationLevel() == IsolationLevel.READ_COMMITTED ? s.lastStableOffset
                    : s.highWatermark;
            if (end < 0 || fetchOffset < end) {
                p.mayHaveData.add(target.id());
            }
            p.byNode.computeIfAbsent(target.id(), k -> new LinkedHashMap<>()).put(tp, new FetchSession.PartitionFetch(
                    tp, cluster.topicId(tp.topic()), fetchOffset, pm == null ? -1 : pm.leaderEpoch(),
                    Boolean.TRUE.equals(ns.lastFetchedEpoch) && fetchOffset == s.position ? s.positionEpoch : -1,
                    settings.maxPartitionFetchBytes()));
        }
        pending.clear();
        sendPlanned(p);
    }

    /** Sends the requests of {@code plan}, given {@link #waitingForRoom} of the same {@link #sendFetches} call. */
    private void sendPlanned(FetchPlan plan) {
        // Every partition to fetch from such a node is caught up, so the broker would hold its request for up to
        // fetch.max.wait.ms, and the partitions of this leader waiting for buffer room could not be fetched
        // meanwhile (one Fetch in flight per leader). Wait instead until a poll frees room: they go together.
        // (Decided before any send, so that the scratch sets are not read while a request goes out.)
        plan.byNode.keySet().removeIf(id -> !plan.mayHaveData.contains(id) && waitingForRoom.contains(id));
        for (Map.Entry<Integer, LinkedHashMap<TopicPartition, FetchSession.PartitionFetch>> e
                : plan.byNode.entrySet()) {
            send(plan.leaders.get(e.getKey()), nodes.get(e.getKey()), e.getValue(),
                    plan.fromReplicas.getOrDefault(e.getKey(), Set.of()));
        }
    }

    /**
     * The node to fetch a partition from: its preferred read replica (KIP-392) while the leader that named it still
     * leads at the same epoch, it has not expired ({@code metadata.max.age.ms}) and the metadata shows it as an
     * online, in-sync replica; else its leader. A replica that left the ISR or went offline is dropped at once and the
     * metadata refreshed; the leader then names a replica again, or serves the partition itself. (The official
     * consumer checks only that the replica is known and not offline; a replica out of the ISR may lag, and the
     * leader would not name it.)
     */
    private Node fetchTarget(SubscriptionState.PartitionState s, Cluster cluster, Node leader, long now) {
        PartitionMetadata pm = cluster.partition(s.tp);
        int replica = s.preferredReadReplica(now, leader.id(), pm == null ? -1 : pm.leaderEpoch());
        if (replica < 0) {
            return leader;
        }
        Node node = cluster.node(replica);
        if (node != null && pm != null && pm.isrIds().contains(replica) && !pm.offlineIds().contains(replica)) {
            return node;
        }
        log.debug("[{}] Preferred read replica {} of {} is no longer an online in-sync replica; fetching from the "
                + "leader {}", clientId, replica, s.tp, leader.id());
        s.clearPreferredReadReplica();
        metadata.requestUpdate();
        return leader;
    }

    /**
     * Whether {@code node} is known to take Fetch v12+ (KIP-595's last fetched epoch, whose divergence check reports
     * a truncated log in the response); null while its ApiVersions are not known yet.
     */
    private Boolean supportsLastFetchedEpoch(Node node) {
        CompletableFuture<dev.samsa.transport.ApiVersionRanges> versions = transport.apiVersions(node);
        if (!versions.isDone() || versions.isCompletedExceptionally()) {
            return null;
        }
        return versions.join().max(ApiKey.FETCH) >= 12;
    }

    private void send(Node node, NodeState ns, LinkedHashMap<TopicPartition, FetchSession.PartitionFetch> wanted,
            Set<TopicPartition> fromReplica) {
        FetchRequest base = new FetchRequest().setReplicaId(-1).setMaxWaitMs(settings.fetchMaxWaitMs())
                .setMinBytes(settings.fetchMinBytes()).setMaxBytes(settings.fetchMaxBytes())
                .setIsolationLevel(settings.isolationLevel().id()).setRackId(settings.clientRack());
        FetchSession.Built built = ns.session.build(base, wanted);
        // Topic ids replace names from v13: without an id for every topic, stay below it.
        boolean allIds = true;
        for (FetchSession.PartitionFetch p : wanted.values()) {
            if (p.topicId() == null) {
                allIds = false;
                break;
            }
        }
        short max = allIds ? ApiKey.FETCH.latestStableVersion() : 12;
        ns.inFlight = true;
        fetchesSent++;
        if (log.isTraceEnabled()) {
            log.trace("[{}] Fetch to {} ({}): {}", clientId, node, ns.session, wanted.values());
        }
        CompletableFuture<FetchResponse> f;
        try {
            f = transport.send(node, built.request(), (short) 4, max);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, error) -> {
            loop.execute(() -> onResponse(node, ns, built, fromReplica, response, error));
            // Wakes the waiting poll once the executor is free (or the response queued on it): woken from inside
            // onResponse, on the I/O thread, the polling thread found the executor still busy, queued its poll step
            // behind it and blocked a second time, waiting for the I/O thread to run it.
            signal.signal();
        });
    }

    /**
     * Sends the partitions that {@code node} served as a preferred read replica back to their leader (KIP-392), as
     * the official consumer does when such a fetch fails.
     */
    private void clearPreferredReadReplicas(Set<TopicPartition> fromReplica) {
        for (TopicPartition tp : fromReplica) {
            SubscriptionState.PartitionState s = subscriptions.state(tp);
            if (s != null) {
                s.clearPreferredReadReplica();
            }
        }
    }

    private void onResponse(Node node, NodeState ns, FetchSession.Built built, Set<TopicPartition> fromReplica,
            FetchResponse response, Throwable error) {
        ns.inFlight = false;
        wake();
        if (closed) {
            Records.release(response);
            return;
        }
        if (error != null) {
            ns.session.onFailure();
            ns.lastFetchedEpoch = null; // the broker may have changed its versions (rolling upgrade or downgrade)
            clearPreferredReadReplicas(fromReplica);
            ns.failures++;
            long backoff = Metadata.jittered(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), ns.failures);
            ns.backoffUntilMs = nowMs() + backoff;
            log.debug("[{}] Fetch to {} failed ({}); backing off {} ms", clientId, node, error.toString(), backoff);
            metadata.requestUpdate();
            signal.signalIn(backoff);
            signal.signal();
            return;
        }
        ns.session.onResponse(built, response.errorCode(), response.sessionId());
        ErrorCode top = ErrorCode.forCode(response.errorCode());
        if (top != ErrorCode.NONE) {
            Records.release(response);
            if (top == ErrorCode.FETCH_SESSION_ID_NOT_FOUND || top == ErrorCode.INVALID_FETCH_SESSION_EPOCH
                    || top == ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR) {
                log.debug("[{}] Fetch session with {} reset: {}", clientId, node, top);
            } else {
                clearPreferredReadReplicas(fromReplica);
                ns.failures++;
                long backoff = Metadata.jittered(settings.retryBackoffMs(), settings.retryBackoffMaxMs(),
                        ns.failures);
                ns.backoffUntilMs = nowMs() + backoff;
                log.warn("[{}] Fetch to {} failed with {}; backing off {} ms", clientId, node, top, backoff);
                metadata.requestUpdate();
                signal.signalIn(backoff);
            }
            signal.signal();
            sendFetches();
            return;
        }
        ns.failures = 0;
        Cluster cluster = metadata.cluster();
        for (FetchResponse.FetchableTopicResponse t : response.responses()) {
            String topic = t.topic() != null && !t.topic().isEmpty() ? t.topic() : built.topicNames().get(t.topicId());
            for (FetchResponse.PartitionData p : t.partitions()) {
                ByteBuf records = p.records();
                TopicPartition tp = topic == null ? null : new TopicPartition(topic, p.partitionIndex());
                FetchSession.PartitionFetch asked = tp == null ? null : built.covered().get(tp);
                if (asked == null) {
                    Records.releaseQuietly(records);
                    continue;
                }
                handlePartition(node, tp, asked, p, records, cluster, fromReplica.contains(tp));
            }
        }
        sendFetches(); // the waiting poll is woken by send()'s completion action, after this
    }

    private void handlePartition(Node node, TopicPartition tp, FetchSession.PartitionFetch asked,
            FetchResponse.PartitionData p, ByteBuf records, Cluster cluster, boolean fromReplica) {
        SubscriptionState.PartitionState s = subscriptions.state(tp);
        ArrayList<CompletedFetch> queued = buffered.get(tp);
        CompletedFetch newest = queued == null ? null : queued.get(queued.size() - 1);
        long expected = newest == null ? s == null ? -1 : s.position : newest.prefetchOffset();
        if (s == null || !s.hasPosition() || expected < 0 || asked.fetchOffset() != expected
                || (queued != null && queued.size() >= MAX_BUFFERED)) {
            Records.releaseQuietly(records); // stale: unassigned, sought or buffered meanwhile
            return;
        }
        // The rare cases are methods of their own: this runs per partition of every response, and C1 compiles every
        // path of a method once it has run a few hundred times (late in a run, and then all of it).
        ErrorCode code = ErrorCode.forCode(p.errorCode());
        if (code != ErrorCode.NONE) {
            handleError(node, tp, asked, records, cluster, fromReplica, s, newest, code);
            return;
        }
        FetchResponse.EpochEndOffset diverging = p.divergingEpoch();
        if (diverging != null && diverging.endOffset() >= 0 && diverging.epoch() >= 0) {
            diverged(tp, asked, records, s, diverging);
            return;
        }
        s.highWatermark = p.highWatermark();
        s.lastStableOffset = p.lastStableOffset();
        s.logStartOffset = p.logStartOffset();
        if (p.preferredReadReplica() >= 0 && !fromReplica) {
            namedReplica(node, tp, asked, p, s);
        }
        if (records == null || !records.isReadable()) {
            Records.releaseQuietly(records);
            return;
        }
        CompletedFetch cf = new CompletedFetch(tp, p, records, asked.fetchOffset(), settings.checkCrcs(),
                settings.isolationLevel(), readers);
        ArrayList<CompletedFetch> queue = buffered.computeIfAbsent(tp, k -> new ArrayList<>(MAX_BUFFERED));
        queue.add(cf);
        cf.queue = queue; // stays buffered.get(tp) while cf is in completed: both drop it together
        completed.add(cf);
    }

    /**
     * The log diverges from what this partition read (KIP-320 / KIP-595): validate the position with
     * OffsetsForLeaderEpoch, which resets it or raises LogTruncationException.
     */
    private void diverged(TopicPartition tp, FetchSession.PartitionFetch asked, ByteBuf records,
            SubscriptionState.PartitionState s, FetchResponse.EpochEndOffset diverging) {
        Records.releaseQuietly(records);
        log.info("[{}] Fetch of {} at offset {} reports a diverging epoch {} ending at offset {}; validating the "
                + "position", clientId, tp, asked.fetchOffset(), diverging.epoch(), diverging.endOffset());
        s.requestValidation();
    }

    /** The leader names a closer replica (KIP-392) and sends no records: the next fetch goes there. */
    private void namedReplica(Node node, TopicPartition tp, FetchSession.PartitionFetch asked,
            FetchResponse.PartitionData p, SubscriptionState.PartitionState s) {
        long expires = nowMs() + settings.metadataMaxAgeMs();
        s.updatePreferredReadReplica(p.preferredReadReplica(), node.id(), asked.leaderEpoch(),
                expires < 0 ? Long.MAX_VALUE : expires);
        log.debug("[{}] Fetching {} from preferred read replica {} (named by leader {})", clientId, tp,
                p.preferredReadReplica(), node.id());
    }

    /** {@link #handlePartition} of a partition whose fetch failed with {@code code} (not NONE). */
    private void handleError(Node node, TopicPartition tp, FetchSession.PartitionFetch asked, ByteBuf records,
            Cluster cluster, boolean fromReplica, SubscriptionState.PartitionState s, CompletedFetch newest,
            ErrorCode code) {
        if (fromReplica && code != ErrorCode.TOPIC_AUTHORIZATION_FAILED) {
            // An error from a preferred read replica (KIP-392) sends the partition back to its leader, which answers
            // for the log: a lagging follower's OFFSET_OUT_OF_RANGE resets nothing, nor does the partition wait for
            // new metadata before the leader is asked.
            Records.releaseQuietly(records);
            s.clearPreferredReadReplica();
            if (newest != null) {
                newest.stopPrefetch();
            }
            log.debug("[{}] Fetch of {} at offset {} from preferred read replica {} got {}; fetching from the leader",
                    clientId, tp, asked.fetchOffset(), node.id(), code);
            if (code != ErrorCode.OFFSET_OUT_OF_RANGE) {
                metadata.requestUpdate();
            }
            return;
        }
        if (newest != null) {
            // A fetch ahead failed: records are still buffered before it, so nothing is reset or surfaced now.
            // The partition is fetched again from its position once drained, and meets the error then.
            Records.releaseQuietly(records);
            newest.stopPrefetch();
            log.debug("[{}] Fetch ahead of {} at offset {} got {}; fetching again once drained", clientId, tp,
                    asked.fetchOffset(), code);
            return;
        }
        Records.releaseQuietly(records);
        switch (code) {
            case OFFSET_OUT_OF_RANGE -> {
                if (subscriptions.defaultReset().kind() == AutoOffsetReset.Kind.NONE) {
                    errors.put(tp, new OffsetOutOfRangeException("Fetch position " + asked.fetchOffset()
                            + " is out of range for partition " + tp + " and auto.offset.reset=none"));
                } else {
                    log.info("[{}] Fetch position {} is out of range for partition {}; resetting to {}", clientId,
                            asked.fetchOffset(), tp, subscriptions.defaultReset());
                    s.requestReset(subscriptions.defaultReset());
                }
            }
            case NOT_LEADER_OR_FOLLOWER, REPLICA_NOT_AVAILABLE, KAFKA_STORAGE_ERROR, FENCED_LEADER_EPOCH,
                    UNKNOWN_LEADER_EPOCH, OFFSET_NOT_AVAILABLE, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION,
                    UNKNOWN_TOPIC_ID, INCONSISTENT_TOPIC_ID -> {
                log.debug("[{}] Fetch of {} got {}; refreshing metadata", clientId, tp, code);
                awaitingMetadata.put(tp, cluster);
                metadata.requestUpdate();
            }
            case TOPIC_AUTHORIZATION_FAILED -> errors.put(tp, code.exception("Not authorized to read topic '"
                    + tp.topic() + "' (partition " + tp + ")"));
            default -> {
                log.warn("[{}] Fetch of {} at offset {} failed with {}; retrying", clientId, tp, asked.fetchOffset(),
                        code);
                awaitingMetadata.put(tp, cluster);
                metadata.requestUpdate();
            }
        }
    }

    /**
     * Takes up to {@code max} records from the buffers of assigned, unpaused partitions into {@code records}, advancing
     * their positions past what is returned (and past skipped control and aborted batches). Buffers are drained in
     * the order their responses arrived (first in, first out), each to its end before the next one, as the official
     * consumer does; a partition whose buffer runs dry goes on at once into the one fetched ahead of it, so that each
     * partition's records are one run of {@code records}.
     *
     * <p>Errors are per partition: a partition whose buffer fails (a corrupt batch) or
     * that has an error pending is passed over, the other partitions' records are returned, and the error is thrown
     * by the next call (or by this one if it has nothing else to return). The failed partition is not skipped: it
     * fails again, call after call, until a seek moves it.
     *
     * @throws RuntimeException a buffered partition error (out of range with {@code auto.offset.reset=none},
     *     authorization, a corrupt batch naming the partition and offset) if nothing else is returned, or if the
     *     previous call returned records past it
     */
    List<Drained> drain(int max, FetchedRecords records) {
        if (raiseFirst) {
            raiseFirst = false;
            RuntimeException e = firstError(records);
            if (e != null) {
                throw e;
            }
        }
        List<Drained> out = new ArrayList<>();
        int remaining = max;
        RuntimeException failure = null;
        int i = 0;
        while (remaining > 0 && i < completed.size()) {
            CompletedFetch cf = completed.get(i);
            TopicPartition tp = cf.partition();
            ArrayList<CompletedFetch> queued = cf.queue; // buffered.get(tp), without the lookup
            if (queued.get(0) != cf) {
                i++; // fetched ahead of a buffer of its partition that stays (paused, or a failure)
                continue;
            }
            SubscriptionState.PartitionState s = subscriptions.state(tp);
            if (s == null || !s.hasPosition() || s.position != positionOf(cf)) {
                remove(i, queued);
                cf.release();
                continue;
            }
            if (s.paused() || s.pendingRevocation()) {
                i++;
                continue;
            }
            int from = records.size();
            long start = s.position;
            int startEpoch = s.positionEpoch;
            boolean moved = false;
            while (true) {
                int taken;
                try {
                    taken = cf.drain(remaining, records);
                } catch (RuntimeException e) {
                    // This partition stops here; the others go on (the error is raised once they are returned).
                    if (failure == null) {
                        failure = e;
                    }
                    wake(); // a failed buffer no longer waits for room (see sendFetches)
                    i++;
                    break;
                }
                if (taken > 0 || cf.nextFetchOffset() != s.position) {
                    s.position = cf.nextFetchOffset();
                    if (taken > 0) {
                        s.positionEpoch = cf.lastEpoch();
                    }
                    remaining -= taken;
                    moved = true;
                }
                // A buffer keeps its place until drained, as the official client's queue of completed fetches does:
                // partitions then run dry one at a time, so the fetch in flight refills one while others are read.
                // CompletedFetch.drain releases a buffer once it is drained: that tells without reading it again.
                if (!cf.isReleased()) {
                    i++;
                    break;
                }
                remove(i, queued);
                if (remaining <= 0 || queued.isEmpty() || s.position != positionOf(queued.get(0))) {
                    break;
                }
                cf = queued.get(0); // the one fetched ahead: read it now, in this partition's run
                completed.remove(cf);
                completed.add(i, cf);
            }
            if (moved) {
                out.add(new Drained(tp, from, records.size(), start, startEpoch, s.position, s.positionEpoch));
            }
        }
        if (failure != null || !errors.isEmpty()) {
            raiseNowOrNext(out.isEmpty(), failure);
        }
        return out;
    }

    /**
     * The end of a {@link #drain} that met an error (a failed buffer, or one pending in {@link #errors}): throws it
     * if the drain returns nothing, else has the next drain raise it first. Out of line: rare.
     */
    private void raiseNowOrNext(boolean nothing, RuntimeException failure) {
        if (!nothing) {
            raiseFirst = true;
            return;
        }
        if (failure != null) {
            throw failure;
        }
        Iterator<Map.Entry<TopicPartition, RuntimeException>> it = errors.entrySet().iterator();
        RuntimeException e = it.next().getValue();
        it.remove();
        throw e;
    }

    /**
     * The error the next drain should raise first: that of the oldest failed buffer of a partition still returnable
     * (assigned, unpaused, at the position where the buffer failed), else the oldest pending error, which is removed.
     */
    private RuntimeException firstError(FetchedRecords records) {
        for (CompletedFetch cf : completed) {
            if (!cf.failed() || buffered.get(cf.partition()).get(0) != cf) {
                continue;
            }
            SubscriptionState.PartitionState s = subscriptions.state(cf.partition());
            if (s == null || !s.hasPosition() || s.position != positionOf(cf) || s.paused() || s.pendingRevocation()) {
                continue;
            }
            try {
                cf.drain(0, records); // a failed buffer throws its failure again
            } catch (RuntimeException e) {
                return e;
            }
        }
        Iterator<Map.Entry<TopicPartition, RuntimeException>> it = errors.entrySet().iterator();
        if (it.hasNext()) {
            RuntimeException e = it.next().getValue();
            it.remove();
            return e;
        }
        return null;
    }

    /** Whether no buffer of {@code queued} failed (a loop: this runs on every poll). */
    private static boolean noneFailed(ArrayList<CompletedFetch> queued) {
        for (int i = 0; i < queued.size(); i++) {
            if (queued.get(i).failed()) {
                return false;
            }
        }
        return true;
    }

    /** The position a buffered fetch continues from: where the last drain left it. */
    private static long positionOf(CompletedFetch cf) {
        return cf.nextFetchOffset();
    }

    private void remove(int index, ArrayList<CompletedFetch> queued) {
        wake();
        CompletedFetch cf = completed.remove(index);
        queued.remove(0);
        if (queued.isEmpty()) {
            buffered.remove(cf.partition());
        }
    }

    /** Drops what is buffered for {@code tp} and any error pending for it. */
    void discard(TopicPartition tp) {
        wake();
        ArrayList<CompletedFetch> queued = buffered.remove(tp);
        if (queued != null) {
            for (CompletedFetch cf : queued) {
                completed.remove(cf);
                cf.release();
            }
        }
        errors.remove(tp);
        awaitingMetadata.remove(tp);
    }

    /** Drops buffers and errors of partitions no longer assigned. */
    void retainAssigned() {
        wake();
        for (TopicPartition tp : new ArrayList<>(buffered.keySet())) {
            if (!subscriptions.isAssigned(tp)) {
                discard(tp);
            }
        }
        dropUnassigned(errors.keySet());
        dropUnassigned(awaitingMetadata.keySet());
    }

    // A loop, not removeIf with a lambda: this runs on every assignment, on the start-up path.
    private void dropUnassigned(Set<TopicPartition> partitions) {
        for (Iterator<TopicPartition> it = partitions.iterator(); it.hasNext(); ) {
            if (!subscriptions.isAssigned(it.next())) {
                it.remove();
            }
        }
    }

    /** Releases every buffer; responses still in flight are released when they arrive. Idempotent. */
    void close() {
        closed = true;
        for (CompletedFetch c : completed) {
            c.release();
        }
        completed.clear();
        buffered.clear();
        errors.clear();
    }

    /** For tests: the number of partitions with buffered records. */
    int bufferedPartitions() {
        return buffered.size();
    }

    /** For tests: the number of buffered responses' partitions (a partition fetched ahead counts twice). */
    int bufferedFetches() {
        return completed.size();
    }
}
