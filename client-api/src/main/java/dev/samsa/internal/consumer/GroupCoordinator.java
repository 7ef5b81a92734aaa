package dev.samsa.internal.consumer;

import dev.samsa.common.Node;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import dev.samsa.consumer.CommitFailedException;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.CoordinatorNotAvailableException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.RebalanceInProgressException;
import dev.samsa.errors.RetriableException;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.metadata.TopicMetadata;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.HeartbeatResponse;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.internal.protocol.message.SyncGroupResponse;
import dev.samsa.time.Time;
import dev.samsa.transport.RequestTimeoutException;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side of the classic group protocol and its offset storage, against the group coordinator.
 *
 * <ul>
 *   <li><b>Coordinator.</b> Found with FindCoordinator (key type group) on any broker, and found again after
 *   {@code NOT_COORDINATOR}, {@code COORDINATOR_NOT_AVAILABLE} or a failed request, with exponential backoff.</li>
 *   <li><b>Rebalance.</b> Driven by {@code poll}: before joining, with auto-commit the positions are committed and,
 *   under the eager protocol, every owned partition is revoked ({@code onPartitionsRevoked}); partitions of an expired
 *   or fenced membership are reported lost. JoinGroup (protocol type {@code consumer}, one protocol per configured
 *   assignor with the standard subscription encoding, {@code MEMBER_ID_REQUIRED} answered by rejoining with the given
 *   id, static membership with {@code group.instance.id}, KIP-345), then SyncGroup: the leader runs the chosen
 *   assignor over every member's subscription (with its {@code client.rack}) and the fresh partition counts and
 *   replica racks (KIP-881). Under the cooperative protocol
 *   (KIP-429) only partitions that move are revoked, after SyncGroup, followed by another rebalance.</li>
 *   <li><b>Liveness.</b> Heartbeats every {@code heartbeat.interval.ms} on a timer of the consumer's {@link Time},
 *   whether or not the application polls; {@code REBALANCE_IN_PROGRESS} asks the next poll to rejoin; an unknown
 *   member or illegal generation loses the partitions. No poll for {@code max.poll.interval.ms} makes the member
 *   leave the group (a static member just stops heartbeating), as in the official client.</li>
 *   <li><b>Offsets.</b> OffsetCommit with the member's generation (or none, for partitions assigned by hand) and
 *   OffsetFetch with {@code require_stable} (KIP-447).</li>
 *   <li><b>Leader duties.</b> The leader watches the partition counts of every topic the group subscribes to and
 *   rejoins when one changes.</li>
 * </ul>
 *
 * <p>Listener callbacks are not run here: {@link #poll} hands them to the polling thread as {@link Callback}s whose
 * {@code after} steps it runs back on the executor. Not thread-safe: confined to the consumer's
 * {@link SerialExecutor}.
 */
final class GroupCoordinator {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** No generation: a member not (or no longer) in the group, or a manual assignment. */
    static final int NO_GENERATION = -1;

    enum State {
        UNJOINED, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE
    }

    private enum Phase {
        IDLE, PREPARE_COMMIT, CALLBACKS, JOINING, ASSIGNING, SYNCING
    }

    /** A rebalance listener call for the polling thread; {@code after} then runs on the executor. */
    record Callback(Kind kind, Set<TopicPartition> partitions, Runnable after) {
        enum Kind {
            REVOKED, ASSIGNED, LOST
        }
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
    private final String groupId;
    private final String groupInstanceId;
    private final List<Assignor> assignors = new ArrayList<>();

    private Node coordinator;
    private boolean lookupInFlight;
    private int lookupFailures;
    private long lookupBackoffUntilMs;
    private final List<CompletableFuture<Node>> coordinatorWaiters = new ArrayList<>();

    private State state = State.UNJOINED;
    private Phase phase = Phase.IDLE;
    private String memberId = "";
    private int generation = NO_GENERATION;
    private String protocolName;
    private boolean leader;
    private boolean rejoinNeeded = true;
    private String rejoinReason = "initial join";
    private boolean prepared;
    private boolean prepareCommitDone;
    private long nextJoinMs;
    private int joinFailures;
    private RuntimeException fatal;
    private final List<Callback> pendingCallbacks = new ArrayList<>();

    /** Leader: partition counts the last assignment was computed with, for the group's topics. */
    private Map<String, Integer> assignmentSnapshot;
    private Set<String> groupSubscription = Set.of();

    private Time.Timeout heartbeatTimer;
    private boolean heartbeatsEnabled;
    private boolean heartbeatInFlight;
    private long lastHeartbeatSendMs;
    private long lastHeartbeatAckMs;
    /**
     * When the poll thread last left {@code poll} (ms on the consumer's clock), or {@link #IN_POLL} while it is
     * inside one (the poll timer then counts as reset). The poll thread writes the end itself ({@link #pollEnded}),
     * without a trip through the executor on every poll; one volatile field, so {@link #tick} reads either state
     * whole. Its other writers (pollStarted, poll) run on the executor inside a poll step, so they cannot race it.
     */
    private volatile long lastPollMs;
    private static final long IN_POLL = Long.MIN_VALUE;

    private long nextAutoCommitMs;
    private boolean autoCommitInFlight;

    private boolean patternListed;
    private boolean patternListInFlight;
    private long nextPatternListMs;
    private boolean closed;

    GroupCoordinator(ConsumerSettings settings, Transport transport, Metadata metadata,
            SubscriptionState subscriptions, Fetcher fetcher, SerialExecutor loop, Signal signal, String clientId) {
        this.settings = settings;
        this.transport = transport;
        this.time = transport.time();
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.fetcher = fetcher;
        this.loop = loop;
        this.signal = signal;
        this.clientId = clientId;
        this.groupId = settings.groupId();
        this.groupInstanceId = settings.groupInstanceId();
        for (AssignmentStrategy s : settings.assignmentStrategies()) {
            assignors.add(Assignor.of(s));
        }
        long now = nowMs();
        this.lastPollMs = now;
        this.nextAutoCommitMs = now + settings.autoCommitIntervalMs();
        metadata.addListener(cluster -> loop.execute(() -> onMetadata(cluster)));
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    State state() {
        return state;
    }

    int generation() {
        return generation;
    }

    String memberId() {
        return memberId;
    }

    boolean isLeader() {
        return leader;
    }

    String protocolName() {
        return protocolName;
    }

    // ------------------------------------------------------------------------------------------------ poll-driven

    /** The poll thread entered {@code poll}: the poll timer counts as reset while it is inside. */
    void pollStarted() {
        lastPollMs = IN_POLL;
    }

    /**
     * The poll thread left {@code poll}: {@code max.poll.interval.ms} runs from now. Called on the poll thread, not
     * on the executor (see {@link #lastPollMs}).
     */
    void pollEnded() {
        lastPollMs = nowMs();
    }

    /**
     * One step of group work for {@code poll}: throws a fatal group error, returns listener callbacks to run, or
     * advances coordinator discovery, pattern matching and the rebalance.
     */
    List<Callback> poll() {
        if (fatal != null) {
            throw fatal;
        }
        long now = nowMs();
        if (!pendingCallbacks.isEmpty()) {
            List<Callback> out = new ArrayList<>(pendingCallbacks);
            pendingCallbacks.clear();
            return out;
        }
        if (!subscriptions.hasAutoAssignment()) {
            return List.of();
        }
        if (subscriptions.type() == SubscriptionState.Type.PATTERN) {
            maybeListTopics(now);
            if (!patternListed) {
                return List.of();
            }
        }
        if (coordinator == null) {
            ensureCoordinator();
            return List.of();
        }
        if (phase != Phase.IDLE || (state == State.STABLE && !rejoinNeeded)) {
            return List.of();
        }
        if (now < nextJoinMs) {
            signal.signalIn(nextJoinMs - now);
            return List.of();
        }
        if (!prepared) {
            prepareJoin();
            if (!pendingCallbacks.isEmpty()) {
                List<Callback> out = new ArrayList<>(pendingCallbacks);
                pendingCallbacks.clear();
                return out;
            }
            if (phase != Phase.IDLE) {
                return List.of();
            }
        }
        sendJoinGroup();
        return List.of();
    }

    /**
     * Before JoinGroup, as the official client's {@code onJoinPrepare}: with auto-commit, commits the positions
     * (fetching stops for partitions about to be revoked under the eager protocol, so that no record is returned past
     * the committed position); then the owned partitions are reported lost if the membership was reset, else revoked
     * (eager: all of them; cooperative: those of topics no longer subscribed).
     */
    private void prepareJoin() {
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        boolean noGeneration = generation == NO_GENERATION || memberId.isEmpty();
        if (settings.enableAutoCommit() && !prepareCommitDone && !noGeneration && !owned.isEmpty()) {
            phase = Phase.PREPARE_COMMIT;
            if (!cooperative()) {
                for (SubscriptionState.PartitionState s : subscriptions.states()) {
                    s.markPendingRevocation();
                }
            }
            commit(positions()).whenComplete(loop.deliver((v, e) -> {
                if (e != null) {
                    log.warn("[{}] Auto-commit before rebalance of group '{}' failed: {}", clientId, groupId,
                            e.toString());
                }
                prepareCommitDone = true;
                if (phase == Phase.PREPARE_COMMIT) {
                    phase = Phase.IDLE;
                }
                signal.signal();
            }));
            return;
        }
        prepared = true;
        if (noGeneration) {
            if (!owned.isEmpty()) {
                queueRevocation(Callback.Kind.LOST, owned);
            }
        } else if (!cooperative()) {
            queueRevocation(Callback.Kind.REVOKED, owned);
        } else {
            Set<TopicPartition> unsubscribed = new LinkedHashSet<>();
            for (TopicPartition tp : owned) {
                if (!subscriptions.topics().contains(tp.topic())) {
                    unsubscribed.add(tp);
                }
            }
            if (!unsubscribed.isEmpty()) {
                queueRevocation(Callback.Kind.REVOKED, unsubscribed);
            }
        }
    }

    private void queueRevocation(Callback.Kind kind, Set<TopicPartition> partitions) {
        log.info("[{}] {} partitions {} of group '{}' before rejoining", clientId,
                kind == Callback.Kind.LOST ? "Lost" : "Revoking", partitions, groupId);
        phase = Phase.CALLBACKS;
        pendingCallbacks.add(new Callback(kind, partitions, () -> {
            Set<TopicPartition> remaining = new LinkedHashSet<>(subscriptions.assignedPartitions());
            remaining.removeAll(partitions);
            subscriptions.assignFromGroup(remaining);
            fetcher.retainAssigned();
            phase = Phase.IDLE;
            signal.signal();
        }));
    }

    /** Whether the current rebalance protocol is cooperative (KIP-429). */
    private boolean cooperative() {
        return settings.cooperative();
    }

    /** Asks the next poll to rejoin the group. */
    void requestRejoin(String reason) {
        if (!rejoinNeeded) {
            log.info("[{}] Request joining group '{}': {}", clientId, groupId, reason);
        }
        rejoinNeeded = true;
        rejoinReason = reason;
        signal.signal();
    }

    /** The subscription changed: rejoin (or, with none, forget the member). */
    void onSubscriptionChanged() {
        if (subscriptions.type() == SubscriptionState.Type.PATTERN) {
            patternListed = false;
            nextPatternListMs = 0;
        }
        requestRejoin("subscription changed to " + (subscriptions.type() == SubscriptionState.Type.PATTERN
                ? "pattern " + subscriptions.pattern() : "topics " + subscriptions.topics()));
    }

    // ------------------------------------------------------------------------------------------------ coordinator

    /** A future of the coordinator: at once if known, else after discovery (failed, retriably, if it fails). */
    CompletableFuture<Node> coordinator() {
        if (coordinator != null) {
            return CompletableFuture.completedFuture(coordinator);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("consumer closed"));
        }
        CompletableFuture<Node> f = new CompletableFuture<>();
        coordinatorWaiters.add(f);
        ensureCoordinator();
        return f;
    }

    Node knownCoordinator() {
        return coordinator;
    }

    private void ensureCoordinator() {
        if (coordinator != null || lookupInFlight || closed) {
            return;
        }
        long now = nowMs();
        if (now < lookupBackoffUntilMs) {
            // Waiters fail now so that blocking callers retry on their own deadline.
            failCoordinatorWaiters(new CoordinatorNotAvailableException("Coordinator of group '" + groupId
                    + "' not found yet (retrying)"));
            signal.signalIn(lookupBackoffUntilMs - now);
            return;
        }
        lookupInFlight = true;
        Node node = anyNode();
        log.debug("[{}] Looking up the coordinator of group '{}' via {}", clientId, groupId, node);
        Versions.send(transport, node, ApiKey.FIND_COORDINATOR, 0, 6, v -> {
            FindCoordinatorRequest r = new FindCoordinatorRequest();
            if (v >= 4) {
                r.setCoordinatorKeys(new ArrayList<>(List.of(groupId)));
            } else {
                r.setKey(groupId);
            }
            return r;
        }).whenComplete(loop.deliver((response, error) -> onFindCoordinator(response, error)));
    }

    private Node anyNode() {
        List<Node> nodes = new ArrayList<>(metadata.cluster().nodes());
        if (nodes.isEmpty()) {
            nodes = transport.bootstrapNodes();
        }
        return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
    }

    private void onFindCoordinator(FindCoordinatorResponse response, Throwable error) {
        lookupInFlight = false;
        if (closed) {
            return;
        }
        RuntimeException failure = null;
        if (error != null) {
            failure = new CoordinatorNotAvailableException("FindCoordinator for group '" + groupId + "' failed: "
                    + error, error);
        } else {
            short code;
            int nodeId;
            String host;
            int port;
            String message;
            if (!response.coordinators().isEmpty()) {
                FindCoordinatorResponse.Coordinator c = response.coordinators().get(0);
                code = c.errorCode();
                nodeId = c.nodeId();
                host = c.host();
                port = c.port();
                message = c.errorMessage();
            } else {
                code = response.errorCode();
                nodeId = response.nodeId();
                host = response.host();
                port = response.port();
                message = response.errorMessage();
            }
            ErrorCode ec = ErrorCode.forCode(code);
            if (ec == ErrorCode.NONE) {
                coordinator = new Node(nodeId, host, port);
                lookupFailures = 0;
                log.info("[{}] Discovered group coordinator {} for group '{}'", clientId, coordinator, groupId);
                List<CompletableFuture<Node>> waiters = new ArrayList<>(coordinatorWaiters);
                coordinatorWaiters.clear();
                Node found = coordinator;
                for (CompletableFuture<Node> w : waiters) {
                    w.complete(found);
                }
                signal.signal();
                return;
            }
            ApiException e = ec.exception("FindCoordinator for group '" + groupId + "': "
                    + (message == null || message.isEmpty() ? ec.description() : message));
            if (!(e instanceof RetriableException)) {
                fatal = e;
                failCoordinatorWaiters(e);
                signal.signal();
                return;
            }
            failure = e;
        }
        lookupFailures++;
        long backoff = Metadata.jittered(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), lookupFailures);
        lookupBackoffUntilMs = nowMs() + backoff;
        log.debug("[{}] {}; retrying in {} ms", clientId, failure.getMessage(), backoff);
        failCoordinatorWaiters(failure);
        signal.signalIn(backoff);
        signal.signal();
    }

    private void failCoordinatorWaiters(RuntimeException e) {
        List<CompletableFuture<Node>> waiters = new ArrayList<>(coordinatorWaiters);
        coordinatorWaiters.clear();
        for (CompletableFuture<Node> w : waiters) {
            w.completeExceptionally(e);
        }
    }

    private void markCoordinatorUnknown(String why) {
        if (coordinator != null) {
            log.info("[{}] Group coordinator {} of group '{}' is unavailable: {}; rediscovering", clientId,
                    coordinator, groupId, why);
            coordinator = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ join / sync

    private ConsumerProtocol.Subscription subscription(Assignor assignor) {
        List<String> topics = new ArrayList<>(new TreeSet<>(subscriptions.topics()));
        List<TopicPartition> owned = new ArrayList<>(subscriptions.assignedPartitions());
        byte[] userData = assignor.subscriptionUserData(new LinkedHashSet<>(topics), owned, generation);
        return new ConsumerProtocol.Subscription(topics, userData, owned, generation,
                settings.clientRack().isEmpty() ? null : settings.clientRack());
    }

    private void sendJoinGroup() {
        Node node = coordinator;
        phase = Phase.JOINING;
        state = State.PREPARING_REBALANCE;
        stopHeartbeats();
        String reason = rejoinReason;
        rejoinNeeded = false;
        List<JoinGroupRequest.JoinGroupRequestProtocol> protocols = new ArrayList<>();
        for (Assignor a : assignors) {
            protocols.add(new JoinGroupRequest.JoinGroupRequestProtocol().setName(a.name())
                    .setMetadata(ConsumerProtocol.serializeSubscription(subscription(a))));
        }
        log.info("[{}] (Re-)joining group '{}' ({})", clientId, groupId, reason);
        String member = memberId;
        Versions.send(transport, node, ApiKey.JOIN_GROUP, groupInstanceId != null ? 5 : 0, 9, v -> {
            JoinGroupRequest r = new JoinGroupRequest().setGroupId(groupId)
                    .setSessionTimeoutMs(settings.sessionTimeoutMs()).setMemberId(member)
                    .setProtocolType(ConsumerProtocol.PROTOCOL_TYPE).setProtocols(protocols);
            if (v >= 1) {
                r.setRebalanceTimeoutMs(settings.maxPollIntervalMs());
            }
            if (v >= 5) {
                r.setGroupInstanceId(groupInstanceId);
            }
            if (v >= 8) {
                r.setReason(reason);
            }
            return r;
        }).whenComplete(loop.deliver((response, error) -> onJoinGroup(node, response, error)));
    }

    private void onJoinGroup(Node node, JoinGroupResponse response, Throwable error) {
        if (closed || phase != Phase.JOINING) {
            return;
        }
        phase = Phase.IDLE;
        if (error != null) {
            if (error instanceof RequestTimeoutException) {
                log.info("[{}] JoinGroup of group '{}' timed out on the client; joining again", clientId, groupId);
            } else if (error instanceof UnsupportedVersionException u) {
                fail(u);
                return;
            } else {
                markCoordinatorUnknown(error.toString());
            }
            retryJoin("JoinGroup failed: " + error, true);
            return;
        }
        ErrorCode code = ErrorCode.forCode(response.errorCode());
        switch (code) {
            case NONE -> {
                memberId = response.memberId();
                generation = response.generationId();
                protocolName = response.protocolName();
                leader = memberId.equals(response.leader());
                state = State.COMPLETING_REBALANCE;
                joinFailures = 0;
                log.info("[{}] Joined group '{}' with generation {}, member id {}, protocol {}{}", clientId, groupId,
                        generation, memberId, protocolName, leader ? " as leader" : "");
                startHeartbeats();
                if (leader && !response.skipAssignment()) {
                    assign(node, response);
                } else {
                    sendSyncGroup(node, List.of());
                }
            }
            case MEMBER_ID_REQUIRED -> {
                memberId = response.memberId();
                rejoinNeeded = true;
                rejoinReason = "the coordinator asked for a member id (KIP-394)";
                sendJoinGroup();
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                resetGeneration("JoinGroup: " + code, false);
                retryJoin(code.name(), false);
            }
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> {
                markCoordinatorUnknown(code.name());
                retryJoin(code.name(), true);
            }
            case COORDINATOR_LOAD_IN_PROGRESS, REBALANCE_IN_PROGRESS -> retryJoin(code.name(), true);
            default -> {
                ApiException e = code.exception("JoinGroup of group '" + groupId + "' failed: "
                        + code.description());
                if (e instanceof RetriableException) {
                    retryJoin(code.name(), true);
                } else {
                    fail(e);
                }
            }
        }
    }

    private void retryJoin(String why, boolean backoff) {
        rejoinNeeded = true;
        rejoinReason = "retrying after " + why;
        state = memberId.isEmpty() || generation == NO_GENERATION ? State.UNJOINED : state;
        if (backoff) {
            joinFailures++;
            long wait = Metadata.jittered(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), joinFailures);
            nextJoinMs = nowMs() + wait;
            signal.signalIn(wait);
        }
        signal.signal();
    }

    private void fail(RuntimeException e) {
        log.error("[{}] Fatal error in group '{}': {}", clientId, groupId, e.getMessage());
        fatal = e;
        state = State.UNJOINED;
        stopHeartbeats();
        signal.signal();
    }

    /**
     * Leader: makes sure the metadata covers every topic the group subscribes to, then assigns and syncs. As the
     * official client, it waits for a refresh only if other members subscribe to topics this one does not, or the
     * metadata is not fresh ({@link Metadata#awaitFresh}); otherwise it assigns from the current snapshot, without a
     * Metadata request on every join.
     */
    private void assign(Node node, JoinGroupResponse response) {
        phase = Phase.ASSIGNING;
        Map<String, Assignor.Member> members = new LinkedHashMap<>();
        Set<String> topics = new TreeSet<>();
        for (JoinGroupResponse.JoinGroupResponseMember m : response.members()) {
            ConsumerProtocol.Subscription sub;
            try {
                sub = ConsumerProtocol.deserializeSubscription(m.metadata());
            } catch (RuntimeException e) {
                log.warn("[{}] Member {} of group '{}' sent a subscription that does not decode ({}); assigning it "
                        + "nothing", clientId, m.memberId(), groupId, e.getMessage());
                sub = new ConsumerProtocol.Subscription(List.of(), null, List.of(), NO_GENERATION, null);
            }
            members.put(m.memberId(), new Assignor.Member(m.memberId(), m.groupInstanceId(), sub));
            topics.addAll(sub.topics());
        }
        groupSubscription = topics;
        for (String topic : topics) {
            metadata.touch(topic);
        }
        int gen = generation;
        CompletableFuture<Cluster> fresh = subscriptions.topics().containsAll(topics) ? metadata.awaitFresh()
                : metadata.requestUpdate();
        fresh.whenComplete(loop.deliver((cluster, error) -> {
            if (closed || phase != Phase.ASSIGNING || generation != gen) {
                return;
            }
            Cluster c = metadata.cluster();
            Map<String, Integer> partitionsPerTopic = new HashMap<>();
            for (String topic : topics) {
                int count = c.partitionCount(topic);
                if (count > 0) {
                    partitionsPerTopic.put(topic, count);
                } else {
                    log.debug("[{}] Skipping topic '{}' in the assignment: no metadata", clientId, topic);
                }
            }
            Map<TopicPartition, Set<String>> partitionRacks = replicaRacks(c, partitionsPerTopic.keySet(), members);
            Assignor assignor = assignorFor(protocolName);
            if (assignor == null) {
                fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.exception("Group '" + groupId + "' chose protocol '"
                        + protocolName + "', which this member did not offer"));
                return;
            }
            Map<String, List<TopicPartition>> result;
            try {
                result = assignor.assign(partitionsPerTopic, partitionRacks, members);
            } catch (RuntimeException e) {
                fail(new IllegalStateException("Assignor " + assignor.name() + " failed for group '" + groupId
                        + "': " + e, e));
                return;
            }
            assignmentSnapshot = partitionsPerTopic;
            List<SyncGroupRequest.SyncGroupRequestAssignment> assignments = new ArrayList<>();
            for (String member : members.keySet()) {
                List<TopicPartition> parts = result.getOrDefault(member, List.of());
                assignments.add(new SyncGroupRequest.SyncGroupRequestAssignment().setMemberId(member)
                        .setAssignment(ConsumerProtocol.serializeAssignment(parts, null)));
            }
            if (log.isInfoEnabled()) { // describe() builds text (and maps) that a disabled log would drop
                log.info("[{}] Assignment of group '{}' generation {} by {}: {}", clientId, groupId, generation,
                        assignor.name(), describe(result));
            }
            sendSyncGroup(node, assignments);
        }));
    }

    private static String describe(Map<String, List<TopicPartition>> result) {
        StringBuilder sb = new StringBuilder();
        result.forEach((m, parts) -> sb.append(m).append('=').append(ConsumerProtocol.byTopic(parts)).append(' '));
        return sb.toString().trim();
    }

    /**
     * The racks of every replica of the topics' partitions (KIP-881), offline and out-of-sync replicas included; empty
     * when no member sets {@code client.rack}, as the assignors then ignore racks.
     */
    private static Map<TopicPartition, Set<String>> replicaRacks(Cluster c, Set<String> topics,
            Map<String, Assignor.Member> members) {
        boolean anyRack = false;
        for (Assignor.Member m : members.values()) {
            anyRack |= Assignor.rackOf(m) != null;
        }
        if (!anyRack) {
            return Map.of();
        }
        Map<TopicPartition, Set<String>> out = new HashMap<>();
        for (String topic : topics) {
            for (PartitionInfo p : c.partitionsFor(topic)) {
                Set<String> racks = new HashSet<>();
                for (Node replica : p.replicas()) {
                    if (replica.rack() != null) {
                        racks.add(replica.rack());
                    }
                }
                out.put(p.topicPartition(), racks);
            }
        }
        return out;
    }

    private Assignor assignorFor(String name) {
        for (Assignor a : assignors) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private void sendSyncGroup(Node node, List<SyncGroupRequest.SyncGroupRequestAssignment> assignments) {
        phase = Phase.SYNCING;
        int gen = generation;
        String member = memberId;
        String protocol = protocolName;
        Versions.send(transport, node, ApiKey.SYNC_GROUP, groupInstanceId != null ? 3 : 0, 5, v -> {
            SyncGroupRequest r = new SyncGroupRequest().setGroupId(groupId).setGenerationId(gen).setMemberId(member)
                    .setAssignments(assignments);
            if (v >= 3) {
                r.setGroupInstanceId(groupInstanceId);
            }
            if (v >= 5) {
                r.setProtocolType(ConsumerProtocol.PROTOCOL_TYPE).setProtocolName(protocol);
            }
            return r;
        }).whenComplete(loop.deliver((response, error) -> onSyncGroup(response, error, gen)));
    }

    private void onSyncGroup(SyncGroupResponse response, Throwable error, int gen) {
        if (closed || phase != Phase.SYNCING || gen != generation) {
            return;
        }
        phase = Phase.IDLE;
        if (error != null) {
            markCoordinatorUnknown(error.toString());
            retryJoin("SyncGroup failed: " + error, true);
            return;
        }
        ErrorCode code = ErrorCode.forCode(response.errorCode());
        switch (code) {
            case NONE -> onAssignment(response);
            case REBALANCE_IN_PROGRESS -> retryJoin("the group rebalanced during SyncGroup", false);
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                resetGeneration("SyncGroup: " + code, false);
                retryJoin(code.name(), false);
            }
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> {
                markCoordinatorUnknown(code.name());
                retryJoin(code.name(), true);
            }
            default -> {
                ApiException e = code.exception("SyncGroup of group '" + groupId + "' failed: "
                        + code.description());
                if (e instanceof RetriableException) {
                    retryJoin(code.name(), true);
                } else {
                    fail(e);
                }
            }
        }
    }

    private void onAssignment(SyncGroupResponse response) {
        List<TopicPartition> assigned;
        try {
            assigned = ConsumerProtocol.deserializeAssignment(response.assignment());
        } catch (RuntimeException e) {
            fail(new IllegalStateException("The assignment of group '" + groupId + "' does not decode: " + e, e));
            return;
        }
        for (TopicPartition tp : assigned) {
            if (!subscriptions.topics().contains(tp.topic())) {
                retryJoin("the assignment " + assigned + " does not match the current subscription "
                        + subscriptions.topics() + " (it changed since joining)", false);
                return;
            }
        }
        state = State.STABLE;
        prepared = false;
        prepareCommitDone = false;
        nextAutoCommitMs = nowMs() + settings.autoCommitIntervalMs();
        Assignor assignor = assignorFor(protocolName);
        if (assignor != null) {
            assignor.onAssignment(assigned, generation);
        }
        Set<TopicPartition> newSet = new LinkedHashSet<>(assigned);
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        Set<TopicPartition> added = new LinkedHashSet<>(newSet);
        added.removeAll(owned);
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(newSet);
        if (log.isInfoEnabled()) { // byTopic() builds maps that a disabled log would drop
            log.info("[{}] Group '{}' generation {}: assigned {}{}", clientId, groupId, generation,
                    ConsumerProtocol.byTopic(newSet), revoked.isEmpty() ? "" : ", revoking " + revoked);
        }
        if (!revoked.isEmpty() && settings.enableAutoCommit() && cooperative()) {
            // Commit what was consumed of the partitions that move before handing them over, so that their next
            // owner starts where this member stopped (records of these partitions are no longer returned).
            phase = Phase.PREPARE_COMMIT;
            Map<TopicPartition, OffsetAndMetadata> offsets = positions();
            offsets.keySet().retainAll(revoked);
            for (TopicPartition tp : revoked) {
                SubscriptionState.PartitionState s = subscriptions.state(tp);
                if (s != null) {
                    s.markPendingRevocation();
                }
            }
            int gen = generation;
            commit(offsets).whenComplete(loop.deliver((v, e) -> {
                if (e != null) {
                    log.warn("[{}] Auto-commit of revoked partitions {} of group '{}' failed: {}", clientId, revoked,
                            groupId, e.toString());
                }
                if (phase == Phase.PREPARE_COMMIT && generation == gen) {
                    queueAssignmentCallbacks(newSet, added, revoked);
                }
            }));
            return;
        }
        queueAssignmentCallbacks(newSet, added, revoked);
    }

    /** Revocation (if any) then assignment callbacks for the polling thread, applying the new assignment between. */
    private void queueAssignmentCallbacks(Set<TopicPartition> newSet, Set<TopicPartition> added,
            Set<TopicPartition> revoked) {
        phase = Phase.CALLBACKS;
        if (!revoked.isEmpty()) {
            pendingCallbacks.add(new Callback(Callback.Kind.REVOKED, revoked, () -> {
                subscriptions.assignFromGroup(newSet);
                fetcher.retainAssigned();
                if (cooperative()) {
                    requestRejoin("partitions " + revoked + " were revoked and must be reassigned (KIP-429)");
                }
            }));
        } else {
            subscriptions.assignFromGroup(newSet);
            fetcher.retainAssigned();
        }
        Set<TopicPartition> toAnnounce = cooperative() ? added : newSet;
        pendingCallbacks.add(new Callback(Callback.Kind.ASSIGNED, toAnnounce, () -> {
            if (phase == Phase.CALLBACKS) {
                phase = Phase.IDLE;
            }
            signal.signal();
        }));
        signal.signal();
    }

    /**
     * The member is no longer part of its generation: forget it, and report owned partitions as lost at the next
     * poll.
     */
    private void resetGeneration(String why, boolean keepMemberId) {
        log.info("[{}] Resetting the generation of group '{}' ({}); partitions {} are lost", clientId, groupId, why,
                subscriptions.assignedPartitions());
        if (!keepMemberId) {
            memberId = "";
        }
        generation = NO_GENERATION;
        state = State.UNJOINED;
        leader = false;
        rejoinNeeded = true;
        rejoinReason = why;
        prepared = false;
        prepareCommitDone = false;
        stopHeartbeats();
        signal.signal();
    }

    // ------------------------------------------------------------------------------------------------ heartbeats

    private void startHeartbeats() {
        heartbeatsEnabled = true;
        long now = nowMs();
        lastHeartbeatAckMs = now;
        lastHeartbeatSendMs = now;
        scheduleTick(settings.heartbeatIntervalMs());
    }

    private void stopHeartbeats() {
        heartbeatsEnabled = false;
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
    }

    private void scheduleTick(long delayMs) {
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        heartbeatTimer = time.schedule(Math.max(0, delayMs), TimeUnit.MILLISECONDS, () -> loop.execute(this::tick));
    }

    private void tick() {
        heartbeatTimer = null;
        if (!heartbeatsEnabled || closed) {
            return;
        }
        long now = nowMs();
        long polled = lastPollMs;
        long sincePoll = polled == IN_POLL ? 0 : now - polled; // inside poll: the timer counts as reset
        if (sincePoll > settings.maxPollIntervalMs()) {
            log.warn("[{}] No poll for {} ms, more than max.poll.interval.ms={}: leaving group '{}' so that its "
                    + "partitions go to other members; the next poll rejoins", clientId, sincePoll,
                    settings.maxPollIntervalMs(), groupId);
            maybeLeaveGroup("consumer poll timeout has expired");
            resetGeneration("poll timeout", false);
            return;
        }
        if (now - lastHeartbeatAckMs > settings.sessionTimeoutMs()) {
            markCoordinatorUnknown("no heartbeat response within session.timeout.ms");
            lastHeartbeatAckMs = now; // back to normal pace after rediscovery
        }
        if (coordinator == null) {
            ensureCoordinator();
        } else if (!heartbeatInFlight && now - lastHeartbeatSendMs >= settings.heartbeatIntervalMs()) {
            sendHeartbeat(now);
        }
        long untilHeartbeat = settings.heartbeatIntervalMs() - (now - lastHeartbeatSendMs);
        long untilPollTimeout = settings.maxPollIntervalMs() - sincePoll + 1;
        long next = Math.max(1, Math.min(untilHeartbeat > 0 ? untilHeartbeat : settings.heartbeatIntervalMs(),
                untilPollTimeout));
        if (coordinator == null) {
            next = Math.min(next, Math.max(1, settings.retryBackoffMs()));
        }
        scheduleTick(next);
    }

    private void sendHeartbeat(long now) {
        heartbeatInFlight = true;
        lastHeartbeatSendMs = now;
        int gen = generation;
        String member = memberId;
        Node node = coordinator;
        Versions.send(transport, node, ApiKey.HEARTBEAT, groupInstanceId != null ? 3 : 0, 4, v -> {
            HeartbeatRequest r = new HeartbeatRequest().setGroupId(groupId).setGenerationId(gen)
                    .setMemberId(member);
            if (v >= 3) {
                r.setGroupInstanceId(groupInstanceId);
            }
            return r;
        }).whenComplete(loop.deliver((response, error) -> onHeartbeat(response, error, gen)));
    }

    private void onHeartbeat(HeartbeatResponse response, Throwable error, int gen) {
        heartbeatInFlight = false;
        if (closed || gen != generation || !heartbeatsEnabled) {
            return;
        }
        if (error != null) {
            markCoordinatorUnknown("heartbeat failed: " + error);
            return;
        }
        ErrorCode code = ErrorCode.forCode(response.errorCode());
        switch (code) {
            case NONE -> lastHeartbeatAckMs = nowMs();
            case REBALANCE_IN_PROGRESS -> {
                lastHeartbeatAckMs = nowMs();
                if (state == State.STABLE) {
                    requestRejoin("the group is rebalancing");
                }
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> resetGeneration("heartbeat: " + code, false);
            case FENCED_INSTANCE_ID -> fail(code.exception("Member with group.instance.id '" + groupInstanceId
                    + "' of group '" + groupId + "' was fenced by another member with the same instance id"));
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> markCoordinatorUnknown(code.name());
            case COORDINATOR_LOAD_IN_PROGRESS -> {
                // the coordinator is loading the group: try again at the next tick
            }
            default -> {
                ApiException e = code.exception("Heartbeat of group '" + groupId + "' failed: " + code.description());
                if (!(e instanceof RetriableException)) {
                    fail(e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ leaving

    /**
     * Sends LeaveGroup if this is a dynamic member of the group (a static member stays until its session times
     * out, KIP-345), and forgets the membership.
     *
     * @return a future completed when the LeaveGroup was answered (or at once if none was sent); never failed
     */
    CompletableFuture<Void> maybeLeaveGroup(String reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Node node = coordinator;
        if (groupInstanceId == null && node != null && !memberId.isEmpty() && state != State.UNJOINED) {
            String member = memberId;
            log.info("[{}] Member {} leaving group '{}': {}", clientId, member, groupId, reason);
            Versions.send(transport, node, ApiKey.LEAVE_GROUP, 0, 5, v -> {
                LeaveGroupRequest r = new LeaveGroupRequest().setGroupId(groupId);
                if (v >= 3) {
                    LeaveGroupRequest.MemberIdentity m = new LeaveGroupRequest.MemberIdentity().setMemberId(member);
                    if (v >= 5) {
                        m.setReason(reason);
                    }
                    r.setMembers(new ArrayList<>(List.of(m)));
                } else {
                    r.setMemberId(member);
                }
                return r;
            }).whenComplete((LeaveGroupResponse response, Throwable error) -> {
                if (error != null) {
                    log.debug("[{}] LeaveGroup of group '{}' failed: {}", clientId, groupId, error.toString());
                }
                done.complete(null);
            });
        } else {
            done.complete(null);
        }
        memberId = groupInstanceId == null ? "" : memberId;
        generation = NO_GENERATION;
        state = State.UNJOINED;
        leader = false;
        stopHeartbeats();
        return done;
    }

    /**
     * For close and unsubscribe: the callback that gives up every owned partition (revoked, or lost if the
     * membership is gone), or null if there is none. The assignment is cleared when its {@code after} runs.
     */
    Callback leavePrepare() {
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        if (!subscriptions.hasAutoAssignment() || owned.isEmpty()) {
            return null;
        }
        boolean lost = generation == NO_GENERATION || memberId.isEmpty();
        return new Callback(lost ? Callback.Kind.LOST : Callback.Kind.REVOKED, owned, () -> {
            subscriptions.assignFromGroup(List.of());
            fetcher.retainAssigned();
        });
    }

    /** After unsubscribe: forget the membership so that a later subscribe joins afresh. */
    void reset() {
        memberId = groupInstanceId == null ? "" : memberId;
        generation = NO_GENERATION;
        state = State.UNJOINED;
        phase = Phase.IDLE;
        prepared = false;
        rejoinNeeded = true;
        rejoinReason = "initial join";
        pendingCallbacks.clear();
        patternListed = false;
        stopHeartbeats();
    }

    /** Stops timers; pending coordinator waiters fail. Idempotent. */
    void close() {
        closed = true;
        stopHeartbeats();
        failCoordinatorWaiters(new IllegalStateException("consumer closed"));
    }

    // ------------------------------------------------------------------------------------------------ offsets

    /** The positions of all assigned partitions that have one, as offsets to commit. */
    Map<TopicPartition, OffsetAndMetadata> positions() {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (SubscriptionState.PartitionState s : subscriptions.states()) {
            if (s.hasPosition()) {
                out.put(s.tp, new OffsetAndMetadata(s.position,
                        s.positionEpoch >= 0 ? Optional.of(s.positionEpoch) : Optional.empty(), ""));
            }
        }
        return out;
    }

    /** With auto-commit: commits the positions if {@code auto.commit.interval.ms} passed since the last time. */
    void maybeAutoCommit() {
        if (!settings.enableAutoCommit() || autoCommitInFlight || closed) {
            return;
        }
        long now = nowMs();
        if (now < nextAutoCommitMs) {
            return;
        }
        if (subscriptions.hasAutoAssignment() && state != State.STABLE) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = positions();
        nextAutoCommitMs = now + settings.autoCommitIntervalMs();
        if (offsets.isEmpty()) {
            return;
        }
        autoCommitInFlight = true;
        commit(offsets).whenComplete(loop.deliver((v, e) -> {
            autoCommitInFlight = false;
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (cause instanceof RetriableException) {
                    nextAutoCommitMs = Math.min(nextAutoCommitMs, nowMs() + settings.retryBackoffMs());
                }
                log.warn("[{}] Auto-commit of offsets {} for group '{}' failed: {}", clientId, offsets, groupId,
                        cause.toString());
            } else {
                log.debug("[{}] Auto-committed offsets {} for group '{}'", clientId, offsets, groupId);
            }
        }));
    }

    /**
     * Commits {@code offsets} once (no retry): with the member's generation when the group assigns partitions, with
     * none for a manual assignment.
     *
     * @return a future of the committed offsets, completed on the executor; failed with
     *     {@link RebalanceInProgressException} or {@link CommitFailedException} outside a stable generation, or
     *     the broker's error
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> result = new CompletableFuture<>();
        if (offsets.isEmpty()) {
            result.complete(Map.of());
            return result;
        }
        int gen;
        String member;
        String instance;
        if (subscriptions.hasAutoAssignment()) {
            if (state != State.STABLE) {
                if (state == State.PREPARING_REBALANCE || state == State.COMPLETING_REBALANCE) {
                    result.completeExceptionally(new RebalanceInProgressException("Offset commit cannot be "
                            + "completed: group '" + groupId + "' is rebalancing; poll() completes the rebalance, "
                            + "then commit again"));
                } else {
                    result.completeExceptionally(new CommitFailedException("Offset commit cannot be completed: the "
                            + "consumer is not part of an active generation of group '" + groupId + "' (it was "
                            + "probably removed after its session or max.poll.interval.ms expired)"));
                }
                return result;
            }
            gen = generation;
            member = memberId;
            instance = groupInstanceId;
        } else {
            gen = NO_GENERATION;
            member = "";
            instance = null;
        }
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>(offsets);
        coordinator().whenComplete((node, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            Versions.send(transport, node, ApiKey.OFFSET_COMMIT, instance != null ? 7 : 2, 9, v -> {
                Map<String, OffsetCommitRequest.OffsetCommitRequestTopic> topics = new LinkedHashMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : copy.entrySet()) {
                    OffsetCommitRequest.OffsetCommitRequestPartition p =
                            new OffsetCommitRequest.OffsetCommitRequestPartition()
                                    .setPartitionIndex(e.getKey().partition())
                                    .setCommittedOffset(e.getValue().offset())
                                    .setCommittedMetadata(e.getValue().metadata());
                    if (v >= 6) {
                        p.setCommittedLeaderEpoch(e.getValue().leaderEpoch().orElse(-1));
                    }
                    OffsetCommitRequest.OffsetCommitRequestTopic topic = topics.get(e.getKey().topic());
                    if (topic == null) {
                        topic = new OffsetCommitRequest.OffsetCommitRequestTopic().setName(e.getKey().topic());
                        topics.put(e.getKey().topic(), topic);
                    }
                    topic.partitions().add(p);
                }
                OffsetCommitRequest r = new OffsetCommitRequest().setGroupId(groupId)
                        .setGenerationIdOrMemberEpoch(gen).setMemberId(member)
                        .setTopics(new ArrayList<>(topics.values()));
                if (v >= 7) {
                    r.setGroupInstanceId(instance);
                }
                return r;
            }).whenComplete(loop.deliver((response, sendError) -> onCommit(copy, response, sendError, result)));
        });
        return result;
    }

    private void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitResponse response,
            Throwable error, CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> result) {
        if (error != null) {
            if (!(error instanceof UnsupportedVersionException)) {
                markCoordinatorUnknown("OffsetCommit failed: " + error);
                result.completeExceptionally(new CoordinatorNotAvailableException("OffsetCommit for group '"
                        + groupId + "' failed: " + error, error));
            } else {
                result.completeExceptionally(error);
            }
            return;
        }
        RuntimeException failure = null;
        for (OffsetCommitResponse.OffsetCommitResponseTopic t : response.topics()) {
            for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                ErrorCode code = ErrorCode.forCode(p.errorCode());
                if (code == ErrorCode.NONE) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                RuntimeException e = switch (code) {
                    case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, STALE_MEMBER_EPOCH -> {
                        if (subscriptions.hasAutoAssignment() && state == State.STABLE) {
                            resetGeneration("OffsetCommit: " + code, false);
                        }
                        yield new CommitFailedException("Offset commit for partition " + tp + " of group '" + groupId
                                + "' failed with " + code + ": the group rebalanced and this member's generation is "
                                + "no longer valid; its partitions may now belong to another member",
                                code.exception(code.description()));
                    }
                    case REBALANCE_IN_PROGRESS -> {
                        requestRejoin("OffsetCommit saw a rebalance in progress");
                        yield new RebalanceInProgressException("Offset commit for group '" + groupId
                                + "' failed: the group is rebalancing; poll() completes the rebalance, then commit "
                                + "again");
                    }
                    case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, REQUEST_TIMED_OUT -> {
                        markCoordinatorUnknown(code.name());
                        yield code.exception("Offset commit for partition " + tp + " of group '" + groupId + "': "
                                + code.description());
                    }
                    case FENCED_INSTANCE_ID -> {
                        ApiException fenced = code.exception("Offset commit of group '" + groupId
                                + "': group.instance.id '" + groupInstanceId + "' was fenced");
                        fail(fenced);
                        yield fenced;
                    }
                    default -> code.exception("Offset commit for partition " + tp + " of group '" + groupId
                            + "' failed: " + code.description());
                };
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(offsets);
        }
    }

    /**
     * Reads the group's committed offsets once (OffsetFetch, {@code require_stable}).
     *
     * @return a future of each partition's committed offset, or null for none; completed on the executor
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetchCommitted(Collection<TopicPartition> partitions) {
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> result = new CompletableFuture<>();
        List<TopicPartition> asked = new ArrayList<>(new LinkedHashSet<>(partitions));
        if (asked.isEmpty()) {
            result.complete(Map.of());
            return result;
        }
        coordinator().whenComplete((node, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            Versions.send(transport, node, ApiKey.OFFSET_FETCH, 1, 9, v -> {
                Map<String, List<Integer>> byTopic = ConsumerProtocol.partitionsByTopic(asked);
                OffsetFetchRequest r = new OffsetFetchRequest();
                if (v >= 8) {
                    List<OffsetFetchRequest.OffsetFetchRequestTopics> topics = new ArrayList<>();
                    for (Map.Entry<String, List<Integer>> t : byTopic.entrySet()) {
                        topics.add(new OffsetFetchRequest.OffsetFetchRequestTopics().setName(t.getKey())
                                .setPartitionIndexes(t.getValue()));
                    }
                    r.setGroups(new ArrayList<>(List.of(new OffsetFetchRequest.OffsetFetchRequestGroup()
                            .setGroupId(groupId).setTopics(topics))));
                } else {
                    List<OffsetFetchRequest.OffsetFetchRequestTopic> topics = new ArrayList<>();
                    for (Map.Entry<String, List<Integer>> t : byTopic.entrySet()) {
                        topics.add(new OffsetFetchRequest.OffsetFetchRequestTopic().setName(t.getKey())
                                .setPartitionIndexes(t.getValue()));
                    }
                    r.setGroupId(groupId).setTopics(topics);
                }
                if (v >= 7) {
                    r.setRequireStable(true);
                }
                return r;
            }).whenComplete(loop.deliver((response, sendError) -> onOffsetFetch(asked, response, sendError, result)));
        });
        return result;
    }

    private void onOffsetFetch(List<TopicPartition> asked, OffsetFetchResponse response, Throwable error,
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> result) {
        if (error != null) {
            if (!(error instanceof UnsupportedVersionException)) {
                markCoordinatorUnknown("OffsetFetch failed: " + error);
                result.completeExceptionally(new CoordinatorNotAvailableException("OffsetFetch for group '"
                        + groupId + "' failed: " + error, error));
            } else {
                result.completeExceptionally(error);
            }
            return;
        }
        short top = response.errorCode();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        RuntimeException failure = null;
        List<Object[]> partitions = new ArrayList<>(); // {topic, partition, offset, epoch, metadata, error}
        if (!response.groups().isEmpty()) {
            OffsetFetchResponse.OffsetFetchResponseGroup g = response.groups().get(0);
            top = g.errorCode();
            for (OffsetFetchResponse.OffsetFetchResponseTopics t : g.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                    partitions.add(new Object[] {t.name(), p.partitionIndex(), p.committedOffset(),
                            p.committedLeaderEpoch(), p.metadata(), p.errorCode()});
                }
            }
        } else {
            for (OffsetFetchResponse.OffsetFetchResponseTopic t : response.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                    partitions.add(new Object[] {t.name(), p.partitionIndex(), p.committedOffset(),
                            p.committedLeaderEpoch(), p.metadata(), p.errorCode()});
                }
            }
        }
        ErrorCode topCode = ErrorCode.forCode(top);
        if (topCode != ErrorCode.NONE) {
            if (topCode == ErrorCode.NOT_COORDINATOR || topCode == ErrorCode.COORDINATOR_NOT_AVAILABLE) {
                markCoordinatorUnknown(topCode.name());
            }
            result.completeExceptionally(topCode.exception("OffsetFetch for group '" + groupId + "' failed: "
                    + topCode.description()));
            return;
        }
        for (Object[] p : partitions) {
            TopicPartition tp = new TopicPartition((String) p[0], (Integer) p[1]);
            ErrorCode code = ErrorCode.forCode((Short) p[5]);
            if (code != ErrorCode.NONE) {
                if (failure == null) {
                    failure = code.exception("OffsetFetch for partition " + tp + " of group '" + groupId + "': "
                            + code.description());
                }
                continue;
            }
            long offset = (Long) p[2];
            int epoch = (Integer) p[3];
            out.put(tp, offset < 0 ? null : new OffsetAndMetadata(offset,
                    epoch >= 0 ? Optional.of(epoch) : Optional.empty(), (String) p[4]));
        }
        if (failure != null) {
            result.completeExceptionally(failure);
            return;
        }
        for (TopicPartition tp : asked) {
            out.putIfAbsent(tp, null);
        }
        result.complete(out);
    }

    // ------------------------------------------------------------------------------------------------ metadata

    private void onMetadata(Cluster cluster) {
        if (closed || !leader || state != State.STABLE || assignmentSnapshot == null) {
            return;
        }
        for (String topic : groupSubscription) {
            TopicMetadata t = cluster.topic(topic);
            if (t == null) {
                continue; // not in this snapshot: nothing learned
            }
            Integer before = assignmentSnapshot.get(topic);
            if (before == null || before != t.partitionCount()) {
                requestRejoin("the partition count of topic '" + topic + "' changed from " + before + " to "
                        + t.partitionCount());
                return;
            }
        }
    }

    /** Pattern subscription: lists the cluster's topics every {@code metadata.max.age.ms} and matches them. */
    private void maybeListTopics(long now) {
        if (patternListInFlight || now < nextPatternListMs) {
            if (!patternListInFlight) {
                signal.signalIn(nextPatternListMs - now);
            }
            return;
        }
        patternListInFlight = true;
        Node node = anyNode();
        transport.send(node, new MetadataRequest().setTopics(null).setAllowAutoTopicCreation(false))
                .whenComplete(loop.deliver((MetadataResponse response, Throwable error) -> {
                    patternListInFlight = false;
                    if (closed || subscriptions.type() != SubscriptionState.Type.PATTERN) {
                        return;
                    }
                    if (error != null) {
                        nextPatternListMs = nowMs() + settings.retryBackoffMs();
                        log.debug("[{}] Listing topics for pattern {} failed: {}", clientId, subscriptions.pattern(),
                                error.toString());
                        signal.signalIn(settings.retryBackoffMs());
                        return;
                    }
                    Set<String> matched = new TreeSet<>();
                    for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                        if (t.name() == null || t.errorCode() != 0) {
                            continue;
                        }
                        if (t.isInternal() && settings.excludeInternalTopics()) {
                            continue;
                        }
                        if (subscriptions.pattern().matcher(t.name()).matches()) {
                            matched.add(t.name());
                        }
                    }
                    nextPatternListMs = nowMs() + settings.metadataMaxAgeMs();
                    boolean first = !patternListed;
                    patternListed = true;
                    if (subscriptions.matchedTopics(matched)) {
                        matched.forEach(metadata::touch);
                        if (!first) {
                            requestRejoin("topics matching " + subscriptions.pattern() + " changed to " + matched);
                        }
                    }
                    signal.signal();
                }));
    }
}
