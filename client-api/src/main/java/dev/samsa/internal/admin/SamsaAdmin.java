package dev.samsa.internal.admin;

import dev.samsa.admin.Admin;
import dev.samsa.admin.AdminResult;
import dev.samsa.admin.AlterConfigOp;
import dev.samsa.admin.ClusterDescription;
import dev.samsa.admin.ConfigEntry;
import dev.samsa.admin.ConfigResource;
import dev.samsa.admin.CreatedTopic;
import dev.samsa.admin.GroupDescription;
import dev.samsa.admin.GroupListing;
import dev.samsa.admin.GroupState;
import dev.samsa.admin.ListedOffset;
import dev.samsa.admin.MemberDescription;
import dev.samsa.admin.NewPartitions;
import dev.samsa.admin.NewTopic;
import dev.samsa.admin.OffsetSpec;
import dev.samsa.admin.TopicDescription;
import dev.samsa.admin.TopicListing;
import dev.samsa.common.Node;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.admin.AdminCall.Outcome;
import dev.samsa.internal.consumer.ConsumerProtocol;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.CreatePartitionsRequest;
import dev.samsa.internal.protocol.message.CreatePartitionsResponse;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.internal.protocol.message.DeleteGroupsRequest;
import dev.samsa.internal.protocol.message.DeleteGroupsResponse;
import dev.samsa.internal.protocol.message.DeleteRecordsRequest;
import dev.samsa.internal.protocol.message.DeleteRecordsResponse;
import dev.samsa.internal.protocol.message.DeleteTopicsRequest;
import dev.samsa.internal.protocol.message.DeleteTopicsResponse;
import dev.samsa.internal.protocol.message.DescribeClusterRequest;
import dev.samsa.internal.protocol.message.DescribeClusterResponse;
import dev.samsa.internal.protocol.message.DescribeConfigsRequest;
import dev.samsa.internal.protocol.message.DescribeConfigsResponse;
import dev.samsa.internal.protocol.message.DescribeGroupsRequest;
import dev.samsa.internal.protocol.message.DescribeGroupsResponse;
import dev.samsa.internal.protocol.message.FindCoordinatorRequest;
import dev.samsa.internal.protocol.message.FindCoordinatorResponse;
import dev.samsa.internal.protocol.message.IncrementalAlterConfigsRequest;
import dev.samsa.internal.protocol.message.IncrementalAlterConfigsResponse;
import dev.samsa.internal.protocol.message.ListGroupsRequest;
import dev.samsa.internal.protocol.message.ListGroupsResponse;
import dev.samsa.internal.protocol.message.ListOffsetsRequest;
import dev.samsa.internal.protocol.message.ListOffsetsResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.OffsetCommitRequest;
import dev.samsa.internal.protocol.message.OffsetCommitResponse;
import dev.samsa.internal.protocol.message.OffsetFetchRequest;
import dev.samsa.internal.protocol.message.OffsetFetchResponse;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Admin} implementation. Every operation is an {@link AdminCall}: per-entity futures, an attempt function
 * that routes the request (controller, partition leader, group coordinator) from fresh information on each attempt,
 * and per-entity retries of retriable errors within the call's timeout. The metadata cache supplies brokers and the
 * controller; it is refreshed after {@code NOT_CONTROLLER} and lost connections. Describe and leader lookups send
 * Metadata requests of their own, so they always see the broker's current view.
 *
 * <p>Thread-safe; no thread of its own (timers run on the transport's {@link Time}).
 */
public final class SamsaAdmin implements Admin {
    private static final Logger log = LoggerFactory.getLogger(SamsaAdmin.class);
    private static final UUID ZERO_UUID = new UUID(0, 0);

    /** What every view of one client shares. */
    private static final class Shared {
        final AdminSettings settings;
        final Transport transport;
        final Time time;
        final Metadata metadata;
        final Set<AdminCall<?, ?>> inFlight = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        Shared(AdminSettings settings, Transport transport) {
            this.settings = settings;
            this.transport = transport;
            this.time = transport.time();
            this.metadata = new Metadata(transport, new Metadata.Options(settings.metadataMaxAgeMs(), 0,
                    settings.retryBackoffMs(), settings.retryBackoffMaxMs(), false));
        }
    }

    private final Shared shared;
    private final long timeoutMs;

    /**
     * @param settings the resolved settings
     * @param transport the transport; never closed by this client
     */
    public SamsaAdmin(AdminSettings settings, Transport transport) {
        this(new Shared(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(transport, "transport")),
                settings.defaultApiTimeoutMs());
    }

    private SamsaAdmin(Shared shared, long timeoutMs) {
        this.shared = shared;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Admin withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout.toMillis() + " ms (expected: >= 0)");
        }
        long ms;
        try {
            ms = timeout.toMillis();
        } catch (ArithmeticException e) {
            ms = Long.MAX_VALUE;
        }
        // Capped so that now + timeout never overflows: about 73 million years is "without bound".
        return new SamsaAdmin(shared, Math.min(ms, Long.MAX_VALUE / 4));
    }

    // ---------------------------------------------------------------- calls

    private <K, V> AdminCall<K, V> call(String op, Iterable<K> keys,
            java.util.function.BiFunction<AdminCall<K, V>, Set<K>, CompletableFuture<Map<K, Outcome<V>>>> attempt) {
        @SuppressWarnings("unchecked")
        AdminCall<K, V>[] self = new AdminCall[1];
        AdminCall<K, V> c = new AdminCall<>(op, keys, shared.time, shared.settings, timeoutMs,
                pending -> attempt.apply(self[0], pending));
        self[0] = c;
        if (shared.closed) {
            IllegalStateException closed = new IllegalStateException(op + ": the admin client is closed");
            c.futures().values().forEach(f -> f.completeExceptionally(closed));
            return c;
        }
        shared.inFlight.add(c);
        c.done().whenComplete((v, e) -> shared.inFlight.remove(c));
        return c.start();
    }

    private <K, V> AdminResult<K, V> result(AdminCall<K, V> c) {
        return new AdminResult<>(c.futures());
    }

    /** A call on one pseudo-entity, for operations with a single result. */
    private <V> CompletableFuture<V> single(String op,
            java.util.function.Function<AdminCall<String, V>, CompletableFuture<Outcome<V>>> attempt) {
        AdminCall<String, V> c = call(op, List.of(op), (self, keys) -> attempt.apply(self)
                .thenApply(o -> Map.of(op, o)));
        return c.futures().get(op);
    }

    // ---------------------------------------------------------------- routing

    /** The metadata snapshot, refreshed first if it knows no broker yet. */
    private CompletableFuture<Cluster> cluster() {
        Cluster c = shared.metadata.cluster();
        if (!c.nodes().isEmpty()) {
            return CompletableFuture.completedFuture(c);
        }
        return shared.metadata.requestUpdate();
    }

    private CompletableFuture<Node> anyNode() {
        return cluster().thenApply(c -> {
            List<Node> nodes = new ArrayList<>(c.nodes());
            return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
        });
    }

    /** The controller as the metadata reports it (in KRaft mode a broker that forwards), else any broker. */
    private CompletableFuture<Node> controller() {
        return cluster().thenApply(c -> {
            Node n = c.node(c.controllerId());
            if (n != null) {
                return n;
            }
            List<Node> nodes = new ArrayList<>(c.nodes());
            return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
        });
    }

    /** Sends at the highest version in {@code [min, max]} both sides support, building the request for it. */
    private <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiKey api, int min, int max,
            IntFunction<? extends ApiRequest<R>> request) {
        short hi = (short) Math.min(max, api.latestStableVersion());
        return shared.transport.apiVersions(node).thenCompose(ranges -> {
            short version = ranges.highestCommon(api, (short) min, hi);
            if (version < 0) {
                return CompletableFuture.failedFuture(new UnsupportedVersionException(api.title() + ": broker "
                        + node + " supports versions " + ranges.min(api) + "-" + ranges.max(api)
                        + ", this client needs " + min + "-" + hi));
            }
            return shared.transport.send(node, request.apply(version), version, version);
        }).whenComplete((r, e) -> {
            if (e != null && !AdminCall.hasErrorCode(e)) {
                shared.metadata.requestUpdate(); // a lost connection: the broker may be gone
            }
        });
    }

    /** The coordinator of {@code groupId} (FindCoordinator, key type group). */
    private CompletableFuture<Node> coordinator(String groupId) {
        return anyNode().thenCompose(node -> send(node, ApiKey.FIND_COORDINATOR, 0, 6, v -> {
            FindCoordinatorRequest r = new FindCoordinatorRequest().setKeyType((byte) 0);
            if (v >= 4) {
                r.setCoordinatorKeys(new ArrayList<>(List.of(groupId)));
            } else {
                r.setKey(groupId);
            }
            return r;
        })).thenApply((FindCoordinatorResponse response) -> {
            short code;
            String message;
            Node found;
            if (!response.coordinators().isEmpty()) {
                FindCoordinatorResponse.Coordinator c = response.coordinators().get(0);
                code = c.errorCode();
                message = c.errorMessage();
                found = new Node(c.nodeId(), c.host(), c.port());
            } else {
                code = response.errorCode();
                message = response.errorMessage();
                found = new Node(response.nodeId(), response.host(), response.port());
            }
            if (code != 0) {
                throw error(code, message, "FindCoordinator for group '" + groupId + "'");
            }
            return found;
        });
    }

    /** The broker's error as its exception, the message naming {@code what} failed. */
    private static ApiException error(short code, String message, String what) {
        ErrorCode ec = ErrorCode.forCode(code);
        return ErrorCode.exceptionFor(code, what + " failed: "
                + (message == null || message.isEmpty() ? ec.description() : message));
    }

    /** The outcome of an error code: ok, retriable or final as the code is; {@code fatal} codes are always final. */
    private static <V> Outcome<V> outcome(short code, String message, String what, V value, ErrorCode... fatal) {
        if (code == 0) {
            return Outcome.ok(value);
        }
        ApiException e = error(code, message, what);
        for (ErrorCode f : fatal) {
            if (f.code() == code) {
                return Outcome.fail(e);
            }
        }
        return ErrorCode.forCode(code).isRetriable() || isCoordinatorOrControllerMove(code) ? Outcome.retry(e)
                : Outcome.fail(e);
    }

    /** Errors Kafka's admin client retries although their exceptions are not retriable types. */
    private static boolean isCoordinatorOrControllerMove(short code) {
        return code == ErrorCode.NOT_CONTROLLER.code() || code == ErrorCode.NOT_COORDINATOR.code()
                || code == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code()
                || code == ErrorCode.COORDINATOR_NOT_AVAILABLE.code();
    }

    /** Outcome of every key from one exception (a failed request). */
    private static <K, V> Map<K, Outcome<V>> all(Collection<K> keys, Throwable error) {
        Outcome<V> o = Outcome.of(error);
        Map<K, Outcome<V>> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, o));
        return out;
    }

    /** Runs one request per part and merges the outcomes; a failed part fails (or retries) its own keys only. */
    private static <K, V> CompletableFuture<Map<K, Outcome<V>>> merge(
            Map<Collection<K>, CompletableFuture<Map<K, Outcome<V>>>> parts) {
        List<CompletableFuture<Map<K, Outcome<V>>>> guarded = new ArrayList<>();
        parts.forEach((keys, f) -> guarded.add(f.handle((m, e) -> e != null ? all(keys, e) : m)));
        return CompletableFuture.allOf(guarded.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<K, Outcome<V>> out = new LinkedHashMap<>();
            guarded.forEach(g -> out.putAll(g.join()));
            return out;
        });
    }

    private int brokerTimeoutMs(AdminCall<?, ?> call) {
        return (int) Math.min(Integer.MAX_VALUE, Math.min(shared.settings.requestTimeoutMs(), call.remainingMs()));
    }

    private void onControllerError(short code) {
        if (code == ErrorCode.NOT_CONTROLLER.code()) {
            shared.metadata.requestUpdate();
        }
    }

    private static UUID id(UUID u) {
        return u == null || ZERO_UUID.equals(u) ? null : u;
    }

    // ---------------------------------------------------------------- topics

    @Override
    public AdminResult<String, CreatedTopic> createTopics(Collection<NewTopic> topics, boolean validateOnly) {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        for (NewTopic t : Objects.requireNonNull(topics, "topics")) {
            if (byName.put(Objects.requireNonNull(t, "topic").name(), t) != null) {
                throw new IllegalArgumentException("topic '" + t.name() + "' named twice");
            }
        }
        return result(call("CreateTopics", byName.keySet(), (self, pending) -> controller().thenCompose(node ->
                send(node, ApiKey.CREATE_TOPICS, 2, 7, v -> {
                    CreateTopicsRequest r = new CreateTopicsRequest().setTimeoutMs(brokerTimeoutMs(self))
                            .setValidateOnly(validateOnly);
                    for (String name : pending) {
                        NewTopic t = byName.get(name);
                        CreateTopicsRequest.CreatableTopic ct = new CreateTopicsRequest.CreatableTopic()
                                .setName(name).setNumPartitions(t.partitions())
                                .setReplicationFactor(t.replicationFactor());
                        for (int i = 0; i < t.replicaAssignment().size(); i++) {
                            ct.assignments().add(new CreateTopicsRequest.CreatableReplicaAssignment()
                                    .setPartitionIndex(i).setBrokerIds(new ArrayList<>(t.replicaAssignment().get(i))));
                        }
                        t.configs().forEach((k, val) -> ct.configs().add(
                                new CreateTopicsRequest.CreatableTopicConfig().setName(k).setValue(val)));
                        r.topics().add(ct);
                    }
                    return r;
                })).thenApply((CreateTopicsResponse response) -> {
                    Map<String, Outcome<CreatedTopic>> out = new HashMap<>();
                    for (CreateTopicsResponse.CreatableTopicResult t : response.topics()) {
                        onControllerError(t.errorCode());
                        out.put(t.name(), outcome(t.errorCode(), t.errorMessage(), "CreateTopics for topic '"
                                + t.name() + "'", new CreatedTopic(t.name(), id(t.topicId()), t.numPartitions(),
                                        t.replicationFactor()), ErrorCode.TOPIC_ALREADY_EXISTS));
                    }
                    return out;
                })));
    }

    @Override
    public AdminResult<String, Void> deleteTopics(Collection<String> topics) {
        Set<String> names = distinct(topics, "topic");
        return result(call("DeleteTopics", names, (self, pending) -> controller().thenCompose(node ->
                send(node, ApiKey.DELETE_TOPICS, 1, 6, v -> {
                    DeleteTopicsRequest r = new DeleteTopicsRequest().setTimeoutMs(brokerTimeoutMs(self));
                    if (v >= 6) {
                        pending.forEach(n -> r.topics().add(new DeleteTopicsRequest.DeleteTopicState().setName(n)
                                .setTopicId(ZERO_UUID)));
                    } else {
                        r.setTopicNames(new ArrayList<>(pending));
                    }
                    return r;
                })).thenApply((DeleteTopicsResponse response) -> {
                    Map<String, Outcome<Void>> out = new HashMap<>();
                    for (DeleteTopicsResponse.DeletableTopicResult t : response.responses()) {
                        onControllerError(t.errorCode());
                        out.put(t.name(), outcome(t.errorCode(), t.errorMessage(), "DeleteTopics for topic '"
                                + t.name() + "'", null, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
                    }
                    return out;
                })));
    }

    @Override
    public CompletableFuture<List<TopicListing>> listTopics(boolean listInternal) {
        return single("ListTopics", self -> anyNode().thenCompose(node -> send(node, ApiKey.METADATA, 1, 12,
                v -> new MetadataRequest().setTopics(null).setAllowAutoTopicCreation(false)))
                .thenApply((MetadataResponse response) -> {
                    List<TopicListing> out = new ArrayList<>();
                    for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                        if (t.errorCode() == 0 && t.name() != null && (listInternal || !t.isInternal())) {
                            out.add(new TopicListing(t.name(), id(t.topicId()), t.isInternal()));
                        }
                    }
                    out.sort(Comparator.comparing(TopicListing::name));
                    return Outcome.ok(List.copyOf(out));
                }));
    }

    private CompletableFuture<MetadataResponse> topicMetadata(Collection<String> topics) {
        return anyNode().thenCompose(node -> send(node, ApiKey.METADATA, 1, 12, v -> {
            List<MetadataRequest.MetadataRequestTopic> wanted = new ArrayList<>();
            topics.forEach(t -> wanted.add(new MetadataRequest.MetadataRequestTopic().setName(t)));
            return new MetadataRequest().setTopics(wanted).setAllowAutoTopicCreation(false);
        }));
    }

    @Override
    public AdminResult<String, TopicDescription> describeTopics(Collection<String> topics) {
        Set<String> names = distinct(topics, "topic");
        return result(call("DescribeTopics", names, (self, pending) -> topicMetadata(pending).thenApply(response -> {
            Map<Integer, Node> nodes = nodes(response);
            Map<String, Outcome<TopicDescription>> out = new HashMap<>();
            for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                if (t.errorCode() != 0) {
                    out.put(t.name(), outcome(t.errorCode(), t.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                            .code() ? "Topic '" + t.name() + "' does not exist" : null,
                            "DescribeTopics for topic '" + t.name() + "'", null,
                            ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
                    continue;
                }
                List<PartitionInfo> partitions = new ArrayList<>();
                for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                    partitions.add(new PartitionInfo(t.name(), p.partitionIndex(),
                            p.leaderId() < 0 ? null : nodes.get(p.leaderId()), resolve(p.replicaNodes(), nodes),
                            resolve(p.isrNodes(), nodes), resolve(p.offlineReplicas(), nodes)));
                }
                partitions.sort(Comparator.comparingInt(PartitionInfo::partition));
                out.put(t.name(), Outcome.ok(new TopicDescription(t.name(), id(t.topicId()), t.isInternal(),
                        partitions)));
            }
            return out;
        })));
    }

    private static Map<Integer, Node> nodes(MetadataResponse response) {
        Map<Integer, Node> nodes = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            nodes.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        return nodes;
    }

    /**
     * Nodes for ids; an id the response lists no broker for (a stopped replica) becomes a node without an address
     * (empty host, port 0), so that replica lists keep their length as Kafka's admin client keeps them.
     */
    private static List<Node> resolve(List<Integer> ids, Map<Integer, Node> nodes) {
        List<Node> out = new ArrayList<>(ids.size());
        for (Integer id : ids) {
            Node n = nodes.get(id);
            out.add(n != null ? n : new Node(id, "", 0));
        }
        return out;
    }

    @Override
    public AdminResult<String, Void> createPartitions(Map<String, NewPartitions> newPartitions) {
        Map<String, NewPartitions> byName = new LinkedHashMap<>(Objects.requireNonNull(newPartitions,
                "newPartitions"));
        byName.forEach((k, v) -> {
            Objects.requireNonNull(k, "topic");
            Objects.requireNonNull(v, "partitions of " + k);
        });
        return result(call("CreatePartitions", byName.keySet(), (self, pending) -> controller().thenCompose(node ->
                send(node, ApiKey.CREATE_PARTITIONS, 0, 3, v -> {
                    CreatePartitionsRequest r = new CreatePartitionsRequest().setTimeoutMs(brokerTimeoutMs(self))
                            .setValidateOnly(false);
                    for (String name : pending) {
                        NewPartitions np = byName.get(name);
                        CreatePartitionsRequest.CreatePartitionsTopic t = new CreatePartitionsRequest
                                .CreatePartitionsTopic().setName(name).setCount(np.totalCount());
                        if (np.newAssignments().isEmpty()) {
                            t.setAssignments(null);
                        } else {
                            List<CreatePartitionsRequest.CreatePartitionsAssignment> a = new ArrayList<>();
                            np.newAssignments().forEach(ids -> a.add(new CreatePartitionsRequest
                                    .CreatePartitionsAssignment().setBrokerIds(new ArrayList<>(ids))));
                            t.setAssignments(a);
                        }
                        r.topics().add(t);
                    }
                    return r;
                })).thenApply((CreatePartitionsResponse response) -> {
                    Map<String, Outcome<Void>> out = new HashMap<>();
                    for (CreatePartitionsResponse.CreatePartitionsTopicResult t : response.results()) {
                        onControllerError(t.errorCode());
                        out.put(t.name(), outcome(t.errorCode(), t.errorMessage(), "CreatePartitions for topic '"
                                + t.name() + "'", null, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
                    }
                    return out;
                })));
    }

    // ---------------------------------------------------------------- cluster

    @Override
    public CompletableFuture<ClusterDescription> describeCluster() {
        return single("DescribeCluster", self -> anyNode().thenCompose(node -> send(node, ApiKey.DESCRIBE_CLUSTER,
                0, 2, v -> {
                    DescribeClusterRequest r = new DescribeClusterRequest().setIncludeClusterAuthorizedOperations(false);
                    if (v >= 1) {
                        r.setEndpointType((byte) 1);
                    }
                    return r;
                })).thenApply((DescribeClusterResponse response) -> {
                    if (response.errorCode() != 0) {
                        return Outcome.<ClusterDescription>of(error(response.errorCode(), response.errorMessage(),
                                "DescribeCluster"));
                    }
                    Map<Integer, Node> nodes = new HashMap<>();
                    for (DescribeClusterResponse.DescribeClusterBroker b : response.brokers()) {
                        nodes.put(b.brokerId(), new Node(b.brokerId(), b.host(), b.port(), b.rack()));
                    }
                    return Outcome.ok(description(response.clusterId(), response.controllerId(), nodes));
                }).exceptionallyCompose(e -> {
                    if (AdminCall.unwrap(e) instanceof UnsupportedVersionException) {
                        // Brokers before Kafka 2.8 lack DescribeCluster: their Metadata response says the same.
                        return shared.metadata.requestUpdate().thenApply(c -> {
                            Map<Integer, Node> nodes = new HashMap<>();
                            c.nodes().forEach(n -> nodes.put(n.id(), n));
                            return Outcome.ok(description(c.clusterId(), c.controllerId(), nodes));
                        });
                    }
                    return CompletableFuture.failedFuture(e);
                }));
    }

    private static ClusterDescription description(String clusterId, int controllerId, Map<Integer, Node> nodes) {
        List<Node> sorted = new ArrayList<>(nodes.values());
        sorted.sort(Comparator.comparingInt(Node::id));
        return new ClusterDescription(clusterId, nodes.get(controllerId), sorted);
    }

    // ---------------------------------------------------------------- configs

    /** Where a config request for {@code r} goes: a broker's own configs to that broker, the rest anywhere. */
    private CompletableFuture<Node> target(ConfigResource r) {
        if (r.type() == ConfigResource.Type.BROKER && !r.name().isEmpty()) {
            int id;
            try {
                id = Integer.parseInt(r.name());
            } catch (NumberFormatException e) {
                return CompletableFuture.failedFuture(ErrorCode.INVALID_REQUEST.exception(r
                        + ": a broker resource is named by the broker's id"));
            }
            return cluster().thenApply(c -> {
                Node n = c.node(id);
                if (n == null) {
                    throw ErrorCode.BROKER_NOT_AVAILABLE.exception(r + ": no broker " + id + " in the cluster "
                            + "(brokers " + c.nodes().stream().map(Node::id).sorted().toList() + ")");
                }
                return n;
            });
        }
        return anyNode();
    }

    /** Groups resources by where their requests go, then merges the per-request outcomes. */
    private <V> CompletableFuture<Map<ConfigResource, Outcome<V>>> perTarget(Set<ConfigResource> pending,
            java.util.function.BiFunction<Node, List<ConfigResource>, CompletableFuture<Map<ConfigResource,
                    Outcome<V>>>> request) {
        Map<ConfigResource, CompletableFuture<Node>> targets = new LinkedHashMap<>();
        pending.forEach(r -> targets.put(r, target(r)));
        return CompletableFuture.allOf(targets.values().stream().map(f -> f.handle((n, e) -> null))
                .toArray(CompletableFuture<?>[]::new)).thenCompose(v -> {
                    Map<Node, List<ConfigResource>> byNode = new LinkedHashMap<>();
                    Map<Collection<ConfigResource>, CompletableFuture<Map<ConfigResource, Outcome<V>>>> parts =
                            new LinkedHashMap<>();
                    targets.forEach((r, f) -> {
                        if (f.isCompletedExceptionally()) {
                            Throwable e = f.handle((n, x) -> x).join();
                            parts.put(List.of(r), CompletableFuture.completedFuture(Map.of(r,
                                    AdminCall.unwrap(e) instanceof ApiException a
                                            && a.errorCode() == ErrorCode.BROKER_NOT_AVAILABLE
                                            ? Outcome.fail(a) : Outcome.of(e))));
                        } else {
                            byNode.computeIfAbsent(f.join(), k -> new ArrayList<>()).add(r);
                        }
                    });
                    byNode.forEach((node, rs) -> parts.put(rs, request.apply(node, rs)));
                    return merge(parts);
                });
    }

    @Override
    public AdminResult<ConfigResource, Map<String, ConfigEntry>> describeConfigs(
            Collection<ConfigResource> resources) {
        Set<ConfigResource> keys = distinct(resources, "resource");
        return result(call("DescribeConfigs", keys, (self, pending) -> perTarget(pending, (node, rs) ->
                send(node, ApiKey.DESCRIBE_CONFIGS, 1, 4, v -> {
                    DescribeConfigsRequest r = new DescribeConfigsRequest().setIncludeSynonyms(false);
                    rs.forEach(res -> r.resources().add(new DescribeConfigsRequest.DescribeConfigsResource()
                            .setResourceType(res.type().code()).setResourceName(res.name())
                            .setConfigurationKeys(null)));
                    return r;
                }).thenApply((DescribeConfigsResponse response) -> {
                    Map<ConfigResource, Outcome<Map<String, ConfigEntry>>> out = new HashMap<>();
                    for (DescribeConfigsResponse.DescribeConfigsResult res : response.results()) {
                        ConfigResource key = resource(res.resourceType(), res.resourceName());
                        if (key == null) {
                            continue;
                        }
                        Map<String, ConfigEntry> configs = new LinkedHashMap<>();
                        res.configs().stream()
                                .sorted(Comparator.comparing(DescribeConfigsResponse.DescribeConfigsResourceResult::name))
                                .forEach(c -> configs.put(c.name(), new ConfigEntry(c.name(), c.value(),
                                        ConfigEntry.Source.forCode(c.configSource()), c.readOnly(), c.isSensitive())));
                        out.put(key, outcome(res.errorCode(), res.errorMessage(), "DescribeConfigs for " + key,
                                java.util.Collections.unmodifiableMap(configs), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
                    }
                    return out;
                }))));
    }

    private static ConfigResource resource(byte type, String name) {
        for (ConfigResource.Type t : ConfigResource.Type.values()) {
            if (t.code() == type) {
                return new ConfigResource(t, name);
            }
        }
        return null;
    }

    @Override
    public AdminResult<ConfigResource, Void> incrementalAlterConfigs(
            Map<ConfigResource, ? extends Collection<AlterConfigOp>> configs) {
        Map<ConfigResource, List<AlterConfigOp>> ops = new LinkedHashMap<>();
        Objects.requireNonNull(configs, "configs").forEach((r, list) -> ops.put(Objects.requireNonNull(r, "resource"),
                List.copyOf(Objects.requireNonNull(list, "operations of " + r))));
        return result(call("IncrementalAlterConfigs", ops.keySet(), (self, pending) -> perTarget(pending,
                (node, rs) -> send(node, ApiKey.INCREMENTAL_ALTER_CONFIGS, 0, 1, v -> {
                    IncrementalAlterConfigsRequest r = new IncrementalAlterConfigsRequest().setValidateOnly(false);
                    for (ConfigResource res : rs) {
                        IncrementalAlterConfigsRequest.AlterConfigsResource ar =
                                new IncrementalAlterConfigsRequest.AlterConfigsResource()
                                        .setResourceType(res.type().code()).setResourceName(res.name());
                        for (AlterConfigOp op : ops.get(res)) {
                            ar.configs().add(new IncrementalAlterConfigsRequest.AlterableConfig().setName(op.name())
                                    .setConfigOperation(op.type().code()).setValue(op.value()));
                        }
                        r.resources().add(ar);
                    }
                    return r;
                }).thenApply((IncrementalAlterConfigsResponse response) -> {
                    Map<ConfigResource, Outcome<Void>> out = new HashMap<>();
                    for (IncrementalAlterConfigsResponse.AlterConfigsResourceResponse res : response.responses()) {
                        ConfigResource key = resource(res.resourceType(), res.resourceName());
                        if (key != null) {
                            out.put(key, outcome(res.errorCode(), res.errorMessage(),
                                    "IncrementalAlterConfigs for " + key, null,
                                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
                        }
                    }
                    return out;
                }))));
    }

    // ---------------------------------------------------------------- groups

    @Override
    public CompletableFuture<List<GroupListing>> listGroups() {
        return single("ListGroups", self -> cluster().thenCompose(c -> {
            List<CompletableFuture<ListGroupsResponse>> all = new ArrayList<>();
            for (Node n : c.nodes()) {
                all.add(send(n, ApiKey.LIST_GROUPS, 0, 5, v -> new ListGroupsRequest()));
            }
            return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                List<GroupListing> out = new ArrayList<>();
                for (CompletableFuture<ListGroupsResponse> f : all) {
                    ListGroupsResponse r = f.join();
                    if (r.errorCode() != 0) {
                        return Outcome.<List<GroupListing>>of(error(r.errorCode(), null, "ListGroups"));
                    }
                    for (ListGroupsResponse.ListedGroup g : r.groups()) {
                        out.add(new GroupListing(g.groupId(), g.protocolType(), GroupState.parse(g.groupState()),
                                g.groupType() == null ? "" : g.groupType()));
                    }
                }
                out.sort(Comparator.comparing(GroupListing::groupId));
                return Outcome.ok(List.copyOf(out));
            });
        }));
    }

    /** One request per group to its coordinator; a group's failure stays its own. */
    private <V> CompletableFuture<Map<String, Outcome<V>>> perGroup(Set<String> groups,
            java.util.function.BiFunction<String, Node, CompletableFuture<Outcome<V>>> request) {
        Map<Collection<String>, CompletableFuture<Map<String, Outcome<V>>>> parts = new LinkedHashMap<>();
        for (String g : groups) {
            parts.put(List.of(g), coordinator(g).thenCompose(node -> request.apply(g, node))
                    .thenApply(o -> Map.of(g, o)));
        }
        return merge(parts);
    }

    @Override
    public AdminResult<String, GroupDescription> describeGroups(Collection<String> groupIds) {
        Set<String> ids = distinct(groupIds, "group id");
        return result(call("DescribeGroups", ids, (self, pending) -> perGroup(pending, (group, node) ->
                send(node, ApiKey.DESCRIBE_GROUPS, 0, 6, v -> new DescribeGroupsRequest()
                        .setGroups(new ArrayList<>(List.of(group))))
                        .thenApply((DescribeGroupsResponse response) -> {
                            for (DescribeGroupsResponse.DescribedGroup d : response.groups()) {
                                if (!group.equals(d.groupId())) {
                                    continue;
                                }
                                if (d.errorCode() != 0) {
                                    return outcome(d.errorCode(), d.errorCode() == ErrorCode.GROUP_ID_NOT_FOUND.code()
                                            ? "Group '" + group + "' does not exist" : d.errorMessage(),
                                            "DescribeGroups for group '" + group + "'", null,
                                            ErrorCode.GROUP_ID_NOT_FOUND);
                                }
                                return Outcome.ok(describe(d, node));
                            }
                            return Outcome.<GroupDescription>retry(ErrorCode.UNKNOWN_SERVER_ERROR.exception(
                                    "DescribeGroups for group '" + group + "': not in the response"));
                        }))));
    }

    private static GroupDescription describe(DescribeGroupsResponse.DescribedGroup d, Node coordinator) {
        boolean consumer = "consumer".equals(d.protocolType());
        List<MemberDescription> members = new ArrayList<>();
        for (DescribeGroupsResponse.DescribedGroupMember m : d.members()) {
            Set<TopicPartition> assignment = Set.of();
            if (consumer && m.memberAssignment() != null && m.memberAssignment().length > 0) {
                try {
                    assignment = new LinkedHashSet<>(ConsumerProtocol.deserializeAssignment(m.memberAssignment()));
                } catch (RuntimeException e) {
                    log.debug("Group '{}': member {} has an assignment that does not decode ({}); reported empty",
                            d.groupId(), m.memberId(), e.toString());
                }
            }
            members.add(new MemberDescription(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    assignment));
        }
        return new GroupDescription(d.groupId(), GroupState.parse(d.groupState()), d.protocolType(),
                d.protocolData(), members, coordinator);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        String what = "OffsetFetch for group '" + groupId + "'";
        return single("ListConsumerGroupOffsets", self -> coordinator(groupId).thenCompose(node ->
                send(node, ApiKey.OFFSET_FETCH, 2, 9, v -> {
                    OffsetFetchRequest r = new OffsetFetchRequest();
                    if (v >= 8) {
                        r.setGroups(new ArrayList<>(List.of(new OffsetFetchRequest.OffsetFetchRequestGroup()
                                .setGroupId(groupId).setTopics(null))));
                    } else {
                        r.setGroupId(groupId).setTopics(null);
                    }
                    return r;
                })).thenApply((OffsetFetchResponse response) -> {
                    short top = response.errorCode();
                    Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
                    List<Object[]> rows = new ArrayList<>();
                    if (!response.groups().isEmpty()) {
                        OffsetFetchResponse.OffsetFetchResponseGroup g = response.groups().get(0);
                        top = g.errorCode();
                        for (OffsetFetchResponse.OffsetFetchResponseTopics t : g.topics()) {
                            for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                                rows.add(new Object[] {t.name(), p.partitionIndex(), p.committedOffset(),
                                        p.committedLeaderEpoch(), p.metadata(), p.errorCode()});
                            }
                        }
                    } else {
                        for (OffsetFetchResponse.OffsetFetchResponseTopic t : response.topics()) {
                            for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                                rows.add(new Object[] {t.name(), p.partitionIndex(), p.committedOffset(),
                                        p.committedLeaderEpoch(), p.metadata(), p.errorCode()});
                            }
                        }
                    }
                    if (top != 0) {
                        return outcome(top, null, what, null);
                    }
                    for (Object[] row : rows) {
                        TopicPartition tp = new TopicPartition((String) row[0], (Integer) row[1]);
                        short code = (Short) row[5];
                        if (code != 0) {
                            return outcome(code, null, what + " partition " + tp, null);
                        }
                        long offset = (Long) row[2];
                        if (offset >= 0) {
                            int epoch = (Integer) row[3];
                            out.put(tp, new OffsetAndMetadata(offset, epoch >= 0 ? Optional.of(epoch)
                                    : Optional.empty(), (String) row[4]));
                        }
                    }
                    return Outcome.ok(java.util.Collections.unmodifiableMap(out));
                }));
    }

    @Override
    public AdminResult<TopicPartition, Void> alterConsumerGroupOffsets(String groupId,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Objects.requireNonNull(groupId, "groupId");
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>(Objects.requireNonNull(offsets, "offsets"));
        copy.forEach((tp, o) -> {
            Objects.requireNonNull(tp, "partition");
            Objects.requireNonNull(o, "offset of " + tp);
        });
        return result(call("AlterConsumerGroupOffsets", copy.keySet(), (self, pending) -> coordinator(groupId)
                .thenCompose(node -> send(node, ApiKey.OFFSET_COMMIT, 2, 9, v -> {
                    Map<String, List<TopicPartition>> byTopic = new LinkedHashMap<>();
                    pending.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp));
                    OffsetCommitRequest r = new OffsetCommitRequest().setGroupId(groupId)
                            .setGenerationIdOrMemberEpoch(-1).setMemberId("").setGroupInstanceId(null)
                            .setRetentionTimeMs(-1);
                    byTopic.forEach((topic, tps) -> {
                        OffsetCommitRequest.OffsetCommitRequestTopic t = new OffsetCommitRequest
                                .OffsetCommitRequestTopic().setName(topic);
                        for (TopicPartition tp : tps) {
                            OffsetAndMetadata o = copy.get(tp);
                            t.partitions().add(new OffsetCommitRequest.OffsetCommitRequestPartition()
                                    .setPartitionIndex(tp.partition()).setCommittedOffset(o.offset())
                                    .setCommittedLeaderEpoch(o.leaderEpoch().orElse(-1))
                                    .setCommittedMetadata(o.metadata()));
                        }
                        r.topics().add(t);
                    });
                    return r;
                })).thenApply((OffsetCommitResponse response) -> {
                    Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                    for (OffsetCommitResponse.OffsetCommitResponseTopic t : response.topics()) {
                        for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                            String message = p.errorCode() == ErrorCode.UNKNOWN_MEMBER_ID.code()
                                    ? "group '" + groupId + "' has active members; stop them before altering its "
                                            + "offsets" : null;
                            out.put(tp, outcome(p.errorCode(), message, "OffsetCommit for partition " + tp
                                    + " of group '" + groupId + "'", null, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
                        }
                    }
                    return out;
                })));
    }

    @Override
    public AdminResult<String, Void> deleteConsumerGroups(Collection<String> groupIds) {
        Set<String> ids = distinct(groupIds, "group id");
        return result(call("DeleteConsumerGroups", ids, (self, pending) -> perGroup(pending, (group, node) ->
                send(node, ApiKey.DELETE_GROUPS, 0, 2, v -> new DeleteGroupsRequest()
                        .setGroupsNames(new ArrayList<>(List.of(group))))
                        .thenApply((DeleteGroupsResponse response) -> {
                            for (DeleteGroupsResponse.DeletableGroupResult r : response.results()) {
                                if (group.equals(r.groupId())) {
                                    String message = r.errorCode() == ErrorCode.NON_EMPTY_GROUP.code()
                                            ? "group '" + group + "' has active members"
                                            : r.errorCode() == ErrorCode.GROUP_ID_NOT_FOUND.code()
                                            ? "group '" + group + "' does not exist" : null;
                                    return outcome(r.errorCode(), message, "DeleteGroups for group '" + group + "'",
                                            null);
                                }
                            }
                            return Outcome.<Void>retry(ErrorCode.UNKNOWN_SERVER_ERROR.exception(
                                    "DeleteGroups for group '" + group + "': not in the response"));
                        }))));
    }

    // ---------------------------------------------------------------- records and offsets

    /**
     * Each partition's leader from a fresh Metadata response: a node, or a retriable outcome (no leader yet, topic
     * unknown to this broker yet, as Kafka's admin client retries those) or a final one (authorization, invalid
     * topic).
     */
    private CompletableFuture<Map<TopicPartition, Outcome<Node>>> leaders(Set<TopicPartition> partitions,
            String op) {
        Set<String> topics = new LinkedHashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        return topicMetadata(topics).thenApply(response -> {
            Map<Integer, Node> nodes = nodes(response);
            Map<String, MetadataResponse.MetadataResponseTopic> byName = new HashMap<>();
            response.topics().forEach(t -> byName.put(t.name(), t));
            Map<TopicPartition, Outcome<Node>> out = new HashMap<>();
            for (TopicPartition tp : partitions) {
                MetadataResponse.MetadataResponseTopic t = byName.get(tp.topic());
                String what = op + " for partition " + tp;
                if (t == null) {
                    out.put(tp, Outcome.retry(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception(what
                            + ": topic not in the metadata")));
                    continue;
                }
                if (t.errorCode() != 0) {
                    out.put(tp, outcome(t.errorCode(), null, what, null));
                    continue;
                }
                MetadataResponse.MetadataResponsePartition p = t.partitions().stream()
                        .filter(x -> x.partitionIndex() == tp.partition()).findFirst().orElse(null);
                if (p == null) {
                    out.put(tp, Outcome.retry(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception(what + ": topic '"
                            + tp.topic() + "' has " + t.partitions().size() + " partitions")));
                } else if (p.leaderId() < 0 || !nodes.containsKey(p.leaderId())) {
                    out.put(tp, Outcome.retry(ErrorCode.LEADER_NOT_AVAILABLE.exception(what + ": no leader")));
                } else {
                    out.put(tp, Outcome.ok(nodes.get(p.leaderId())));
                }
            }
            return out;
        });
    }

    /** Looks up leaders, then sends one request per leader; partitions without a leader keep their outcome. */
    private <V> CompletableFuture<Map<TopicPartition, Outcome<V>>> perLeader(Set<TopicPartition> pending, String op,
            java.util.function.BiFunction<Node, List<TopicPartition>, CompletableFuture<Map<TopicPartition,
                    Outcome<V>>>> request) {
        return leaders(pending, op).thenCompose(found -> {
            Map<Collection<TopicPartition>, CompletableFuture<Map<TopicPartition, Outcome<V>>>> parts =
                    new LinkedHashMap<>();
            Map<Node, List<TopicPartition>> byLeader = new LinkedHashMap<>();
            found.forEach((tp, o) -> {
                if (o.error() != null) {
                    parts.put(List.of(tp), CompletableFuture.completedFuture(Map.of(tp,
                            new Outcome<>(null, o.error(), o.retry()))));
                } else {
                    byLeader.computeIfAbsent(o.value(), k -> new ArrayList<>()).add(tp);
                }
            });
            byLeader.forEach((node, tps) -> parts.put(tps, request.apply(node, tps)));
            return merge(parts);
        });
    }

    @Override
    public AdminResult<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, OffsetSpec> copy = new LinkedHashMap<>(Objects.requireNonNull(specs, "specs"));
        copy.forEach((tp, s) -> {
            Objects.requireNonNull(tp, "partition");
            Objects.requireNonNull(s, "spec of " + tp);
        });
        return result(call("ListOffsets", copy.keySet(), (self, pending) -> perLeader(pending, "ListOffsets",
                (node, tps) -> {
                    boolean maxTs = tps.stream().anyMatch(tp -> copy.get(tp).equals(OffsetSpec.maxTimestamp()));
                    return send(node, ApiKey.LIST_OFFSETS, maxTs ? 7 : 1, 10, v -> {
                        Map<String, ListOffsetsRequest.ListOffsetsTopic> topics = new LinkedHashMap<>();
                        for (TopicPartition tp : tps) {
                            topics.computeIfAbsent(tp.topic(), t -> new ListOffsetsRequest.ListOffsetsTopic()
                                    .setName(t)).partitions().add(new ListOffsetsRequest.ListOffsetsPartition()
                                    .setPartitionIndex(tp.partition()).setCurrentLeaderEpoch(-1)
                                    .setTimestamp(copy.get(tp).timestamp()));
                        }
                        return new ListOffsetsRequest().setReplicaId(-1).setIsolationLevel((byte) 0)
                                .setTopics(new ArrayList<>(topics.values()));
                    }).thenApply((ListOffsetsResponse response) -> {
                        Map<TopicPartition, Outcome<ListedOffset>> out = new HashMap<>();
                        for (ListOffsetsResponse.ListOffsetsTopicResponse t : response.topics()) {
                            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                                out.put(tp, outcome(p.errorCode(), null, "ListOffsets for partition " + tp,
                                        new ListedOffset(p.offset(), p.timestamp(), p.leaderEpoch() >= 0
                                                ? Optional.of(p.leaderEpoch()) : Optional.empty())));
                            }
                        }
                        return out;
                    });
                })));
    }

    @Override
    public AdminResult<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        Map<TopicPartition, Long> copy = new LinkedHashMap<>(Objects.requireNonNull(beforeOffsets, "beforeOffsets"));
        copy.forEach((tp, o) -> {
            Objects.requireNonNull(tp, "partition");
            if (Objects.requireNonNull(o, "offset of " + tp) < -1) {
                throw new IllegalArgumentException("delete records of " + tp + " before offset " + o
                        + " (expected: >= 0, or -1 for the high watermark)");
            }
        });
        return result(call("DeleteRecords", copy.keySet(), (self, pending) -> perLeader(pending, "DeleteRecords",
                (node, tps) -> send(node, ApiKey.DELETE_RECORDS, 0, 2, v -> {
                    Map<String, DeleteRecordsRequest.DeleteRecordsTopic> topics = new LinkedHashMap<>();
                    for (TopicPartition tp : tps) {
                        topics.computeIfAbsent(tp.topic(), t -> new DeleteRecordsRequest.DeleteRecordsTopic()
                                .setName(t)).partitions().add(new DeleteRecordsRequest.DeleteRecordsPartition()
                                .setPartitionIndex(tp.partition()).setOffset(copy.get(tp)));
                    }
                    return new DeleteRecordsRequest().setTimeoutMs(brokerTimeoutMs(self))
                            .setTopics(new ArrayList<>(topics.values()));
                }).thenApply((DeleteRecordsResponse response) -> {
                    Map<TopicPartition, Outcome<Long>> out = new HashMap<>();
                    for (DeleteRecordsResponse.DeleteRecordsTopicResult t : response.topics()) {
                        for (DeleteRecordsResponse.DeleteRecordsPartitionResult p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                            String message = p.errorCode() == ErrorCode.OFFSET_OUT_OF_RANGE.code()
                                    ? "offset " + copy.get(tp) + " is past the partition's high watermark" : null;
                            out.put(tp, outcome(p.errorCode(), message, "DeleteRecords for partition " + tp,
                                    p.lowWatermark()));
                        }
                    }
                    return out;
                }))));
    }

    // ---------------------------------------------------------------- helpers, lifecycle

    private static <T> Set<T> distinct(Collection<T> items, String what) {
        Set<T> out = new LinkedHashSet<>();
        for (T t : Objects.requireNonNull(items, what + "s")) {
            if (!out.add(Objects.requireNonNull(t, what))) {
                throw new IllegalArgumentException(what + " " + t + " named twice");
            }
        }
        return out;
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        shared.closed = true;
        List<AdminCall<?, ?>> calls = new ArrayList<>(shared.inFlight);
        if (!calls.isEmpty() && !timeout.isZero() && !timeout.isNegative()) {
            long ms;
            try {
                ms = timeout.toMillis();
            } catch (ArithmeticException e) {
                ms = Long.MAX_VALUE;
            }
            try {
                CompletableFuture.allOf(calls.stream().map(AdminCall::done).toArray(CompletableFuture<?>[]::new))
                        .get(ms, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.debug("Admin client closing with {} call(s) still in progress", shared.inFlight.size());
            }
        }
        for (AdminCall<?, ?> c : new ArrayList<>(shared.inFlight)) {
            c.expire("the admin client was closed before the call completed");
        }
        shared.metadata.close();
    }
}
