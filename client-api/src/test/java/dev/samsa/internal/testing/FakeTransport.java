package dev.samsa.internal.testing;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.InitProducerIdResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A small hand-written in-memory {@link Transport} for engine unit tests on {@link ManualTime}. Not a broker: it
 * answers Metadata from a configured topic map, hands out producer ids, and either queues Produce requests for the
 * test to answer ({@link #autoProduce} false), or appends their records to per-partition lists, checking idempotent
 * sequences the way a leader does (next expected sequence per producer id; a resend of one of the last five batches is
 * a duplicate answered with its original offset; anything else is OUT_OF_ORDER_SEQUENCE_NUMBER). Scripts queued with
 * {@link #onNextProduce} take precedence, for fault injection. Everything completes synchronously on the calling
 * thread. Thread-safe by a single lock. The real mock broker will replace it.
 */
public final class FakeTransport implements Transport {
    /** A script result meaning: leave this Produce request pending. */
    public static final Object PENDING = new Object();

    public final ManualTime time = new ManualTime();
    private final List<Node> bootstrap = List.of(new Node(-1, "bootstrap", 9092));
    private final Map<Integer, Node> brokers = new LinkedHashMap<>();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<String, Short> topicErrors = new HashMap<>();
    private final Deque<Function<ProduceRequest, Object>> produceScripts = new ArrayDeque<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private final Map<TopicPartition, List<Stored>> logs = new HashMap<>();
    private final Map<TopicPartition, Map<Long, ProducerState>> producerStates = new HashMap<>();
    private long nextProducerId = 1000;
    public volatile boolean autoProduce = true;
    public volatile boolean autoCreateTopics = false;
    public volatile int autoCreatePartitions = 1;
    public volatile boolean metadataFails = false;
    public volatile Short initProducerIdError = null;
    private int appendedBatches;
    private final List<dev.samsa.common.CompressionType> compressionTypes = new ArrayList<>();

    /** One request the fake saw. */
    public record Sent(Node node, ApiRequest<?> request, short maxVersion) {
    }

    /** A Produce request awaiting the test's answer. */
    public record Pending(Node node, ProduceRequest request, CompletableFuture<ApiResponse> future) {
    }

    /** One stored record. */
    public record Stored(long offset, byte[] key, byte[] value, long timestamp, long producerId, int sequence,
            List<dev.samsa.common.Header> headers) {
        public String valueString() {
            return value == null ? null : new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }

        public String keyString() {
            return key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final class Topic {
        final UUID id = UUID.randomUUID();
        final int[] leaders;

        Topic(int[] leaders) {
            this.leaders = leaders;
        }
    }

    private static final class ProducerState {
        short epoch;
        int lastSequence = -1;
        final Deque<long[]> recent = new ArrayDeque<>(); // {firstSeq, lastSeq, baseOffset}
    }

    /** A cluster of {@code brokerCount} brokers with ids 0..n-1. */
    public FakeTransport(int brokerCount) {
        for (int i = 0; i < brokerCount; i++) {
            brokers.put(i, new Node(i, "broker" + i, 9092 + i));
        }
    }

    public FakeTransport() {
        this(1);
    }

    /** Creates a topic whose partition {@code i} is led by broker {@code i % brokers}. */
    public synchronized FakeTransport topic(String name, int partitions) {
        int[] leaders = new int[partitions];
        for (int i = 0; i < partitions; i++) {
            leaders[i] = i % brokers.size();
        }
        topics.put(name, new Topic(leaders));
        return this;
    }

    /** Moves a partition's leadership (-1 for none). */
    public synchronized void leader(String topic, int partition, int brokerId) {
        topics.get(topic).leaders[partition] = brokerId;
    }

    /** Makes Metadata answer {@code code} for the topic (null clears). */
    public synchronized void topicError(String topic, ErrorCode code) {
        if (code == null) {
            topicErrors.remove(topic);
        } else {
            topicErrors.put(topic, code.code());
        }
    }

    /** Queues a script for the next Produce request: return a ProduceResponse, a Throwable, PENDING or null (auto). */
    public synchronized void onNextProduce(Function<ProduceRequest, Object> script) {
        produceScripts.addLast(script);
    }

    public synchronized List<Pending> pending() {
        return new ArrayList<>(pending);
    }

    /**
     * Fails every Produce request still awaiting the test's answer, as a real transport ends each request by
     * {@code request.timeout.ms} at the latest: the producer then frees the batches they carry.
     */
    public void endPending() {
        List<Pending> ended;
        synchronized (this) {
            ended = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending p : ended) {
            p.future().completeExceptionally(new IllegalStateException("the test ended before answering"));
        }
    }

    /** Removes and returns the oldest pending Produce request. */
    public synchronized Pending takePending() {
        return pending.isEmpty() ? null : pending.remove(0);
    }

    public synchronized List<Sent> sent() {
        return new ArrayList<>(sent);
    }

    public synchronized List<ProduceRequest> produceRequests() {
        List<ProduceRequest> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.request() instanceof ProduceRequest p) {
                out.add(p);
            }
        }
        return out;
    }

    public synchronized long count(Class<?> requestType) {
        return sent.stream().filter(s -> requestType.isInstance(s.request())).count();
    }

    /** The records stored for a partition, in offset order. */
    public synchronized List<Stored> log(String topic, int partition) {
        return new ArrayList<>(logs.getOrDefault(new TopicPartition(topic, partition), List.of()));
    }

    /** The compression type of every batch appended so far. */
    public synchronized List<dev.samsa.common.CompressionType> compressionTypes() {
        return new ArrayList<>(compressionTypes);
    }

    public synchronized int appendedBatches() {
        return appendedBatches;
    }

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
            sent.add(new Sent(node, request, maxVersion));
            if (request instanceof MetadataRequest m) {
                result = metadataFails ? new dev.samsa.errors.DisconnectException("metadata fails") : metadata(m);
            } else if (request instanceof InitProducerIdRequest) {
                result = initProducerIdError != null
                        ? new InitProducerIdResponse().setErrorCode(initProducerIdError).setProducerId(-1)
                        : new InitProducerIdResponse().setProducerId(nextProducerId++).setProducerEpoch((short) 0);
            } else if (request instanceof ProduceRequest p) {
                Function<ProduceRequest, Object> script = produceScripts.pollFirst();
                Object scripted = script == null ? null : script.apply(p);
                if (scripted != null) {
                    result = scripted;
                } else if (autoProduce) {
                    result = p.acks() == 0 ? nullResponse(p) : append(p);
                } else {
                    result = PENDING;
                }
                if (result == PENDING) {
                    pending.add(new Pending(node, p, future));
                }
            } else {
                result = new UnsupportedOperationException("FakeTransport does not serve " + request.apiKey());
            }
        }
        if (result instanceof Throwable t) {
            future.completeExceptionally(t);
        } else if (result == NULL_RESPONSE) {
            future.complete(null);
        } else if (result != PENDING) {
            future.complete((ApiResponse) result);
        }
        return (CompletableFuture<R>) (CompletableFuture<?>) future;
    }

    private static final Object NULL_RESPONSE = new Object();

    private Object nullResponse(ProduceRequest p) {
        append(p);
        return NULL_RESPONSE;
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
            Short error = topicErrors.get(name);
            if (error != null) {
                response.topics().add(t.setErrorCode(error));
                continue;
            }
            Topic topic = topics.get(name);
            if (topic == null && autoCreateTopics && request.allowAutoTopicCreation()) {
                topic(name, autoCreatePartitions);
                response.topics().add(t.setErrorCode(ErrorCode.LEADER_NOT_AVAILABLE.code()));
                continue;
            }
            if (topic == null) {
                response.topics().add(t.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            t.setTopicId(topic.id);
            for (int i = 0; i < topic.leaders.length; i++) {
                int leader = topic.leaders[i];
                List<Integer> replicas = leader < 0 ? List.of() : List.of(leader);
                t.partitions().add(new MetadataResponse.MetadataResponsePartition().setPartitionIndex(i)
                        .setErrorCode(leader < 0 ? ErrorCode.LEADER_NOT_AVAILABLE.code() : 0).setLeaderId(leader)
                        .setLeaderEpoch(0).setReplicaNodes(replicas).setIsrNodes(replicas));
            }
            response.topics().add(t);
        }
        return response;
    }

    /** Appends the request's batches to the logs as a leader would, and builds the response. */
    public synchronized ProduceResponse append(ProduceRequest request) {
        ProduceResponse response = new ProduceResponse();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse().setName(t.name())
                    .setTopicId(t.topicId());
            response.responses().add(tr);
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                tr.partitionResponses().add(appendPartition(new TopicPartition(t.name(), p.index()), p));
            }
        }
        return response;
    }

    private ProduceResponse.PartitionProduceResponse appendPartition(TopicPartition tp,
            ProduceRequest.PartitionProduceData data) {
        ProduceResponse.PartitionProduceResponse r = new ProduceResponse.PartitionProduceResponse()
                .setIndex(tp.partition()).setLogAppendTimeMs(-1);
        Topic topic = topics.get(tp.topic());
        if (topic == null || tp.partition() >= topic.leaders.length) {
            return r.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()).setBaseOffset(-1);
        }
        RecordBatch batch = RecordBatch.wrap(data.records());
        batch.ensureValid();
        compressionTypes.add(batch.compressionType());
        List<Stored> log = logs.computeIfAbsent(tp, k -> new ArrayList<>());
        long pid = batch.producerId();
        if (pid >= 0) {
            ProducerState state = producerStates.computeIfAbsent(tp, k -> new HashMap<>())
                    .computeIfAbsent(pid, k -> new ProducerState());
            if (batch.producerEpoch() < state.epoch) {
                return r.setErrorCode(ErrorCode.INVALID_PRODUCER_EPOCH.code()).setBaseOffset(-1);
            }
            if (batch.producerEpoch() > state.epoch) {
                // A bumped epoch (KIP-360) starts again at sequence 0, as Kafka's brokers require.
                if (batch.baseSequence() != 0) {
                    return r.setErrorCode(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code()).setBaseOffset(-1);
                }
                state.epoch = batch.producerEpoch();
                state.lastSequence = -1;
                state.recent.clear();
            }
            for (long[] recent : state.recent) {
                if (recent[0] == batch.baseSequence() && recent[1] == batch.lastSequence()) {
                    return r.setBaseOffset(recent[2]); // duplicate: the original offset, as Kafka answers
                }
            }
            int expected = state.lastSequence + 1;
            if (batch.baseSequence() != expected) {
                return r.setErrorCode(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER.code()).setBaseOffset(-1);
            }
            state.lastSequence = batch.lastSequence();
            state.recent.addLast(new long[] {batch.baseSequence(), batch.lastSequence(), log.size()});
            if (state.recent.size() > 5) {
                state.recent.removeFirst();
            }
        }
        long base = log.size();
        try (RecordIterator it = batch.iterator()) {
            int i = 0;
            while (it.hasNext()) {
                Record rec = it.next();
                log.add(new Stored(base + i, rec.keyBytes(), rec.valueBytes(), rec.timestamp(), pid,
                        batch.baseSequence() < 0 ? -1 : batch.baseSequence() + i, rec.headers()));
                i++;
            }
        }
        appendedBatches++;
        return r.setBaseOffset(base);
    }

    /** A response giving {@code code} for every partition of the request. */
    public static ProduceResponse errorResponse(ProduceRequest request, ErrorCode code) {
        ProduceResponse response = new ProduceResponse();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse().setName(t.name());
            response.responses().add(tr);
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                tr.partitionResponses().add(new ProduceResponse.PartitionProduceResponse().setIndex(p.index())
                        .setErrorCode(code.code()).setBaseOffset(-1));
            }
        }
        return response;
    }

    /** The number of record batches in a request. */
    public static int batches(ProduceRequest request) {
        int n = 0;
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            n += t.partitionData().size();
        }
        return n;
    }

    @Override
    public CompletableFuture<ApiVersionRanges> apiVersions(Node node) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("apiVersions"));
    }

    @Override
    public List<Node> bootstrapNodes() {
        return Collections.unmodifiableList(bootstrap);
    }

    @Override
    public ManualTime time() {
        return time;
    }

    @Override
    public void close() {
    }
}
