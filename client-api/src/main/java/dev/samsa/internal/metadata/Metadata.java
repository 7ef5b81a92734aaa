package dev.samsa.internal.metadata;

import dev.samsa.common.Node;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of cluster metadata for one client, kept with Metadata requests (API key 3) through a {@link Transport}.
 *
 * <ul>
 *   <li><b>Topics of interest.</b> The cache asks only for the topics its client uses: {@link #awaitTopic} adds a
 *   topic, {@link #touch} marks it used (or the client tells when it last used it, {@link #lastUsedBy}); a topic
 *   unused for {@code metadata.max.idle.ms} is dropped (0 keeps topics forever). With no topic, requests carry an
 *   empty list and learn the brokers only.</li>
 *   <li><b>Refreshes.</b> One request at a time, to a known broker (round-robin, random start) or, before the first
 *   answer, to a bootstrap node. A refresh happens {@code metadata.max.age.ms} after the last one, or as soon as the
 *   backoff allows after {@link #requestUpdate()} (leader errors) or while a topic is awaited. The backoff between
 *   requests grows from {@code retry.backoff.ms} to {@code retry.backoff.max.ms} (x2 per consecutive failure or
 *   unsatisfied wait, +/-20% jitter, KIP-580), reset by a response that satisfies every waiter.</li>
 *   <li><b>Topic errors.</b> {@code UNKNOWN_TOPIC_OR_PARTITION} and {@code LEADER_NOT_AVAILABLE} (a topic being
 *   created) keep waiters waiting; a fatal error such as {@code TOPIC_AUTHORIZATION_FAILED} or
 *   {@code INVALID_TOPIC_EXCEPTION} fails them with that error and drops the topic.</li>
 *   <li><b>Time.</b> Every timer goes through {@link Transport#time()}; the cache has no thread of its own. Callers
 *   bound their waits themselves (e.g. {@code max.block.ms}).</li>
 * </ul>
 *
 * <p>Thread-safe. Futures complete and listeners run on the thread that delivered the response (a transport I/O
 * thread), the timer thread, or a caller; they must not block.
 */
public final class Metadata implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metadata.class);

    /**
     * The cache's settings, in ms.
     *
     * @param maxAgeMs {@code metadata.max.age.ms}: refresh at least this often
     * @param maxIdleMs {@code metadata.max.idle.ms}: drop a topic unused this long; 0 never drops
     * @param backoffMs {@code retry.backoff.ms}: the first wait between requests after a failure or unsatisfied wait
     * @param backoffMaxMs {@code retry.backoff.max.ms}: the longest such wait
     * @param allowAutoTopicCreation sent in the request: producers ask brokers to create missing topics if
     *     {@code auto.create.topics.enable}; consumers follow {@code allow.auto.create.topics}
     */
    public record Options(long maxAgeMs, long maxIdleMs, long backoffMs, long backoffMaxMs,
            boolean allowAutoTopicCreation) {
    }

    private final Transport transport;
    private final Time time;
    private final Options options;
    private final List<Consumer<Cluster>> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private volatile Cluster cluster = Cluster.EMPTY;
    /** Topics of interest and when each was last used (monotonic ms). */
    private final Map<String, Long> topics = new LinkedHashMap<>();
    /** The last topic {@link #touch}ed and when (wall clock ms): the lock-free fast path of the per-record touch. */
    private volatile String lastTouchedTopic;
    private volatile long lastTouchedWallMs;
    private final long touchGranularityMs;
    /** When the client last used a topic, asked before the topic is dropped as idle; or null. */
    private volatile ToLongFunction<String> lastUsed;
    private final Map<String, List<CompletableFuture<Cluster>>> waiters = new HashMap<>();
    private final List<CompletableFuture<Cluster>> updateWaiters = new ArrayList<>();
    private boolean inFlight;
    private boolean updateRequested;
    /** A topic was added that no response covered yet: refresh without the backoff, as Kafka does for new topics. */
    private boolean newTopics;
    private int failures;
    private long lastAttemptMs = Long.MIN_VALUE / 2;
    private long lastSuccessMs = Long.MIN_VALUE / 2;
    private Time.Timeout timer;
    private long timerDeadlineMs = Long.MAX_VALUE;
    private int nodeCursor = -1;
    private boolean closed;
    /** Brokers whose Metadata request failed since the last answer: address to the failure, oldest first. */
    private final Map<String, String> unanswered = new LinkedHashMap<>();

    /**
     * @param transport where Metadata requests go; its {@link Transport#time()} drives the timers
     * @param options the settings
     */
    public Metadata(Transport transport, Options options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.time = transport.time();
        this.options = Objects.requireNonNull(options, "options");
        this.touchGranularityMs = options.maxIdleMs() > 0 ? Math.min(1000, options.maxIdleMs() / 10) : 1000;
    }

    /** The latest snapshot; {@link Cluster#EMPTY} before the first response. Never blocks. */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * Why metadata may be missing: when no broker answered a Metadata request since the last answer (or ever), the
     * brokers tried, each with its latest failure ({@code "no broker answered a Metadata request: 127.0.0.1:9092
     * (connection refused), ..."}); empty once a broker answers. For the messages of timeouts that waited for
     * metadata ({@code max.block.ms}, {@code default.api.timeout.ms}), so that an unreachable bootstrap list names
     * every address tried. Never blocks for long.
     */
    public String unansweredBrokers() {
        synchronized (lock) {
            if (unanswered.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder("no broker answered a Metadata request:");
            String sep = " ";
            for (Map.Entry<String, String> e : unanswered.entrySet()) {
                out.append(sep).append(e.getKey()).append(" (").append(e.getValue()).append(')');
                sep = ", ";
            }
            return out.toString();
        }
    }

    /** Calls {@code listener} with every new snapshot, on the thread that applied it; must not block. */
    public void addListener(Consumer<Cluster> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Marks {@code topic} as used now, adding it to the topics of interest (it is fetched with the next refresh). */
    public void touch(String topic) {
        touch(topic, time.milliseconds());
    }

    /**
     * {@link #touch(String)} with the caller's reading of the wall clock ({@code Time#milliseconds}), for a caller
     * that has one at hand: the producer's send path, which reads it for the record's timestamp anyway.
     *
     * @param wallMs the wall clock in ms, only used to skip repeated touches cheaply; the idle expiry itself runs on
     *     this metadata's monotonic clock, read only when a touch is not skipped
     */
    public void touch(String topic, long wallMs) {
        // Called on every send: skip the lock (and the monotonic clock read) while the same topic was touched within
        // a tenth of the idle expiry (metadata.max.idle.ms is minutes by default; a stale read here only delays the
        // mark by that much). A wall clock that steps back, or forth by more than that, only makes a touch happen now.
        long since = wallMs - lastTouchedWallMs;
        if (topic.equals(lastTouchedTopic) && since >= 0 && since < touchGranularityMs) {
            return;
        }
        touchNow(topic, wallMs);
    }

    /** {@link #touch(String, long)} when not skipped: out of line, so that the send path inlines only the check. */
    private void touchNow(String topic, long wallMs) {
        long now = nowMs();
        boolean isNew;
        synchronized (lock) {
            isNew = topics.put(topic, now) == null && cluster.topic(topic) == null;
            if (isNew) {
                newTopics = true;
                updateRequested = true;
            }
        }
        lastTouchedWallMs = wallMs;
        lastTouchedTopic = topic;
        if (isNew) {
            maybeUpdate();
        }
    }

    /**
     * Has {@code lastUsedMs} asked, before a topic is dropped as unused for {@code metadata.max.idle.ms}, when the
     * client last used it: in ms of this cache's monotonic clock ({@link Time#nanoseconds()} in ms), or
     * {@link Long#MIN_VALUE} if never. For a client that uses its topics too often to {@link #touch} each time, such as
     * a producer opening batches: it records the time where it is at hand, and this asks only at the expiry. Called
     * under this cache's lock, on the thread refreshing it: must be quick, not block and not call back into this.
     */
    public void lastUsedBy(ToLongFunction<String> lastUsedMs) {
        this.lastUsed = Objects.requireNonNull(lastUsedMs, "lastUsedMs");
    }

    /**
     * A future completed with a snapshot holding {@code topic} with at least one partition: at once if the current
     * one does, else after the refresh that brings it. The topic becomes a topic of interest. The future fails with
     * the broker's error (an {@link ApiException} naming the topic) for a fatal topic error; it never times out by
     * itself: callers bound the wait and may cancel the future, which withdraws it.
     */
    public CompletableFuture<Cluster> awaitTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        CompletableFuture<Cluster> future;
        synchronized (lock) {
            if (topics.put(topic, nowMs()) == null) {
                newTopics = true;
            }
            Cluster c = cluster;
            TopicMetadata t = c.topic(topic);
            if (t != null && t.partitionCount() > 0) {
                return CompletableFuture.completedFuture(c);
            }
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("metadata cache closed"));
            }
            future = new CompletableFuture<>();
            List<CompletableFuture<Cluster>> ofTopic = waiters.get(topic);
            if (ofTopic == null) {
                ofTopic = new ArrayList<>();
                waiters.put(topic, ofTopic);
            }
            ofTopic.add(future);
            updateRequested = true;
        }
        maybeUpdate();
        return future;
    }

    /**
     * A future of a snapshot fresh enough to act on, as the official client's {@code ensureFreshMetadata}: the current
     * snapshot at once if a refresh has already succeeded, none is requested or awaited (a topic touched that the
     * snapshot lacks requests one) and {@code metadata.max.age.ms} has not passed since; else, as
     * {@link #requestUpdate()}, the snapshot of the next successful response.
     */
    public CompletableFuture<Cluster> awaitFresh() {
        synchronized (lock) {
            // (before the first success lastSuccessMs is so far back that the age check fails)
            if (!closed && !updateRequested && waiters.isEmpty() && updateWaiters.isEmpty()
                    && nowMs() < lastSuccessMs + options.maxAgeMs()) {
                return CompletableFuture.completedFuture(cluster);
            }
        }
        return requestUpdate();
    }

    /**
     * Asks for a refresh as soon as the backoff allows (after a leader error, a disconnection, a partition without a
     * leader).
     *
     * @return a future completed with the snapshot of the next successful response
     */
    public CompletableFuture<Cluster> requestUpdate() {
        CompletableFuture<Cluster> future = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("metadata cache closed"));
            }
            updateRequested = true;
            updateWaiters.add(future);
        }
        maybeUpdate();
        return future;
    }

    /**
     * Stops refreshing; waiters fail with {@link IllegalStateException}. Does not close the transport. Idempotent.
     */
    @Override
    public void close() {
        List<CompletableFuture<Cluster>> toFail = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            for (List<CompletableFuture<Cluster>> list : waiters.values()) {
                toFail.addAll(list);
            }
            waiters.clear();
            toFail.addAll(updateWaiters);
            updateWaiters.clear();
        }
        failAll(toFail, new IllegalStateException("metadata cache closed"));
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    // Loops rather than nested forEach lambdas: each lambda is a class spun at every client's start.
    private static void completeAll(List<CompletableFuture<Cluster>> futures, Cluster cluster) {
        for (CompletableFuture<Cluster> f : futures) {
            f.complete(cluster);
        }
    }

    private static void failAll(List<CompletableFuture<Cluster>> futures, Throwable error) {
        for (CompletableFuture<Cluster> f : futures) {
            f.completeExceptionally(error);
        }
    }

    /** Sends a request if one is due and none is in flight, else arms the timer for when one will be due. */
    private void maybeUpdate() {
        MetadataRequest request;
        Node node;
        synchronized (lock) {
            if (closed || inFlight) {
                return;
            }
            long now = nowMs();
            long due = dueMs();
            if (due > now) {
                arm(due, now);
                return;
            }
            expireIdleTopics(now);
            node = pickNode();
            List<MetadataRequest.MetadataRequestTopic> wanted = new ArrayList<>(topics.size());
            for (String topic : topics.keySet()) {
                wanted.add(new MetadataRequest.MetadataRequestTopic().setName(topic));
            }
            request = new MetadataRequest().setTopics(wanted)
                    .setAllowAutoTopicCreation(options.allowAutoTopicCreation());
            inFlight = true;
            updateRequested = false;
            newTopics = false;
            lastAttemptMs = now;
        }
        log.debug("Sending Metadata request for {} topic(s) to {}", request.topics().size(), node);
        CompletableFuture<MetadataResponse> sent;
        try {
            sent = transport.send(node, request, (short) 1, ApiKey.METADATA.latestStableVersion());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((response, error) -> onResponse(node, response, error));
    }

    private long dueMs() {
        boolean wanted = updateRequested || !waiters.isEmpty() || !updateWaiters.isEmpty();
        long ageDue = lastSuccessMs + options.maxAgeMs();
        if (!wanted) {
            return ageDue;
        }
        if (newTopics && failures == 0) {
            return lastAttemptMs; // now
        }
        return Math.min(ageDue, lastAttemptMs + backoffMs());
    }

    /** At least {@code retry.backoff.ms} between requested refreshes, growing while they fail or leave waiters. */
    private long backoffMs() {
        if (failures == 0) {
            return options.backoffMs();
        }
        return jittered(options.backoffMs(), options.backoffMaxMs(), failures);
    }

    /**
     * Exponential backoff with jitter (KIP-580): {@code base * 2^(attempts-1)} capped at {@code max}, times a random
     * factor in [0.8, 1.2], capped at {@code max} again.
     */
    public static long jittered(long baseMs, long maxMs, int attempts) {
        if (attempts <= 0 || baseMs <= 0) {
            return Math.max(0, Math.min(baseMs, maxMs));
        }
        double exp = baseMs * Math.pow(2, Math.min(attempts - 1, 62));
        double capped = Math.min(exp, Math.max(baseMs, maxMs));
        double jitter = capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
        return (long) Math.min(jitter, Math.max(baseMs, maxMs));
    }

    private void arm(long dueMs, long now) {
        if (timer != null && timerDeadlineMs <= dueMs) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerDeadlineMs = dueMs;
        timer = time.schedule(Math.max(0, dueMs - now), TimeUnit.MILLISECONDS, () -> {
            synchronized (lock) {
                timer = null;
                timerDeadlineMs = Long.MAX_VALUE;
            }
            maybeUpdate();
        });
    }

    private void expireIdleTopics(long now) {
        if (options.maxIdleMs() <= 0) {
            return;
        }
        ToLongFunction<String> usage = lastUsed;
        for (Iterator<Map.Entry<String, Long>> it = topics.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            long usedMs = e.getValue();
            if (usedMs + options.maxIdleMs() <= now && usage != null) {
                usedMs = Math.max(usedMs, usage.applyAsLong(e.getKey()));
                e.setValue(usedMs);
            }
            if (usedMs + options.maxIdleMs() <= now && !waiters.containsKey(e.getKey())) {
                log.debug("Dropping topic '{}' from metadata: unused for {} ms", e.getKey(), options.maxIdleMs());
                it.remove();
            }
        }
    }

    private Node pickNode() {
        List<Node> candidates = new ArrayList<>(cluster.nodes());
        if (candidates.isEmpty()) {
            candidates = transport.bootstrapNodes();
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no broker known and no bootstrap node");
        }
        if (nodeCursor < 0) {
            nodeCursor = ThreadLocalRandom.current().nextInt(candidates.size());
        }
        return candidates.get(Math.floorMod(nodeCursor, candidates.size()));
    }

    private void onResponse(Node node, MetadataResponse response, Throwable error) {
        List<Runnable> completions = new ArrayList<>();
        Cluster next = null;
        synchronized (lock) {
            inFlight = false;
            if (closed) {
                return;
            }
            if (error != null) {
                failures++;
                nodeCursor++; // try another broker next time
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                unanswered.remove(node.address()); // re-inserted last: the entries stay in the order tried
                unanswered.put(node.address(), String.valueOf(cause.getMessage()));
                log.debug("Metadata request to {} failed ({}); retrying in up to {} ms", node, error.toString(),
                        options.backoffMaxMs());
                updateRequested = true;
            } else {
                next = apply(response, completions);
                lastSuccessMs = nowMs();
                unanswered.clear();
                if (!updateWaiters.isEmpty()) {
                    List<CompletableFuture<Cluster>> done = new ArrayList<>(updateWaiters);
                    updateWaiters.clear();
                    Cluster snapshot = next;
                    completions.add(() -> completeAll(done, snapshot));
                }
                for (Iterator<List<CompletableFuture<Cluster>>> it = waiters.values().iterator(); it.hasNext(); ) {
                    List<CompletableFuture<Cluster>> list = it.next();
                    for (Iterator<CompletableFuture<Cluster>> f = list.iterator(); f.hasNext(); ) {
                        if (f.next().isDone()) {
                            f.remove();
                        }
                    }
                    if (list.isEmpty()) {
                        it.remove();
                    }
                }
                failures = waiters.isEmpty() ? 0 : failures + 1;
            }
        }
        if (next != null) {
            for (Consumer<Cluster> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    log.warn("Metadata listener failed", e);
                }
            }
        }
        for (Runnable completion : completions) {
            completion.run();
        }
        maybeUpdate();
    }

    /** Builds the new snapshot under the lock and collects waiter completions to run outside it. */
    private Cluster apply(MetadataResponse response, List<Runnable> completions) {
        Map<Integer, Node> nodes = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            nodes.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Map<String, TopicMetadata> topicMap = new HashMap<>();
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            String name = t.name();
            if (name == null) {
                continue;
            }
            ErrorCode code = ErrorCode.forCode(t.errorCode());
            if (code == ErrorCode.NONE) {
                topicMap.put(name, topic(t, nodes));
            } else if (code.isRetriable()) {
                log.debug("Metadata for topic '{}': {} (will retry)", name, code);
            } else {
                ApiException e = ErrorCode.exceptionFor(t.errorCode(), "Topic '" + name + "': " + code.description());
                topics.remove(name);
                List<CompletableFuture<Cluster>> failed = waiters.remove(name);
                if (failed != null) {
                    completions.add(() -> failAll(failed, e));
                }
            }
        }
        Cluster next = new Cluster(response.clusterId(), response.controllerId(), nodes, topicMap, nowMs());
        cluster = next;
        for (Iterator<Map.Entry<String, List<CompletableFuture<Cluster>>>> it = waiters.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, List<CompletableFuture<Cluster>>> e = it.next();
            TopicMetadata t = next.topic(e.getKey());
            if (t != null && t.partitionCount() > 0) {
                List<CompletableFuture<Cluster>> ready = e.getValue();
                it.remove();
                completions.add(() -> completeAll(ready, next));
            }
        }
        return next;
    }

    private static TopicMetadata topic(MetadataResponse.MetadataResponseTopic t, Map<Integer, Node> nodes) {
        String name = t.name();
        int count = 0;
        for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
            count = Math.max(count, p.partitionIndex() + 1);
        }
        PartitionMetadata[] parts = new PartitionMetadata[count];
        for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
            int leader = ErrorCode.forCode(p.errorCode()) == ErrorCode.LEADER_NOT_AVAILABLE ? -1 : p.leaderId();
            parts[p.partitionIndex()] = new PartitionMetadata(new TopicPartition(name, p.partitionIndex()), leader,
                    p.leaderEpoch(), p.replicaNodes(), p.isrNodes(), p.offlineReplicas(), p.errorCode());
        }
        List<PartitionMetadata> partitions = new ArrayList<>(count);
        List<PartitionInfo> infos = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PartitionMetadata pm = parts[i] != null ? parts[i]
                    : new PartitionMetadata(new TopicPartition(name, i), -1, -1, List.of(), List.of(), List.of(),
                            ErrorCode.LEADER_NOT_AVAILABLE.code());
            partitions.add(pm);
            infos.add(new PartitionInfo(name, i, pm.leaderId() < 0 ? null : nodes.get(pm.leaderId()),
                    resolve(pm.replicaIds(), nodes), resolve(pm.isrIds(), nodes), resolve(pm.offlineIds(), nodes)));
        }
        UUID id = t.topicId() == null || (t.topicId().getMostSignificantBits() == 0
                && t.topicId().getLeastSignificantBits() == 0) ? null : t.topicId();
        return new TopicMetadata(name, id, t.isInternal(), partitions, infos);
    }

    private static List<Node> resolve(List<Integer> ids, Map<Integer, Node> nodes) {
        List<Node> out = new ArrayList<>(ids.size());
        for (Integer id : ids) {
            Node n = nodes.get(id);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }
}
