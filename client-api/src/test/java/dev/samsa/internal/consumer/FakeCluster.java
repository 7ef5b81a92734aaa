package dev.samsa.internal.consumer;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.internal.protocol.message.HeartbeatRequest;
import dev.samsa.internal.protocol.message.HeartbeatResponse;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.LeaveGroupRequest;
import dev.samsa.internal.protocol.message.LeaveGroupResponse;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.samsa.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.internal.protocol.message.SyncGroupRequest;
import dev.samsa.internal.protocol.message.SyncGroupResponse;
import dev.samsa.internal.record.ControlRecordType;
import dev.samsa.internal.record.EndTransactionMarker;
import dev.samsa.common.Header;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.time.ManualTime;
import dev.samsa.time.Time;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Kafka cluster in miniature for consumer unit tests on {@link ManualTime}: topics with logs of real record batches
 * (any codec, transactions, corruption on demand), Fetch with incremental sessions (KIP-227) and long polls held
 * until data arrives or {@code maxWaitMs} passes on the manual clock, ListOffsets, and one group coordinator (broker 0)
 * with a simplified classic protocol: members must all rejoin for a rebalance to complete, the first member is the
 * leader, sessions expire on the manual clock, static members rejoin without a rebalance.
 *
 * <p>Every record buffer handed out in a Fetch response is a fresh buffer that the consumer must release;
 * {@link #unreleasedBuffers()} counts the ones it did not. Thread-safe by one lock; responses complete synchronously
 * (on the sending thread, or the thread advancing the clock).
 */
final class FakeCluster implements Transport {
    final ManualTime time = new ManualTime();
    private final Map<Integer, Node> brokers = new LinkedHashMap<>();
    private final List<Node> bootstrap = List.of(new Node(-1, "bootstrap", 9092));
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<ApiKey, Function<ApiRequest<?>, Object>> scripts = new HashMap<>();
    private final List<ApiRequest<?>> requests = new ArrayList<>();
    private final List<ByteBuf> handedOut = new ArrayList<>();
    private final Map<Integer, Map<Integer, Session>> sessions = new HashMap<>();
    private final List<HeldFetch> held = new ArrayList<>();
    private int nextSessionId = 1;
    /** Completions collected under the lock, run once it is released. */
    private final List<Runnable> deferred = new ArrayList<>();
    final Group group = new Group();

    /** A request that should get no answer. */
    static final Object NO_RESPONSE = new Object();

    static final class Log {
        final List<ByteBuf> batches = new ArrayList<>();
        final List<long[]> records = new ArrayList<>(); // {offset, timestamp}
        long logStart;
        long next;
        long lastStable = -1; // -1: equals next
        int leader;
        int leaderEpoch;
        ErrorCode fetchError;
    }

    static final class Topic {
        final UUID id = UUID.randomUUID();
        final List<Log> partitions = new ArrayList<>();
    }

    private static final class Session {
        final Map<TopicPartition, long[]> partitions = new LinkedHashMap<>(); // {fetchOffset, maxBytes}
        int epoch;
    }

    private record HeldFetch(int node, int sessionId, FetchRequest request, CompletableFuture<ApiResponse> future,
            Time.Timeout timer) {
    }

    FakeCluster(int brokerCount) {
        for (int i = 0; i < brokerCount; i++) {
            brokers.put(i, new Node(i, "broker" + i, 9092 + i));
        }
    }

    FakeCluster() {
        this(1);
    }

    // ------------------------------------------------------------------------------------------ setup

    synchronized FakeCluster topic(String name, int partitions) {
        Topic t = new Topic();
        for (int i = 0; i < partitions; i++) {
            Log log = new Log();
            log.leader = i % brokers.size();
            t.partitions.add(log);
        }
        topics.put(name, t);
        return this;
    }

    synchronized Log log(String topic, int partition) {
        return topics.get(topic).partitions.get(partition);
    }

    /**
     * Appends {@code batches} uncompressed batches of {@code perBatch} records each, valued {@code prefix} plus the
     * record's number from 0 (so {@code "v0".."v9"}, {@code "v10".."v19"}, ... for a prefix "v" and 10 per batch).
     */
    void appendNumberedBatches(String topic, int partition, int batches, int perBatch, String prefix) {
        for (int b = 0; b < batches; b++) {
            String[] values = new String[perBatch];
            for (int i = 0; i < perBatch; i++) {
                values[i] = prefix + (b * perBatch + i);
            }
            append(topic, partition, CompressionType.NONE, values);
        }
    }

    /** Appends one batch of records {@code values} (keys {@code k<offset>}) at the log end; returns its base offset. */
    long append(String topic, int partition, CompressionType compression, String... values) {
        return append(topic, partition, compression, time.milliseconds(), values);
    }

    long append(String topic, int partition, CompressionType compression, long timestamp, String... values) {
        long base;
        synchronized (this) {
            Log log = log(topic, partition);
            base = log.next;
            try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, compression, 256)) {
                b.baseOffset(base).partitionLeaderEpoch(log.leaderEpoch);
                for (int i = 0; i < values.length; i++) {
                    b.append(timestamp, utf8("k" + (base + i)), values[i] == null ? null : utf8(values[i]),
                            new Header[] {new Header("h", utf8("v" + (base + i)))});
                    log.records.add(new long[] {base + i, timestamp});
                }
                log.batches.add(stored(b.build()));
            }
            log.next = base + values.length;
        }
        releaseHeld(false);
        return base;
    }

    /** Appends a transactional batch of {@code pid}, then (optionally) its COMMIT or ABORT marker. */
    long appendTransactional(String topic, int partition, long pid, String[] values, ControlRecordType marker) {
        long base;
        synchronized (this) {
            Log log = log(topic, partition);
            base = log.next;
            try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, CompressionType.NONE,
                    256)) {
                b.baseOffset(base).producerState(pid, (short) 0, 0).transactional(true);
                for (int i = 0; i < values.length; i++) {
                    b.append(time.milliseconds(), utf8("k" + (base + i)), utf8(values[i]));
                    log.records.add(new long[] {base + i, time.milliseconds()});
                }
                log.batches.add(stored(b.build()));
            }
            log.next = base + values.length;
            if (marker != null) {
                appendMarker(log, pid, marker);
            }
        }
        releaseHeld(false);
        return base;
    }

    private void appendMarker(Log log, long pid, ControlRecordType marker) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, CompressionType.NONE,
                64)) {
            b.baseOffset(log.next).producerState(pid, (short) 0, -1).transactional(true).control(true);
            b.appendEndTransactionMarker(time.milliseconds(), new EndTransactionMarker(marker, 0));
            log.batches.add(stored(b.build()));
        }
        log.records.add(new long[] {log.next, time.milliseconds()});
        log.next++;
    }

    /** Flips a byte inside the records of the batch holding {@code offset}, so that its CRC fails. */
    synchronized void corrupt(String topic, int partition, long offset) {
        Log log = log(topic, partition);
        for (ByteBuf b : log.batches) {
            long base = b.getLong(0);
            int lastDelta = b.getInt(23);
            if (offset >= base && offset <= base + lastDelta) {
                int pos = b.writerIndex() - 2;
                b.setByte(pos, b.getByte(pos) ^ 0x5a);
                return;
            }
        }
        throw new IllegalArgumentException("no batch at " + offset);
    }

    /** Moves the log start offset (retention), dropping whole batches before it. */
    synchronized void deleteRecordsBefore(String topic, int partition, long offset) {
        Log log = log(topic, partition);
        log.logStart = offset;
        log.batches.removeIf(b -> b.getLong(0) + b.getInt(23) < offset);
    }

    synchronized void moveLeader(String topic, int partition, int broker) {
        Log log = log(topic, partition);
        log.leader = broker;
        log.leaderEpoch++;
    }

    /** Answers {@code api} requests with {@code script} (a response, a Throwable, NO_RESPONSE, or null: default). */
    synchronized void script(ApiKey api, Function<ApiRequest<?>, Object> script) {
        if (script == null) {
            scripts.remove(api);
        } else {
            scripts.put(api, script);
        }
    }

    synchronized List<ApiRequest<?>> requests() {
        return new ArrayList<>(requests);
    }

    @SuppressWarnings("unchecked")
    synchronized <T extends ApiRequest<?>> List<T> requests(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ApiRequest<?> r : requests) {
            if (type.isInstance(r)) {
                out.add((T) r);
            }
        }
        return out;
    }

    /** Record buffers handed out in Fetch responses that the consumer has not released. */
    synchronized int unreleasedBuffers() {
        int n = 0;
        for (ByteBuf b : handedOut) {
            if (b.refCnt() > 0) {
                n++;
            }
        }
        return n;
    }

    synchronized int heldFetches() {
        return held.size();
    }

    void advance(Duration d) {
        time.advance(d);
    }

    // ------------------------------------------------------------------------------------------ transport

    @Override
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request) {
        return send(node, request, (short) 0, Short.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request, short minVersion,
            short maxVersion) {
        CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        Object result;
        synchronized (this) {
            requests.add(request);
            Function<ApiRequest<?>, Object> script = scripts.get(request.apiKey());
            Object scripted = script == null ? null : script.apply(request);
            if (scripted != null) {
                result = scripted;
            } else {
                result = handle(node, request, future);
            }
        }
        if (result instanceof Throwable t) {
            future.completeExceptionally(t);
        } else if (result instanceof ApiResponse r) {
            future.complete(r);
        }
        drainDeferred();
        return (CompletableFuture<R>) (CompletableFuture<?>) future;
    }

    private Object handle(Node node, ApiRequest<?> request, CompletableFuture<ApiResponse> future) {
        if (request instanceof MetadataRequest m) {
            return metadata(m);
        } else if (request instanceof FetchRequest f) {
            return fetch(node.id(), f, future);
        } else if (request instanceof ListOffsetsRequest l) {
            return listOffsets(l);
        } else if (request instanceof OffsetForLeaderEpochRequest o) {
            return offsetForLeaderEpoch(node.id(), o);
        } else if (request instanceof FindCoordinatorRequest) {
            Node c = brokers.get(0);
            return new FindCoordinatorResponse().setCoordinators(new ArrayList<>(List.of(
                    new FindCoordinatorResponse.Coordinator().setKey(group.id).setNodeId(c.id()).setHost(c.host())
                            .setPort(c.port()))));
        } else if (request instanceof JoinGroupRequest j) {
            return group.join(j, future);
        } else if (request instanceof SyncGroupRequest s) {
            return group.sync(s, future);
        } else if (request instanceof HeartbeatRequest h) {
            return group.heartbeat(h);
        } else if (request instanceof LeaveGroupRequest l) {
            return group.leave(l);
        } else if (request instanceof OffsetCommitRequest c) {
            return group.commit(c);
        } else if (request instanceof OffsetFetchRequest f) {
            return group.fetchOffsets(f);
        }
        return new UnsupportedOperationException("FakeCluster does not serve " + request.apiKey());
    }

    private MetadataResponse metadata(MetadataRequest request) {
        MetadataResponse response = new MetadataResponse().setClusterId("fake").setControllerId(0);
        for (Node n : brokers.values()) {
            response.brokers().add(new MetadataResponse.MetadataResponseBroker().setNodeId(n.id()).setHost(n.host())
                    .setPort(n.port()));
        }
        List<String> names = new ArrayList<>();
        if (request.topics() == null) {
            names.addAll(topics.keySet());
        } else {
            request.topics().forEach(t -> names.add(t.name()));
        }
        for (String name : names) {
            MetadataResponse.MetadataResponseTopic t = new MetadataResponse.MetadataResponseTopic().setName(name);
            Topic topic = topics.get(name);
            if (topic == null) {
                response.topics().add(t.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            t.setTopicId(topic.id);
            for (int i = 0; i < topic.partitions.size(); i++) {
                Log log = topic.partitions.get(i);
                t.partitions().add(new MetadataResponse.MetadataResponsePartition().setPartitionIndex(i)
                        .setLeaderId(log.leader).setLeaderEpoch(log.leaderEpoch)
                        .setReplicaNodes(List.of(log.leader)).setIsrNodes(List.of(log.leader)));
            }
            response.topics().add(t);
        }
        return response;
    }

    // ------------------------------------------------------------------------------------------ fetch

    private Object fetch(int node, FetchRequest request, CompletableFuture<ApiResponse> future) {
        Map<Integer, Session> nodeSessions = sessions.computeIfAbsent(node, k -> new HashMap<>());
        Session session;
        int sessionId = request.sessionId();
        boolean full = request.sessionEpoch() == 0;
        if (full) {
            if (sessionId != 0) {
                nodeSessions.remove(sessionId);
            }
            session = new Session();
            sessionId = nextSessionId++;
            nodeSessions.put(sessionId, session);
            session.epoch = 1;
        } else {
            session = nodeSessions.get(sessionId);
            if (session == null) {
                return new FetchResponse().setErrorCode(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code());
            }
            if (request.sessionEpoch() != session.epoch) {
                return new FetchResponse().setErrorCode(ErrorCode.INVALID_FETCH_SESSION_EPOCH.code());
            }
            session.epoch++;
        }
        for (FetchRequest.ForgottenTopic f : request.forgottenTopicsData()) {
            String name = nameOf(f.topic(), f.topicId());
            for (int p : f.partitions()) {
                session.partitions.remove(new TopicPartition(name, p));
            }
        }
        for (FetchRequest.FetchTopic t : request.topics()) {
            String name = nameOf(t.topic(), t.topicId());
            for (FetchRequest.FetchPartition p : t.partitions()) {
                session.partitions.put(new TopicPartition(name, p.partition()),
                        new long[] {p.fetchOffset(), p.partitionMaxBytes()});
            }
        }
        FetchResponse response = respond(node, request, sessionId, session, full, false);
        if (response != null) {
            return response;
        }
        int sid = sessionId;
        HeldFetch[] holder = new HeldFetch[1];
        Time.Timeout timer = time.schedule(request.maxWaitMs(), TimeUnit.MILLISECONDS, () -> locked(() -> {
            if (held.remove(holder[0])) {
                FetchResponse r = respond(node, request, sid, session, full, true);
                deferred.add(() -> future.complete(r));
            }
        }));
        holder[0] = new HeldFetch(node, sid, request, future, timer);
        held.add(holder[0]);
        return NO_RESPONSE;
    }

    private String nameOf(String name, UUID id) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        for (Map.Entry<String, Topic> e : topics.entrySet()) {
            if (e.getValue().id.equals(id)) {
                return e.getKey();
            }
        }
        return "unknown-" + id;
    }

    /** Data for the session's partitions; null if there is none and the fetch may wait. */
    private FetchResponse respond(int node, FetchRequest request, int sessionId, Session session, boolean full,
            boolean timedOut) {
        FetchResponse response = new FetchResponse().setSessionId(sessionId);
        Map<String, FetchResponse.FetchableTopicResponse> byTopic = new LinkedHashMap<>();
        boolean any = false;
        List<ByteBuf> buffers = new ArrayList<>();
        for (Map.Entry<TopicPartition, long[]> e : session.partitions.entrySet()) {
            TopicPartition tp = e.getKey();
            long fetchOffset = e.getValue()[0];
            Topic topic = topics.get(tp.topic());
            FetchResponse.PartitionData data = new FetchResponse.PartitionData().setPartitionIndex(tp.partition());
            boolean include = full;
            if (topic == null || tp.partition() >= topic.partitions.size()) {
                data.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                include = true;
            } else {
                Log log = topic.partitions.get(tp.partition());
                data.setHighWatermark(log.next).setLogStartOffset(log.logStart)
                        .setLastStableOffset(log.lastStable < 0 ? log.next : log.lastStable);
                if (log.fetchError != null) {
                    data.setErrorCode(log.fetchError.code());
                    include = true;
                } else if (log.leader != node) {
                    data.setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
                    include = true;
                } else if (fetchOffset < log.logStart || fetchOffset > log.next) {
                    data.setErrorCode(ErrorCode.OFFSET_OUT_OF_RANGE.code());
                    include = true;
                } else {
                    ByteBuf records = read(log, fetchOffset, (int) e.getValue()[1]);
                    if (records != null) {
                        data.setRecords(records);
                        buffers.add(records);
                        collectAborted(log, fetchOffset, data);
                        include = true;
                        any = true;
                        // the next fetch of this partition continues after what was returned (as a broker's
                        // session tracks it only when the client says so; clients resend the offset anyway)
                    }
                }
            }
            if (include) {
                any |= data.errorCode() != 0;
                byTopic.computeIfAbsent(tp.topic(), t -> new FetchResponse.FetchableTopicResponse().setTopic(t)
                        .setTopicId(topic == null ? new UUID(0, 0) : topic.id)).partitions().add(data);
            }
        }
        if (!any && !timedOut && request.maxWaitMs() > 0 && request.minBytes() > 0) {
            return null;
        }
        handedOut.addAll(buffers);
        response.setResponses(new ArrayList<>(byTopic.values()));
        return response;
    }

    private static void collectAborted(Log log, long fetchOffset, FetchResponse.PartitionData data) {
        // Aborted transactions: for every ABORT marker at or after the fetch offset, the first offset of its
        // producer's data batches before it.
        List<FetchResponse.AbortedTransaction> aborted = new ArrayList<>();
        Map<Long, Long> firstOffsets = new HashMap<>();
        for (ByteBuf b : log.batches) {
            dev.samsa.internal.record.RecordBatch batch = dev.samsa.internal.record.RecordBatch.wrap(b.duplicate());
            if (!batch.isTransactional()) {
                continue;
            }
            if (batch.isControl()) {
                Long first = firstOffsets.remove(batch.producerId());
                boolean abort;
                try (var it = batch.iterator()) {
                    abort = ControlRecordType.parse(it.next().key()) == ControlRecordType.ABORT;
                }
                if (abort && first != null && batch.baseOffset() >= fetchOffset) {
                    aborted.add(new FetchResponse.AbortedTransaction().setProducerId(batch.producerId())
                            .setFirstOffset(first));
                }
            } else {
                firstOffsets.putIfAbsent(batch.producerId(), batch.baseOffset());
            }
        }
        if (!aborted.isEmpty()) {
            data.setAbortedTransactions(aborted);
        }
    }

    /** Whole batches from the one holding {@code offset}, up to {@code maxBytes} (at least one); null if none. */
    private static ByteBuf read(Log log, long offset, int maxBytes) {
        List<ByteBuf> out = new ArrayList<>();
        int size = 0;
        for (ByteBuf b : log.batches) {
            long base = b.getLong(0);
            long last = base + b.getInt(23);
            if (last < offset) {
                continue;
            }
            if (!out.isEmpty() && size + b.readableBytes() > maxBytes) {
                break;
            }
            out.add(b);
            size += b.readableBytes();
        }
        if (out.isEmpty()) {
            return null;
        }
        ByteBuf records = Unpooled.buffer(size);
        out.forEach(b -> records.writeBytes(b, b.readerIndex(), b.readableBytes()));
        return records;
    }

    /**
     * Closes {@code consumer}, answers every fetch still held, and returns the response buffers left unreleased
     * (zero when the consumer freed everything it was sent).
     */
    int closeAndReleaseAll(dev.samsa.consumer.Consumer<?, ?> consumer) {
        consumer.close();
        releaseHeld(true);
        return unreleasedBuffers();
    }

    /** Completes held fetches that now have data (or all of them, empty, if {@code all}). */
    void releaseHeld(boolean all) {
        locked(() -> {
            for (Iterator<HeldFetch> it = held.iterator(); it.hasNext(); ) {
                HeldFetch h = it.next();
                Session session = sessions.get(h.node()).get(h.sessionId());
                if (session == null) {
                    it.remove();
                    h.timer().cancel();
                    continue;
                }
                FetchResponse r = respond(h.node(), h.request(), h.sessionId(), session,
                        h.request().sessionEpoch() == 0, all);
                if (r != null) {
                    it.remove();
                    h.timer().cancel();
                    deferred.add(() -> h.future().complete(r));
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------------ list offsets

    /** No epoch history: every epoch the leader had ends at the log end (no truncation). */
    private OffsetForLeaderEpochResponse offsetForLeaderEpoch(int node, OffsetForLeaderEpochRequest request) {
        OffsetForLeaderEpochResponse response = new OffsetForLeaderEpochResponse();
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic t : request.topics()) {
            OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult tr =
                    new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult().setTopic(t.topic());
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition p : t.partitions()) {
                Log log = log(t.topic(), p.partition());
                OffsetForLeaderEpochResponse.EpochEndOffset out = new OffsetForLeaderEpochResponse.EpochEndOffset()
                        .setPartition(p.partition());
                if (log.leader != node) {
                    out.setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER.code());
                } else if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() < log.leaderEpoch) {
                    out.setErrorCode(ErrorCode.FENCED_LEADER_EPOCH.code());
                } else {
                    out.setLeaderEpoch(Math.min(p.leaderEpoch(), log.leaderEpoch)).setEndOffset(log.next);
                }
                tr.partitions().add(out);
            }
            response.topics().add(tr);
        }
        return response;
    }

    private ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        ListOffsetsResponse response = new ListOffsetsResponse();
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            ListOffsetsResponse.ListOffsetsTopicResponse tr = new ListOffsetsResponse.ListOffsetsTopicResponse()
                    .setName(t.name());
            response.topics().add(tr);
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                ListOffsetsResponse.ListOffsetsPartitionResponse pr =
                        new ListOffsetsResponse.ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex());
                tr.partitions().add(pr);
                Topic topic = topics.get(t.name());
                if (topic == null || p.partitionIndex() >= topic.partitions.size()) {
                    pr.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                Log log = topic.partitions.get(p.partitionIndex());
                pr.setLeaderEpoch(log.leaderEpoch);
                if (p.timestamp() == -2) {
                    pr.setOffset(log.logStart).setTimestamp(-1);
                } else if (p.timestamp() == -1) {
                    long end = request.isolationLevel() == 1 && log.lastStable >= 0 ? log.lastStable : log.next;
                    pr.setOffset(end).setTimestamp(-1);
                } else {
                    pr.setOffset(-1).setTimestamp(-1);
                    for (long[] r : log.records) {
                        if (r[0] >= log.logStart && r[1] >= p.timestamp()) {
                            pr.setOffset(r[0]).setTimestamp(r[1]);
                            break;
                        }
                    }
                }
            }
        }
        return response;
    }

    // ------------------------------------------------------------------------------------------ group

    /** One consumer group, simplified from Kafka's classic group coordinator. */
    final class Group {
        final String id = "group";
        String state = "Empty";
        int generation;
        String protocol;
        String leader;
        final Map<String, Member> members = new LinkedHashMap<>();
        final Map<TopicPartition, Long> committed = new HashMap<>();
        final Map<TopicPartition, String> committedMetadata = new HashMap<>();
        private int nextMember = 1;
        private final List<Runnable> pendingSyncs = new ArrayList<>();
        /** Members evicted by session expiry, for assertions. */
        final List<String> expired = new ArrayList<>();
        private Time.Timeout rebalanceTimer;

        final class Member {
            final String memberId;
            final String instanceId;
            List<JoinGroupRequest.JoinGroupRequestProtocol> protocols;
            int sessionTimeoutMs;
            int rebalanceTimeoutMs;
            CompletableFuture<ApiResponse> pendingJoin;
            byte[] assignment = new byte[0];
            Time.Timeout sessionTimer;

            Member(String memberId, String instanceId) {
                this.memberId = memberId;
                this.instanceId = instanceId;
            }
        }

        Object join(JoinGroupRequest r, CompletableFuture<ApiResponse> future) {
            String memberId = r.memberId();
            if (r.groupInstanceId() != null) {
                Member existing = null;
                for (Member m : members.values()) {
                    if (r.groupInstanceId().equals(m.instanceId)) {
                        existing = m;
                    }
                }
                if (existing != null && !existing.memberId.equals(memberId) && state.equals("Stable")) {
                    // static member restart: new member id, same assignment, no rebalance (KIP-345)
                    Member replaced = new Member(r.groupInstanceId() + "-" + (nextMember++), r.groupInstanceId());
                    replaced.protocols = r.protocols();
                    replaced.sessionTimeoutMs = r.sessionTimeoutMs();
                    replaced.rebalanceTimeoutMs = r.rebalanceTimeoutMs();
                    replaced.assignment = existing.assignment;
                    cancel(existing);
                    members.remove(existing.memberId);
                    members.put(replaced.memberId, replaced);
                    if (existing.memberId.equals(leader)) {
                        leader = replaced.memberId;
                    }
                    touch(replaced);
                    return new JoinGroupResponse().setGenerationId(generation).setProtocolType("consumer")
                            .setProtocolName(protocol).setLeader(leader).setMemberId(replaced.memberId)
                            .setSkipAssignment(replaced.memberId.equals(leader));
                }
                if (existing != null) {
                    memberId = existing.memberId;
                } else if (memberId.isEmpty()) {
                    memberId = r.groupInstanceId() + "-" + (nextMember++);
                }
            } else if (memberId.isEmpty()) {
                return new JoinGroupResponse().setErrorCode(ErrorCode.MEMBER_ID_REQUIRED.code())
                        .setMemberId("member-" + (nextMember++));
            }
            Member m = members.get(memberId);
            if (m == null) {
                m = new Member(memberId, r.groupInstanceId());
                members.put(memberId, m);
            }
            m.protocols = r.protocols();
            m.sessionTimeoutMs = r.sessionTimeoutMs();
            m.rebalanceTimeoutMs = r.rebalanceTimeoutMs();
            m.pendingJoin = future;
            touch(m);
            if (!state.equals("PreparingRebalance")) {
                prepareRebalance(m.rebalanceTimeoutMs);
            }
            maybeCompleteJoin();
            return NO_RESPONSE;
        }

        private void prepareRebalance(int timeoutMs) {
            state = "PreparingRebalance";
            if (rebalanceTimer != null) {
                rebalanceTimer.cancel();
            }
            rebalanceTimer = time.schedule(Math.max(1, timeoutMs), TimeUnit.MILLISECONDS, () -> locked(() -> {
                members.values().removeIf(x -> x.pendingJoin == null);
                completeJoinLocked();
            }));
        }

        private void maybeCompleteJoin() {
            for (Member m : members.values()) {
                if (m.pendingJoin == null) {
                    return;
                }
            }
            completeJoinLocked();
        }

        private void completeJoinLocked() {
            if (!state.equals("PreparingRebalance")) {
                return;
            }
            if (rebalanceTimer != null) {
                rebalanceTimer.cancel();
                rebalanceTimer = null;
            }
            if (members.isEmpty()) {
                state = "Empty";
                return;
            }
            generation++;
            state = "CompletingRebalance";
            if (leader == null || !members.containsKey(leader)) {
                leader = members.keySet().iterator().next();
            }
            protocol = chooseProtocol();
            for (Member m : members.values()) {
                JoinGroupResponse response = new JoinGroupResponse().setGenerationId(generation)
                        .setProtocolType("consumer").setProtocolName(protocol).setLeader(leader)
                        .setMemberId(m.memberId);
                if (m.memberId.equals(leader)) {
                    for (Member x : members.values()) {
                        byte[] md = null;
                        for (JoinGroupRequest.JoinGroupRequestProtocol p : x.protocols) {
                            if (p.name().equals(protocol)) {
                                md = p.metadata();
                            }
                        }
                        response.members().add(new JoinGroupResponse.JoinGroupResponseMember()
                                .setMemberId(x.memberId).setGroupInstanceId(x.instanceId).setMetadata(md));
                    }
                }
                CompletableFuture<ApiResponse> f = m.pendingJoin;
                m.pendingJoin = null;
                deferred.add(() -> f.complete(response));
                touch(m);
            }
        }

        private String chooseProtocol() {
            Member first = members.get(leader);
            for (JoinGroupRequest.JoinGroupRequestProtocol candidate : first.protocols) {
                boolean all = true;
                for (Member m : members.values()) {
                    all &= m.protocols.stream().anyMatch(p -> p.name().equals(candidate.name()));
                }
                if (all) {
                    return candidate.name();
                }
            }
            return first.protocols.get(0).name();
        }

        Object sync(SyncGroupRequest r, CompletableFuture<ApiResponse> future) {
            Member m = members.get(r.memberId());
            if (m == null) {
                return new SyncGroupResponse().setErrorCode(ErrorCode.UNKNOWN_MEMBER_ID.code());
            }
            if (r.generationId() != generation) {
                return new SyncGroupResponse().setErrorCode(ErrorCode.ILLEGAL_GENERATION.code());
            }
            if (state.equals("PreparingRebalance")) {
                return new SyncGroupResponse().setErrorCode(ErrorCode.REBALANCE_IN_PROGRESS.code());
            }
            touch(m);
            if (state.equals("Stable")) {
                return new SyncGroupResponse().setProtocolType("consumer").setProtocolName(protocol)
                        .setAssignment(m.assignment);
            }
            if (r.memberId().equals(leader)) {
                for (SyncGroupRequest.SyncGroupRequestAssignment a : r.assignments()) {
                    Member x = members.get(a.memberId());
                    if (x != null) {
                        x.assignment = a.assignment();
                    }
                }
                state = "Stable";
                deferred.addAll(pendingSyncs);
                pendingSyncs.clear();
                return new SyncGroupResponse().setProtocolType("consumer").setProtocolName(protocol)
                        .setAssignment(m.assignment);
            }
            pendingSyncs.add(() -> future.complete(new SyncGroupResponse().setProtocolType("consumer")
                    .setProtocolName(protocol).setAssignment(m.assignment)));
            return NO_RESPONSE;
        }

        Object heartbeat(HeartbeatRequest r) {
            Member m = members.get(r.memberId());
            if (m == null) {
                return new HeartbeatResponse().setErrorCode(ErrorCode.UNKNOWN_MEMBER_ID.code());
            }
            if (r.generationId() != generation) {
                return new HeartbeatResponse().setErrorCode(ErrorCode.ILLEGAL_GENERATION.code());
            }
            touch(m);
            if (state.equals("PreparingRebalance")) {
                return new HeartbeatResponse().setErrorCode(ErrorCode.REBALANCE_IN_PROGRESS.code());
            }
            return new HeartbeatResponse();
        }

        Object leave(LeaveGroupRequest r) {
            List<String> ids = new ArrayList<>();
            if (!r.memberId().isEmpty()) {
                ids.add(r.memberId());
            }
            r.members().forEach(m -> ids.add(m.memberId()));
            LeaveGroupResponse response = new LeaveGroupResponse();
            for (String id : ids) {
                Member m = members.remove(id);
                response.members().add(new LeaveGroupResponse.MemberResponse().setMemberId(id)
                        .setErrorCode(m == null ? ErrorCode.UNKNOWN_MEMBER_ID.code() : 0));
                if (m != null) {
                    cancel(m);
                    removed();
                }
            }
            return response;
        }

        private void removed() {
            if (members.isEmpty()) {
                state = "Empty";
                generation++;
                leader = null;
                return;
            }
            if (!state.equals("PreparingRebalance")) {
                prepareRebalance(members.values().iterator().next().rebalanceTimeoutMs);
            }
            maybeCompleteJoin();
        }

        private void touch(Member m) {
            cancel(m);
            m.sessionTimer = time.schedule(m.sessionTimeoutMs, TimeUnit.MILLISECONDS, () -> locked(() -> {
                if (members.get(m.memberId) != m || m.pendingJoin != null) {
                    return;
                }
                members.remove(m.memberId);
                expired.add(m.memberId);
                removed();
            }));
        }

        private void cancel(Member m) {
            if (m.sessionTimer != null) {
                m.sessionTimer.cancel();
            }
        }

        Object commit(OffsetCommitRequest r) {
            OffsetCommitResponse response = new OffsetCommitResponse();
            short error = 0;
            if (r.generationIdOrMemberEpoch() >= 0) {
                Member m = members.get(r.memberId());
                if (m == null) {
                    error = ErrorCode.UNKNOWN_MEMBER_ID.code();
                } else if (r.generationIdOrMemberEpoch() != generation) {
                    error = ErrorCode.ILLEGAL_GENERATION.code();
                } else if (state.equals("CompletingRebalance")) {
                    error = ErrorCode.REBALANCE_IN_PROGRESS.code();
                }
            } else if (!members.isEmpty()) {
                error = ErrorCode.UNKNOWN_MEMBER_ID.code(); // a simple commit to a group with members
            }
            for (OffsetCommitRequest.OffsetCommitRequestTopic t : r.topics()) {
                OffsetCommitResponse.OffsetCommitResponseTopic tr =
                        new OffsetCommitResponse.OffsetCommitResponseTopic().setName(t.name());
                response.topics().add(tr);
                for (OffsetCommitRequest.OffsetCommitRequestPartition p : t.partitions()) {
                    if (error == 0) {
                        committed.put(new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset());
                        committedMetadata.put(new TopicPartition(t.name(), p.partitionIndex()),
                                p.committedMetadata());
                    }
                    tr.partitions().add(new OffsetCommitResponse.OffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex()).setErrorCode(error));
                }
            }
            return response;
        }

        Object fetchOffsets(OffsetFetchRequest r) {
            OffsetFetchResponse response = new OffsetFetchResponse();
            OffsetFetchResponse.OffsetFetchResponseGroup g = new OffsetFetchResponse.OffsetFetchResponseGroup()
                    .setGroupId(id);
            response.groups().add(g);
            for (OffsetFetchRequest.OffsetFetchRequestTopics t : r.groups().get(0).topics()) {
                OffsetFetchResponse.OffsetFetchResponseTopics tr = new OffsetFetchResponse.OffsetFetchResponseTopics()
                        .setName(t.name());
                g.topics().add(tr);
                for (int p : t.partitionIndexes()) {
                    TopicPartition tp = new TopicPartition(t.name(), p);
                    Long offset = committed.get(tp);
                    tr.partitions().add(new OffsetFetchResponse.OffsetFetchResponsePartitions().setPartitionIndex(p)
                            .setCommittedOffset(offset == null ? -1 : offset)
                            .setMetadata(committedMetadata.getOrDefault(tp, "")));
                }
            }
            return response;
        }
    }

    // ------------------------------------------------------------------------------------------ rest

    private void drainDeferred() {
        while (true) {
            List<Runnable> run;
            synchronized (this) {
                if (deferred.isEmpty()) {
                    return;
                }
                run = new ArrayList<>(deferred);
                deferred.clear();
            }
            run.forEach(Runnable::run);
        }
    }

    /** Runs {@code task} under the lock, then the completions it deferred. */
    private void locked(Runnable task) {
        synchronized (this) {
            task.run();
        }
        drainDeferred();
    }

    @Override
    public CompletableFuture<ApiVersionRanges> apiVersions(Node node) {
        ApiVersionRanges.Builder b = ApiVersionRanges.builder();
        for (ApiKey api : ApiKey.values()) {
            if (api.latestStableVersion() >= 0) {
                b.put(api.id(), api.lowestVersion(), api.latestStableVersion());
            }
        }
        return CompletableFuture.completedFuture(b.build());
    }

    @Override
    public List<Node> bootstrapNodes() {
        return bootstrap;
    }

    @Override
    public ManualTime time() {
        return time;
    }

    @Override
    public void close() {
    }

    /** A heap copy that the fake keeps for the test's life (not leak-tracked), releasing the built buffer. */
    private static ByteBuf stored(ByteBuf built) {
        byte[] bytes = new byte[built.readableBytes()];
        built.readBytes(bytes);
        built.release();
        return Unpooled.wrappedBuffer(bytes);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
