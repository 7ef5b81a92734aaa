package dev.samsa.internal.consumer;

import dev.samsa.common.Header;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRebalanceListener;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.NoOffsetForPartitionException;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.consumer.OffsetAndTimestamp;
import dev.samsa.consumer.RecordDeserializationException;
import dev.samsa.consumer.WakeupException;
import dev.samsa.errors.InterruptException;
import dev.samsa.errors.InvalidGroupIdException;
import dev.samsa.errors.RetriableException;
import dev.samsa.errors.SamsaException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.serde.Deserializer;
import dev.samsa.serde.Deserializers;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Consumer} implementation. All engine state (subscription, positions, fetch buffers, group membership)
 * lives on one {@link SerialExecutor}; public methods run their state changes there and block, when they must, on a
 * {@link Signal} with deadlines on the transport's {@link Time}. Deserialization and rebalance listener calls run on
 * the calling thread. See {@link Consumer} for the contract.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SamsaConsumer<K, V> implements Consumer<K, V> {
    private static final Logger log = LoggerFactory.getLogger(SamsaConsumer.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    /** close() without a timeout waits this long, as the official client. */
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Steps a poll may take past its deadline while each one changes something. */
    private static final int MAX_EXTRA_STEPS = 64;
    private static final ConsumerRecordsAccess.Factory RECORDS = ConsumerRecordsAccess.factory();

    private final ConsumerSettings settings;
    private final Time time;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final String clientId;
    private final SerialExecutor loop = new SerialExecutor();
    private final Signal signal;
    private final Metadata metadata;
    /** This group member's own connections (a view of the shared transport), closed with the consumer; or null. */
    private final Transport ownConnections;
    private final SubscriptionState subscriptions;
    private final Fetcher fetcher;
    private final OffsetValidator validator;
    /** Where each poll step drains records to, for {@link #deserialize}; one poll at a time uses it. */
    private final FetchedRecords fetched;
    private final OffsetLookup lookup;
    private final GroupCoordinator coordinator;
    private final AtomicBoolean wakeup = new AtomicBoolean();
    private final AtomicReference<Thread> pollingThread = new AtomicReference<>();
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /**
     * The thread running {@link #close(Duration)} while it invokes the rebalance listener: like Kafka's consumer, the
     * listener may still commit and read positions from there; every other thread sees the consumer closed.
     */
    private volatile Thread closingThread;
    private volatile RuntimeException pendingPollError;
    private final Object wakeLock = new Object();
    /** The timer that wakes waiters at the earliest deadline armed ({@link #wakeBy}), or null; guarded by wakeLock. */
    private WakeTimer wakeTimer;

    /**
     * Builds a consumer; use {@code Consumer.builder(...)} instead.
     *
     * @param settings validated settings
     * @param shared the transport, not owned; a group member talks through a view of it with its own connections
     */
    public SamsaConsumer(ConsumerSettings settings, Transport shared, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(shared, "transport");
        // A broker parks a JoinGroup and serves one request per connection at a time: members of one group sharing
        // connections would block each other's heartbeats, so a group member gets connections of its own.
        Transport transport = settings.groupId() != null ? shared.withOwnConnections() : shared;
        this.ownConnections = transport == shared ? null : transport;
        this.time = transport.time();
        this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        // The bytes as they are or UTF-8 strings for both: deserializing runs no application code and cannot fail,
        // so the drain builds the records at once (one pass per record) instead of leaving columns for
        // deserializeRun.
        Deserializer<byte[]> bytes = Deserializers.forByteArray();
        Deserializer<String> strings = Deserializers.forString();
        this.fetched = new FetchedRecords((keyDeserializer == bytes || keyDeserializer == strings)
                && (valueDeserializer == bytes || valueDeserializer == strings), keyDeserializer == strings,
                valueDeserializer == strings);
        this.clientId = settings.clientId().isEmpty() ? "samsa-consumer-" + CLIENT_IDS.incrementAndGet()
                : settings.clientId();
        this.signal = new Signal(time);
        // Topics are never dropped for idleness: a consumer keeps reading its topics however long it idles.
        this.metadata = new Metadata(transport, new Metadata.Options(settings.metadataMaxAgeMs(), 0,
                settings.retryBackoffMs(), settings.retryBackoffMaxMs(), settings.allowAutoCreateTopics()));
        this.subscriptions = new SubscriptionState(settings.autoOffsetReset(), settings.groupId() != null);
        this.fetcher = new Fetcher(settings, transport, metadata, subscriptions, loop, signal, clientId);
        this.validator = new OffsetValidator(settings, transport, metadata, subscriptions, fetcher, loop, signal,
                clientId);
        this.lookup = new OffsetLookup(settings, transport, metadata);
        this.coordinator = settings.groupId() == null ? null
                : new GroupCoordinator(settings, transport, metadata, subscriptions, fetcher, loop, signal, clientId);
        log.debug("[{}] Consumer created: {}", clientId, settings);
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    /** True once {@link #close} started, except on the closing thread while it runs the rebalance listener. */
    private boolean isClosed() {
        return closed && Thread.currentThread() != closingThread;
    }

    private void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException("This consumer has already been closed");
        }
    }

    private void ensureGroup() {
        if (coordinator == null) {
            throw new InvalidGroupIdException("No group.id: set one to use the group management and offset commit "
                    + "APIs");
        }
    }

    private void checkWakeup() {
        if (wakeup.getAndSet(false)) {
            throw new WakeupException();
        }
    }

    // ------------------------------------------------------------------------------------------ subscription

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        ensureOpen();
        Objects.requireNonNull(partitions, "partitions");
        Set<TopicPartition> set = new LinkedHashSet<>();
        for (TopicPartition tp : partitions) {
            Objects.requireNonNull(tp, "partition");
            if (tp.topic().isBlank()) {
                throw new IllegalArgumentException("Topic partitions to assign to cannot have null or empty topic");
            }
            set.add(tp);
        }
        if (set.isEmpty()) {
            unsubscribe();
            return;
        }
        loop.run(() -> {
            if (coordinator != null && settings.enableAutoCommit()
                    && subscriptions.type() == SubscriptionState.Type.USER_ASSIGNED) {
                Map<TopicPartition, OffsetAndMetadata> positions = coordinator.positions();
                coordinator.commit(positions).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("[{}] Auto-commit before assign() failed: {}", clientId, e.toString());
                    }
                });
            }
            subscriptions.assignFromUser(set);
            fetcher.retainAssigned();
            set.forEach(tp -> metadata.touch(tp.topic()));
        });
        log.info("[{}] Assigned partitions {}", clientId, set);
        signal.signal();
    }

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        ensureOpen();
        Objects.requireNonNull(topics, "topics");
        ensureGroup();
        Set<String> set = new LinkedHashSet<>();
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty "
                        + "topic");
            }
            set.add(t.trim());
        }
        if (set.isEmpty()) {
            unsubscribe();
            return;
        }
        loop.run(() -> {
            subscriptions.subscribe(set, listener);
            set.forEach(metadata::touch);
            coordinator.onSubscriptionChanged();
        });
        log.info("[{}] Subscribed to topics {}", clientId, set);
        signal.signal();
    }

    @Override
    public void subscribe(Pattern pattern) {
        subscribe(pattern, null);
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        ensureOpen();
        Objects.requireNonNull(pattern, "pattern");
        ensureGroup();
        if (pattern.pattern().isEmpty()) {
            throw new IllegalArgumentException("Topic pattern to subscribe to cannot be empty");
        }
        loop.run(() -> {
            subscriptions.subscribe(pattern, listener);
            coordinator.onSubscriptionChanged();
        });
        log.info("[{}] Subscribed to pattern '{}'", clientId, pattern);
        signal.signal();
    }

    @Override
    public void unsubscribe() {
        ensureOpen();
        if (coordinator != null) {
            revokeAndLeave("unsubscribe", "the consumer unsubscribed from all topics",
                    deadline(settings.defaultApiTimeoutMs()));
        }
        loop.run(() -> {
            subscriptions.unsubscribe();
            fetcher.retainAssigned();
            if (coordinator != null) {
                coordinator.reset();
            }
        });
        log.info("[{}] Unsubscribed", clientId);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return loop.call(subscriptions::assignedPartitions);
    }

    @Override
    public Set<String> subscription() {
        return loop.call(() -> subscriptions.hasAutoAssignment() ? Set.copyOf(subscriptions.topics()) : Set.of());
    }

    // ------------------------------------------------------------------------------------------ poll

    private record Step(List<GroupCoordinator.Callback> callbacks, List<Fetcher.Drained> drained) {
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout must not be negative");
        }
        ensureOpen();
        Thread me = Thread.currentThread();
        if (!pollingThread.compareAndSet(null, me)) {
            throw concurrentPoll();
        }
        Deadline deadline = new Deadline(deadline(timeout == lastTimeout ? lastTimeoutMs : pollTimeoutMs(timeout)));
        int extraSteps = 0;
        try {
            RuntimeException pending = pendingPollError;
            if (pending != null) {
                pendingPollError = null;
                throw pending;
            }
            while (true) {
                checkWakeup();
                ensureOpen();
                long seen = signal.version();
                Step step = loop.call(pollStep);
                if (!step.callbacks().isEmpty()) {
                    runCallbacks(step.callbacks());
                    continue;
                }
                if (!step.drained().isEmpty()) {
                    ConsumerRecords<K, V> records = deserialize(step.drained());
                    if (!records.isEmpty()) {
                        return records;
                    }
                    continue; // only control records or aborted data were skipped: look again
                }
                if (deadline.expired()) {
                    // Past the deadline, keep going only while steps make progress at once (responses that
                    // completed synchronously), so that poll(0) does all the work available now, boundedly.
                    if (signal.version() != seen && extraSteps++ < MAX_EXTRA_STEPS) {
                        continue;
                    }
                    return ConsumerRecords.empty();
                }
                deadline.await(seen);
            }
        } finally {
            deadline.close();
            if (coordinator != null) {
                // A volatile write on this thread, no trip through the executor; before the next poll may start.
                coordinator.pollEnded();
            }
            pollingThread.set(null);
        }
    }

    /** Out of line, so that poll's code (C1 compiles every path) holds no string building for this rare error. */
    private IllegalStateException concurrentPoll() {
        Thread other = pollingThread.get();
        return new IllegalStateException("Another thread (" + (other == null ? "none now" : other.getName())
                + ") is polling this consumer; poll may run on one thread at a time");
    }

    /**
     * The last poll's timeout and {@link #toMillisCeil} of it: callers usually pass the same {@code Duration} on
     * every poll, and the conversion (checked arithmetic on seconds and nanos) then stays out of poll's compiled
     * code. Touched only by the thread that holds {@link #pollingThread}.
     */
    private Duration lastTimeout;
    private long lastTimeoutMs;

    private long pollTimeoutMs(Duration timeout) {
        long ms = toMillisCeil(timeout);
        lastTimeout = timeout;
        lastTimeoutMs = ms;
        return ms;
    }

    /** {@link #pollStep()} as a task: one object for the consumer's life, not one per poll step. */
    private final Supplier<Step> pollStep = this::pollStep;

    private Step pollStep() {
        if (closed) {
            throw new IllegalStateException("This consumer has already been closed");
        }
        if (coordinator != null) {
            // In the step rather than in a task of its own: one trip through the executor less per poll. Nothing
            // before the first step waits, and a poll that throws before it still ends with pollEnded().
            coordinator.pollStarted();
            List<GroupCoordinator.Callback> callbacks = coordinator.poll();
            if (!callbacks.isEmpty()) {
                return new Step(callbacks, List.of());
            }
        }
        if (subscriptions.type() == SubscriptionState.Type.NONE) {
            throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
        }
        if (coordinator != null) {
            coordinator.maybeAutoCommit();
        }
        Set<TopicPartition> noReset = updatePositions();
        validator.validate();
        List<Fetcher.Drained> drained = fetcher.drain(settings.maxPollRecords(), fetched);
        fetcher.sendFetches();
        if (drained.isEmpty() && !noReset.isEmpty()) {
            throw new NoOffsetForPartitionException(noReset);
        }
        return new Step(List.of(), drained);
    }

    /**
     * {@link SubscriptionState#changes()} when {@link #updatePositions} last found every partition with a position
     * (or one being validated), -1 if not: until it moves, there is nothing to look up. Executor only.
     */
    private long positionsKnownAt = -1;

    /**
     * Starts the lookups that give partitions without a position one: the committed offset first (with a group),
     * then {@code auto.offset.reset} (ListOffsets). Runs on the executor.
     *
     * @return partitions that need a reset but whose strategy is {@code none}
     */
    private Set<TopicPartition> updatePositions() {
        long changes = subscriptions.changes();
        if (changes == positionsKnownAt) {
            return Set.of(); // every partition had a position (or one in validation), and none changed since
        }
        return updatePositions(changes);
    }

    /**
     * The work of {@link #updatePositions()} once the partitions changed. A method of its own: it runs a few times per
     * assignment, so the JIT compiles only the check above, which runs on every poll step (C1 compiles a whole method,
     * cold paths included, once it has run a few hundred times).
     */
    private Set<TopicPartition> updatePositions(long changes) {
        long now = nowMs();
        boolean allKnown = true;
        // Allocated only when a partition needs a lookup: this runs on every poll, and almost always finds none.
        Set<TopicPartition> noReset = null;
        List<SubscriptionState.PartitionState> toFetch = null;
        List<SubscriptionState.PartitionState> toReset = null;
        for (SubscriptionState.PartitionState s : subscriptions.assignedStates()) {
            if (s.lookup() == SubscriptionState.Lookup.NONE || s.lookup() == SubscriptionState.Lookup.VALIDATE) {
                continue;
            }
            allKnown = false;
            if (s.lookupInFlight || s.nextLookupMs > now) {
                continue;
            }
            if (s.lookup() == SubscriptionState.Lookup.COMMITTED) {
                if (coordinator != null) {
                    if (toFetch == null) {
                        toFetch = new ArrayList<>();
                    }
                    toFetch.add(s);
                    continue;
                }
                s.setLookup(SubscriptionState.Lookup.RESET);
            }
            if (s.reset.kind() == AutoOffsetReset.Kind.NONE) {
                if (noReset == null) {
                    noReset = new LinkedHashSet<>();
                }
                noReset.add(s.tp);
            } else {
                if (toReset == null) {
                    toReset = new ArrayList<>();
                }
                toReset.add(s);
            }
        }
        if (toFetch != null) {
            List<SubscriptionState.PartitionState> committed = toFetch;
            List<TopicPartition> tps = new ArrayList<>(committed.size());
            for (SubscriptionState.PartitionState s : committed) {
                s.lookupInFlight = true;
                tps.add(s.tp);
            }
            coordinator.fetchCommitted(tps).whenComplete(loop.deliver((result, error) -> {
                for (SubscriptionState.PartitionState s : committed) {
                    if (subscriptions.state(s.tp) != s || !s.lookupInFlight) {
                        continue;
                    }
                    s.lookupInFlight = false;
                    if (error != null) {
                        s.nextLookupMs = nowMs() + settings.retryBackoffMs();
                        continue;
                    }
                    OffsetAndMetadata o = result.get(s.tp);
                    if (o != null) {
                        s.seekUnvalidated(o.offset(), o.leaderEpoch().orElse(-1));
                        log.info("[{}] Partition {} starts at committed offset {}", clientId, s.tp, o.offset());
                    } else {
                        s.requestReset(subscriptions.defaultReset());
                    }
                }
                if (error != null) {
                    log.debug("[{}] Fetching committed offsets for {} failed: {}", clientId, tps, error.toString());
                    signal.signalIn(settings.retryBackoffMs());
                }
                signal.signal();
            }));
        }
        if (toReset != null) {
            List<SubscriptionState.PartitionState> resets = toReset;
            Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
            for (SubscriptionState.PartitionState s : resets) {
                s.lookupInFlight = true;
                timestamps.put(s.tp, switch (s.reset.kind()) {
                    case EARLIEST -> OffsetLookup.EARLIEST_TIMESTAMP;
                    case BY_DURATION -> Math.max(0, time.milliseconds() - s.reset.duration().toMillis());
                    default -> OffsetLookup.LATEST_TIMESTAMP;
                });
            }
            lookup.lookup(timestamps).whenComplete(loop.deliver((result, error) -> {
                boolean retry = false;
                for (SubscriptionState.PartitionState s : resets) {
                    if (subscriptions.state(s.tp) != s || !s.lookupInFlight) {
                        continue;
                    }
                    s.lookupInFlight = false;
                    OffsetLookup.Found found = error == null ? result.found().get(s.tp) : null;
                    if (found == null) {
                        s.nextLookupMs = nowMs() + settings.retryBackoffMs();
                        retry = true;
                    } else if (found.offset() < 0) {
                        s.reset = AutoOffsetReset.LATEST; // no record that recent: the log end, as KIP-1106 says
                    } else {
                        s.seek(found.offset(), found.leaderEpoch());
                        log.info("[{}] Reset the position of partition {} to offset {} ({})", clientId, s.tp,
                                found.offset(), timestamps.get(s.tp) == OffsetLookup.EARLIEST_TIMESTAMP ? "earliest"
                                        : timestamps.get(s.tp) == OffsetLookup.LATEST_TIMESTAMP ? "latest"
                                                : "by timestamp");
                    }
                }
                if (retry) {
                    signal.signalIn(settings.retryBackoffMs());
                }
                signal.signal();
            }));
        }
        // Only a counted change (a reset, a new assignment) takes a partition's position away again.
        positionsKnownAt = allKnown ? changes : -1;
        return noReset == null ? Set.of() : noReset;
    }

    /**
     * Deserializes what the poll step drained into {@link #fetched}, on the polling thread, and clears it; with
     * byte-array or UTF-8 string deserializers ({@link FetchedRecords}) it only takes each partition's share of the
     * records the drain built. The per-record loop is {@link #deserializeRun}, kept apart (and small) so that the
     * JIT compiles it on its own instead of inlining it into this method with everything else.
     */
    private ConsumerRecords<K, V> deserialize(List<Fetcher.Drained> drained) {
        FetchedRecords f = fetched;
        if (f.asRecords && drained.size() == 1) {
            // Most polls read one partition (max.poll.records is smaller than a fetched batch). This dispatch stays
            // small, so that poll's compiled code holds it and single() but not deserializeAll()'s loop and maps.
            try {
                return single(drained.get(0), f);
            } finally {
                f.clear();
            }
        }
        return deserializeAll(drained, f);
    }

    /** {@link #deserialize} of any number of partitions, with or without the records built already. */
    @SuppressWarnings("unchecked")
    private ConsumerRecords<K, V> deserializeAll(List<Fetcher.Drained> drained, FetchedRecords f) {
        try {
            Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
            Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
            int count = 0;
            for (int i = 0; i < drained.size(); i++) {
                Fetcher.Drained d = drained.get(i);
                List<ConsumerRecord<K, V>> records;
                if (f.asRecords) {
                    // Byte-array or UTF-8 string deserializers: the drain built the records already
                    // (FetchedRecords#addRecord), in an array that clear() hands over to them (the next poll gets a
                    // fresh one): viewed, not copied.
                    records = new RecordSlice<>(f.records, d.from(), d.to());
                } else {
                    ConsumerRecord<K, V>[] built = new ConsumerRecord[d.count()];
                    int done = deserializeRun(d, f, built);
                    if (done < built.length) {
                        RuntimeException cause = runFailure;
                        RecordDeserializationException.Origin origin = runFailureOrigin;
                        runFailure = null;
                        int epochBefore = done == 0 ? d.startEpoch() : f.leaderEpochs[d.from() + done - 1];
                        return failed(drained, i, f.offsets[d.from() + done], epochBefore,
                                new RecordSlice<>(built, 0, done), out, next, origin, cause);
                    }
                    records = new RecordSlice<>(built, 0, built.length);
                }
                if (!records.isEmpty()) {
                    out.put(d.tp(), records);
                    count += records.size();
                }
                next.put(d.tp(), offsetAndEpoch(d.nextOffset(), d.nextEpoch()));
            }
            // Fresh arrays and maps this consumer never touches again: the records take them without a copy.
            return RECORDS.records(out, next, count);
        } finally {
            f.clear();
        }
    }

    /**
     * {@link #deserialize} of one partition's records that the drain built already: singleton maps, not two hash
     * tables per poll.
     */
    private ConsumerRecords<K, V> single(Fetcher.Drained d, FetchedRecords f) {
        List<ConsumerRecord<K, V>> records = new RecordSlice<>(f.records, d.from(), d.to());
        // Control records or aborted data only: no entry for the partition, as in deserialize.
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = records.isEmpty() ? Collections.emptyMap()
                : Collections.singletonMap(d.tp(), records);
        return RECORDS.records(out, Collections.singletonMap(d.tp(), offsetAndEpoch(d.nextOffset(), d.nextEpoch())),
                records.size());
    }

    /** Why {@link #deserializeRun} stopped early, for {@link #deserialize}; polling thread only. */
    private RuntimeException runFailure;
    private RecordDeserializationException.Origin runFailureOrigin;

    /**
     * Deserializes the records of {@code d} into {@code into}.
     *
     * @return how many were deserialized: all of them, or the index of the first that failed (its exception and
     *     origin are left in {@link #runFailure} and {@link #runFailureOrigin})
     */
    private int deserializeRun(Fetcher.Drained d, FetchedRecords f, ConsumerRecord<K, V>[] into) {
        String topic = d.tp().topic();
        int partition = d.tp().partition();
        Deserializer<K> keys = keyDeserializer;
        Deserializer<V> values = valueDeserializer;
        // Records of one batch share a leader epoch: one Integer per run of equal epochs, not per record.
        Integer boxedEpoch = null;
        int lastEpoch = -1;
        int from = d.from();
        for (int i = 0; i < into.length; i++) {
            int r = from + i;
            byte[] keyBytes = f.keys[r];
            byte[] valueBytes = f.values[r];
            List<Header> headers = f.headers(r);
            K key;
            V value;
            try {
                key = keys.deserialize(topic, headers, keyBytes);
            } catch (RuntimeException e) {
                runFailure = e;
                runFailureOrigin = RecordDeserializationException.Origin.KEY;
                return i;
            }
            try {
                value = values.deserialize(topic, headers, valueBytes);
            } catch (RuntimeException e) {
                runFailure = e;
                runFailureOrigin = RecordDeserializationException.Origin.VALUE;
                return i;
            }
            int epoch = f.leaderEpochs[r];
            if (epoch != lastEpoch) {
                lastEpoch = epoch;
                boxedEpoch = epoch >= 0 ? epoch : null;
            }
            // No checks or copies: topic and timestamp type are non-null, headers unmodifiable (FetchedRecords).
            into[i] = RECORDS.record(topic, partition, f.offsets[r], f.timestamps[r], f.timestampType(r),
                    keyBytes == null ? ConsumerRecord.NULL_SIZE : keyBytes.length,
                    valueBytes == null ? ConsumerRecord.NULL_SIZE : valueBytes.length, key, value, headers,
                    boxedEpoch);
        }
        return into.length;
    }

    /**
     * A record did not deserialize: positions go back to it (and, for partitions drained after it, to where they
     * were), the records before it are returned, and the exception is thrown now if there are none, else by the
     * next poll.
     */
    private ConsumerRecords<K, V> failed(List<Fetcher.Drained> drained, int index, long badOffset, int epochBefore,
            List<ConsumerRecord<K, V>> partial, Map<TopicPartition, List<ConsumerRecord<K, V>>> out,
            Map<TopicPartition, OffsetAndMetadata> next, RecordDeserializationException.Origin origin,
            RuntimeException cause) {
        Fetcher.Drained d = drained.get(index);
        List<Object[]> rewinds = new ArrayList<>();
        rewinds.add(new Object[] {d.tp(), d.nextOffset(), badOffset, epochBefore});
        for (int k = index + 1; k < drained.size(); k++) {
            Fetcher.Drained later = drained.get(k);
            rewinds.add(new Object[] {later.tp(), later.nextOffset(), later.startOffset(), later.startEpoch()});
        }
        loop.run(() -> {
            for (Object[] r : rewinds) {
                TopicPartition tp = (TopicPartition) r[0];
                SubscriptionState.PartitionState s = subscriptions.state(tp);
                if (s != null && s.hasPosition() && s.position == (Long) r[1]) {
                    fetcher.discard(tp);
                    s.seek((Long) r[2], (Integer) r[3]);
                }
            }
        });
        if (!partial.isEmpty()) {
            out.put(d.tp(), partial);
        }
        if (!partial.isEmpty() || badOffset != d.startOffset()) {
            next.put(d.tp(), offsetAndEpoch(badOffset, epochBefore));
        }
        RecordDeserializationException e = new RecordDeserializationException(origin, d.tp(), badOffset,
                "Error deserializing the " + origin.name().toLowerCase() + " of the record at offset " + badOffset
                        + " of partition " + d.tp() + "; seek past it (offset " + (badOffset + 1)
                        + ") to continue: " + cause.getMessage(), cause);
        if (out.isEmpty()) {
            throw e;
        }
        pendingPollError = e;
        return new ConsumerRecords<>(out, next);
    }

    private static OffsetAndMetadata offsetAndEpoch(long offset, int epoch) {
        return new OffsetAndMetadata(offset, epoch >= 0 ? Optional.of(epoch) : Optional.empty(), "");
    }

    private void runCallbacks(List<GroupCoordinator.Callback> callbacks) {
        RuntimeException first = null;
        for (GroupCoordinator.Callback cb : callbacks) {
            RuntimeException e = invoke(cb);
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw new SamsaException("The rebalance listener threw: " + first, first);
        }
    }

    /** Calls the listener for {@code cb} on this thread, then runs its follow-up on the executor. */
    private RuntimeException invoke(GroupCoordinator.Callback cb) {
        ConsumerRebalanceListener listener = loop.call(subscriptions::listener);
        RuntimeException failure = null;
        if (listener != null) {
            try {
                switch (cb.kind()) {
                    case REVOKED -> listener.onPartitionsRevoked(cb.partitions());
                    case ASSIGNED -> listener.onPartitionsAssigned(cb.partitions());
                    case LOST -> listener.onPartitionsLost(cb.partitions());
                }
            } catch (RuntimeException e) {
                log.error("[{}] Rebalance listener {} failed on {} {}", clientId, listener.getClass().getName(),
                        cb.kind(), cb.partitions(), e);
                failure = e;
            }
        }
        loop.run(cb.after());
        return failure;
    }

    // ------------------------------------------------------------------------------------------ commits

    @Override
    public void commitSync() {
        commitSync(Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public void commitSync(Duration timeout) {
        ensureOpen();
        ensureGroup();
        commitSync(loop.call(coordinator::positions), timeout);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        ensureOpen();
        ensureGroup();
        Map<TopicPartition, OffsetAndMetadata> copy = copyOffsets(offsets);
        commitSync(copy, deadline(toMillisCeil(timeout)), true);
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadline, boolean wakeable) {
        if (offsets.isEmpty()) {
            return;
        }
        int attempts = 0;
        while (true) {
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> f = loop.call(() -> coordinator.commit(offsets));
            try {
                await(f, deadline, "Commit of offsets ", offsets, wakeable);
                return;
            } catch (RetriableException e) {
                attempts++;
                backoff(e, attempts, deadline, "Commit of offsets ", offsets, wakeable);
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> copyOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Objects.requireNonNull(offsets, "offsets");
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> copy.put(Objects.requireNonNull(tp, "partition"),
                Objects.requireNonNull(o, "offset of " + tp)));
        return copy;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync() {
        if (isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("This consumer has already been closed"));
        }
        if (coordinator == null) {
            return CompletableFuture.failedFuture(new InvalidGroupIdException("No group.id: cannot commit"));
        }
        return loop.call(() -> coordinator.commit(coordinator.positions()));
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync(
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> copy = copyOffsets(offsets);
        if (isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("This consumer has already been closed"));
        }
        if (coordinator == null) {
            return CompletableFuture.failedFuture(new InvalidGroupIdException("No group.id: cannot commit"));
        }
        return loop.call(() -> coordinator.commit(copy));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        ensureGroup();
        Objects.requireNonNull(partitions, "partitions");
        if (partitions.isEmpty()) {
            return Map.of();
        }
        long deadline = deadline(toMillisCeil(timeout));
        int attempts = 0;
        while (true) {
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> f =
                    loop.call(() -> coordinator.fetchCommitted(partitions));
            try {
                return await(f, deadline, "Fetching committed offsets of ", partitions, true);
            } catch (RetriableException e) {
                attempts++;
                backoff(e, attempts, deadline, "Fetching committed offsets of ", partitions, true);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ positions

    @Override
    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must not be a negative number: " + offset);
        }
        seek(partition, offset, -1);
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        Objects.requireNonNull(offsetAndMetadata, "offsetAndMetadata");
        seek(partition, offsetAndMetadata.offset(), offsetAndMetadata.leaderEpoch().orElse(-1));
    }

    private void seek(TopicPartition partition, long offset, int epoch) {
        ensureOpen();
        Objects.requireNonNull(partition, "partition");
        loop.run(() -> {
            subscriptions.assignedState(partition).seekUnvalidated(offset, epoch);
            fetcher.discard(partition);
        });
        log.info("[{}] Seeking to offset {} of partition {}", clientId, offset, partition);
        signal.signal();
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        reset(partitions, AutoOffsetReset.EARLIEST);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        reset(partitions, AutoOffsetReset.LATEST);
    }

    private void reset(Collection<TopicPartition> partitions, AutoOffsetReset strategy) {
        ensureOpen();
        Objects.requireNonNull(partitions, "partitions");
        loop.run(() -> {
            Collection<TopicPartition> targets = partitions.isEmpty() ? subscriptions.assignedPartitions()
                    : partitions;
            for (TopicPartition tp : targets) {
                subscriptions.assignedState(tp);
            }
            for (TopicPartition tp : targets) {
                subscriptions.assignedState(tp).requestReset(strategy);
                fetcher.discard(tp);
            }
        });
        signal.signal();
    }

    @Override
    public long position(TopicPartition partition) {
        return position(partition, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public long position(TopicPartition partition, Duration timeout) {
        ensureOpen();
        Objects.requireNonNull(partition, "partition");
        Deadline deadline = new Deadline(deadline(toMillisCeil(timeout)));
        try {
            while (true) {
                checkWakeup();
                long seen = signal.version();
                Long position = loop.call(() -> {
                    SubscriptionState.PartitionState s = subscriptions.assignedState(partition);
                    if (s.hasPosition()) {
                        return s.position;
                    }
                    Set<TopicPartition> noReset = updatePositions();
                    validator.validate();
                    if (noReset.contains(partition)) {
                        throw new NoOffsetForPartitionException(Set.of(partition));
                    }
                    return null;
                });
                if (position != null) {
                    return position;
                }
                if (deadline.expired()) {
                    throw new TimeoutException("Timeout of " + toMillisCeil(timeout) + " ms expired before the "
                            + "position for partition " + partition + " could be determined" + unansweredBrokers());
                }
                deadline.await(seen);
            }
        } finally {
            deadline.close();
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return partitionsFor(topic, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        ensureOpen();
        Objects.requireNonNull(topic, "topic");
        List<PartitionInfo> known = metadata.cluster().partitionsFor(topic);
        if (!known.isEmpty()) {
            return known;
        }
        // Wait for the next response, then touch: a topic new to the cache is fetched at once, without the backoff.
        CompletableFuture<Cluster> update = metadata.requestUpdate();
        metadata.touch(topic);
        await(update, deadline(toMillisCeil(timeout)), "Metadata of topic '" + topic + "'", true);
        return metadata.cluster().partitionsFor(topic);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        return offsetsForTimes(timestampsToSearch, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
            Duration timeout) {
        ensureOpen();
        Objects.requireNonNull(timestampsToSearch, "timestampsToSearch");
        timestampsToSearch.forEach((tp, ts) -> {
            Objects.requireNonNull(tp, "partition");
            if (ts == null || ts < 0) {
                throw new IllegalArgumentException("The target time for partition " + tp + " is " + ts
                        + ". The target time cannot be negative.");
            }
        });
        Map<TopicPartition, OffsetLookup.Found> found = lookupAll(timestampsToSearch, timeout, "offsetsForTimes");
        Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
        for (TopicPartition tp : timestampsToSearch.keySet()) {
            OffsetLookup.Found f = found.get(tp);
            out.put(tp, f == null || f.offset() < 0 ? null : new OffsetAndTimestamp(f.offset(), f.timestamp(),
                    f.leaderEpoch() >= 0 ? Optional.of(f.leaderEpoch()) : Optional.empty()));
        }
        return out;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return beginningOffsets(partitions, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return listOffsets(partitions, OffsetLookup.EARLIEST_TIMESTAMP, timeout, "beginningOffsets");
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return endOffsets(partitions, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return listOffsets(partitions, OffsetLookup.LATEST_TIMESTAMP, timeout, "endOffsets");
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions, long timestamp,
            Duration timeout, String what) {
        ensureOpen();
        Objects.requireNonNull(partitions, "partitions");
        Map<TopicPartition, Long> asked = new LinkedHashMap<>();
        partitions.forEach(tp -> asked.put(Objects.requireNonNull(tp, "partition"), timestamp));
        Map<TopicPartition, OffsetLookup.Found> found = lookupAll(asked, timeout, what);
        Map<TopicPartition, Long> out = new HashMap<>();
        found.forEach((tp, f) -> out.put(tp, f.offset()));
        return out;
    }

    /** ListOffsets for every partition, retrying the retriable failures until the deadline. */
    private Map<TopicPartition, OffsetLookup.Found> lookupAll(Map<TopicPartition, Long> asked, Duration timeout,
            String what) {
        long deadline = deadline(toMillisCeil(timeout));
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>(asked);
        Map<TopicPartition, OffsetLookup.Found> found = new HashMap<>();
        int attempts = 0;
        while (!remaining.isEmpty()) {
            OffsetLookup.Result result = await(lookup.lookup(remaining), deadline, what + " for ",
                    remaining.keySet(), true);
            found.putAll(result.found());
            remaining.keySet().removeAll(result.found().keySet());
            RuntimeException retriable = null;
            for (Map.Entry<TopicPartition, RuntimeException> e : result.failed().entrySet()) {
                if (!(e.getValue() instanceof RetriableException)) {
                    throw e.getValue();
                }
                retriable = e.getValue();
            }
            if (!remaining.isEmpty()) {
                attempts++;
                backoff(retriable, attempts, deadline, what + " for ", remaining.keySet(), true);
            }
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------ flow control

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        ensureOpen();
        Objects.requireNonNull(partitions, "partitions");
        loop.run(() -> {
            for (TopicPartition tp : partitions) {
                subscriptions.assignedState(tp);
            }
            for (TopicPartition tp : partitions) {
                subscriptions.assignedState(tp).setPaused(true);
            }
        });
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        ensureOpen();
        Objects.requireNonNull(partitions, "partitions");
        loop.run(() -> {
            for (TopicPartition tp : partitions) {
                subscriptions.assignedState(tp);
            }
            for (TopicPartition tp : partitions) {
                subscriptions.assignedState(tp).setPaused(false);
            }
            fetcher.sendFetches();
        });
        signal.signal();
    }

    @Override
    public Set<TopicPartition> paused() {
        return loop.call(subscriptions::paused);
    }

    @Override
    public void wakeup() {
        wakeup.set(true);
        signal.signal();
    }

    @Override
    public void enforceRebalance() {
        ensureOpen();
        loop.run(() -> {
            if (coordinator != null && subscriptions.hasAutoAssignment()) {
                coordinator.requestRejoin("rebalance enforced by the application");
            }
        });
    }

    // ------------------------------------------------------------------------------------------ close

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    @Override
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closingThread = Thread.currentThread();
            closed = true;
        }
        signal.signal();
        long deadline = deadline(toMillisCeil(timeout));
        try {
            if (coordinator != null) {
                if (settings.enableAutoCommit()) {
                    try {
                        Map<TopicPartition, OffsetAndMetadata> positions = loop.call(coordinator::positions);
                        commitSync(positions, deadline, false);
                    } catch (RuntimeException e) {
                        log.warn("[{}] Auto-commit on close failed: {}", clientId, e.toString());
                    }
                }
                revokeAndLeave("close", "the consumer is being closed", deadline);
            }
        } finally {
            closingThread = null;
            loop.run(() -> {
                if (coordinator != null) {
                    coordinator.close();
                }
                fetcher.close();
            });
            metadata.close();
            if (ownConnections != null) {
                ownConnections.close();
            }
            WakeTimer pending;
            synchronized (wakeLock) {
                pending = wakeTimer;
                wakeTimer = null;
            }
            if (pending != null) {
                pending.cancel(); // a long poll's deadline must not keep the closed consumer referenced
            }
            log.debug("[{}] Consumer closed", clientId);
        }
    }

    /**
     * Runs the rebalance listener's revocation on this thread, then sends LeaveGroup and waits for it until
     * {@code deadline}; a listener failure or an unanswered LeaveGroup is logged, not thrown.
     */
    private void revokeAndLeave(String during, String reason, long deadline) {
        GroupCoordinator.Callback cb = loop.call(coordinator::leavePrepare);
        if (cb != null) {
            RuntimeException e = invoke(cb);
            if (e != null) {
                log.error("[{}] Rebalance listener failed during {}", clientId, during, e);
            }
        }
        CompletableFuture<Void> left = loop.call(() -> coordinator.maybeLeaveGroup(reason));
        try {
            await(left, deadline, "LeaveGroup on " + during, false);
        } catch (TimeoutException e) {
            log.warn("[{}] LeaveGroup on {} not answered in time: {}", clientId, during, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ waiting

    private long deadline(long timeoutMs) {
        long now = time.nanoseconds();
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        return nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }

    private static long toMillisCeil(Duration d) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + d);
        }
        try {
            long ms = d.toMillis();
            return d.minusMillis(ms).isZero() ? ms : ms + 1;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * A deadline on the consumer's clock that waiters block against, woken by the consumer's shared {@link WakeTimer}
     * (closing it releases nothing: the timer outlives the deadline).
     */
    private final class Deadline implements AutoCloseable {
        private final long deadlineNanos;

        Deadline(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        boolean expired() {
            return time.nanoseconds() >= deadlineNanos;
        }

        /** Waits for a change after {@code seen}, or the deadline. */
        void await(long seen) {
            if (deadlineNanos != Long.MAX_VALUE) {
                wakeBy(deadlineNanos);
            }
            signal.await(seen);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Makes sure the signal is bumped at {@code deadlineNanos} at the latest: arms a {@link WakeTimer} for it unless
     * one is pending that fires no later. Each waiting poll used to schedule a timer of its own and cancel it when
     * records came: at 10,000 records/s that woke the timer thread on every poll (the new earliest task of its queue),
     * a quarter of the polling thread's CPU and as much again on the timer thread (async-profiler). Successive
     * polls' deadlines grow, so one timer now serves them until it fires; a waiter it wakes before its own deadline
     * finds it gone and arms the next. A replaced later timer is cancelled; one that fires anyway only wakes the
     * waiters to re-check their condition.
     */
    private void wakeBy(long deadlineNanos) {
        WakeTimer replaced;
        WakeTimer armed;
        synchronized (wakeLock) {
            if (wakeTimer != null && wakeTimer.atNanos <= deadlineNanos) {
                return;
            }
            replaced = wakeTimer;
            armed = new WakeTimer(deadlineNanos);
            wakeTimer = armed;
        }
        armed.timeout = time.schedule(Math.max(0, deadlineNanos - time.nanoseconds()), TimeUnit.NANOSECONDS, armed);
        if (replaced != null) {
            replaced.cancel();
        }
    }

    /** The pending wake-up of {@link #wakeBy}: bumps the signal at {@code atNanos} and clears itself. */
    private final class WakeTimer implements Runnable {
        final long atNanos;
        /** Set right after scheduling; a cancel that finds it null lets the timer fire (harmless). */
        volatile Time.Timeout timeout;

        WakeTimer(long atNanos) {
            this.atNanos = atNanos;
        }

        @Override
        public void run() {
            synchronized (wakeLock) {
                if (wakeTimer == this) {
                    wakeTimer = null;
                }
            }
            signal.signal();
        }

        void cancel() {
            Time.Timeout t = timeout;
            if (t != null) {
                t.cancel();
            }
        }
    }

    /**
     * Waits for {@code future} until the deadline.
     *
     * @throws TimeoutException naming {@code what} if the deadline passes first
     * @throws WakeupException if {@code wakeable} and {@link #wakeup()} was called
     * @throws RuntimeException the future's failure, unwrapped
     */
    private <T> T await(CompletableFuture<T> future, long deadlineNanos, String what, boolean wakeable) {
        return await(future, deadlineNanos, what, "", wakeable);
    }

    /**
     * {@link #await(CompletableFuture, long, String, boolean)} for an operation named {@code what + subject}: the
     * subject (offsets, partitions) is turned into text only if a timeout names it, not on every call.
     */
    private <T> T await(CompletableFuture<T> future, long deadlineNanos, String what, Object subject,
            boolean wakeable) {
        future.whenComplete((v, e) -> signal.signal());
        try (Deadline deadline = new Deadline(deadlineNanos)) {
            while (true) {
                if (wakeable) {
                    checkWakeup();
                }
                long seen = signal.version();
                if (future.isDone()) {
                    return get(future);
                }
                if (deadline.expired()) {
                    throw new TimeoutException(what + subject + " did not complete within the timeout"
                            + unansweredBrokers());
                }
                deadline.await(seen);
            }
        }
    }

    /** Why no metadata came (an unreachable bootstrap list names every address tried), or "". */
    private String unansweredBrokers() {
        String why = metadata.unansweredBrokers();
        return why.isEmpty() ? "" : "; " + why;
    }

    /**
     * Sleeps the retry backoff after a retriable failure, or throws a timeout naming {@code what + subject} if it
     * would pass the deadline.
     */
    private void backoff(RuntimeException cause, int attempts, long deadlineNanos, String what, Object subject,
            boolean wakeable) {
        long backoffMs = Metadata.jittered(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), attempts);
        if (time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(backoffMs) >= deadlineNanos) {
            throw new TimeoutException(what + subject + " did not complete within the timeout"
                    + (cause == null ? "" : "; last error: " + cause.getMessage()) + unansweredBrokers(), cause);
        }
        CompletableFuture<Void> sleep = new CompletableFuture<>();
        Time.Timeout t = time.schedule(backoffMs, TimeUnit.MILLISECONDS, () -> sleep.complete(null));
        try {
            await(sleep, deadlineNanos, what, subject, wakeable);
        } finally {
            t.cancel();
        }
    }

    private static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while waiting", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable t = e.getCause();
            while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new SamsaException(String.valueOf(t), t);
        } catch (CancellationException e) {
            throw e;
        }
    }

    @Override
    public String toString() {
        return "SamsaConsumer(" + clientId + ")";
    }
}
