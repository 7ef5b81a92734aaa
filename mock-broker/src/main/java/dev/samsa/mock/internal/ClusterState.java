package dev.samsa.mock.internal;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.mock.KafkaApi;
import dev.samsa.mock.ReceivedRequest;
import dev.samsa.time.Time;
import dev.samsa.transport.ApiVersionRanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole state of one mock cluster (brokers, topics and their logs, groups, producer ids, fetch sessions, parked
 * requests, faults, the request log) behind one lock, the single owner of state that STYLE habit 10 asks for.
 *
 * <p>Every request and every timer takes {@link #lock}, changes state, and queues what it has to deliver with
 * {@link #afterUnlock}; those tasks (response delivery, future completion) run once the outermost holder releases
 * the lock, on its thread, so no client code ever runs under the lock.
 */
public final class ClusterState {
    /** Resolved on first use: logging is only for failures, and SLF4J's start-up would double a cold start. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);
    }
    /** Kafka's limit on topic name length. */
    static final int MAX_TOPIC_NAME_LENGTH = 249;
    /** Partitions of Kafka's {@code __consumer_offsets}, which place group coordinators. */
    static final int OFFSETS_TOPIC_PARTITIONS = 50;

    private final ReentrantLock lock = new ReentrantLock();
    private List<Runnable> outbox = new ArrayList<>();

    final ClusterConfig config;
    final Time time;
    final Random random;
    final List<BrokerState> brokers;
    private final Map<Integer, BrokerState> brokersById = new HashMap<>();
    final Map<String, TopicState> topics = new TreeMap<>();
    final Map<UUID, TopicState> topicsById = new HashMap<>();
    final GroupCoordinator groups;
    final DelayedFetches delayedFetches = new DelayedFetches(this);
    final Map<String, Integer> coordinatorOverrides = new HashMap<>();
    /** Dynamic broker configs set with IncrementalAlterConfigs, by resource name (a broker id, or "" for all). */
    final Map<String, Map<String, String>> brokerConfigOverrides = new HashMap<>();
    final List<FaultRule> faults = new ArrayList<>();
    final RequestLog requestLog;
    /** The SASL users of the TCP listener, or null: PLAINTEXT. */
    final SaslUsers saslUsers;
    final Authorizer authorizer;
    private final Map<ApiKey, Handler<?, ?>> handlers = new EnumMap<>(ApiKey.class);
    private final ApiVersionRanges apiVersions;
    private long nextProducerId = 1000;
    final Map<String, long[]> transactionalProducers = new HashMap<>();
    private int topicCounter;
    private Time.Timeout retentionTask;
    private volatile boolean closed;

    /**
     * Builds the brokers, the handlers and the topics the config names.
     *
     * @throws dev.samsa.errors.ApiException if a topic cannot be created (name, replication factor, config)
     */
    public ClusterState(ClusterConfig config) {
        this(config, SecurityConfig.NONE);
    }

    /**
     * Builds the brokers, the handlers and the topics the config names, with SASL users and an authorizer.
     *
     * @throws dev.samsa.errors.ApiException if a topic cannot be created (name, replication factor, config)
     */
    public ClusterState(ClusterConfig config, SecurityConfig security) {
        this.config = config;
        this.saslUsers = security.saslUsers().isEmpty() ? null
                : new SaslUsers(security.saslUsers(), security.saslMechanisms(), security.scramIterations());
        this.authorizer = new Authorizer(security.authorization(), security.acls(), security.superUsers(),
                security.allowEveryoneIfNoAclFound());
        this.time = config.time();
        this.random = new Random(config.seed());
        List<BrokerState> list = new ArrayList<>();
        for (int i = 0; i < config.brokers(); i++) {
            int id = config.firstBrokerId() + i;
            BrokerState b = new BrokerState(id, i, config.racks().get(id));
            list.add(b);
            brokersById.put(id, b);
        }
        this.brokers = Collections.unmodifiableList(list);
        this.requestLog = new RequestLog(config.requestLogCapacity());
        // Security: SASL (served before authentication by SaslSession, after it by these handlers) and ACLs.
        for (Handler<?, ?> h : List.of(new SaslHandshakeHandler(), new SaslAuthenticateHandler(),
                new DescribeAclsHandler(), new CreateAclsHandler(), new DeleteAclsHandler())) {
            handlers.put(h.api, h);
        }
        this.groups = new GroupCoordinator(this);
        for (Handler<?, ?> h : List.of(new ApiVersionsHandler(), new MetadataHandler(), new ProduceHandler(),
                new FetchHandler(), new ListOffsetsHandler(), new CreateTopicsHandler(), new DeleteTopicsHandler(),
                new CreatePartitionsHandler(), new InitProducerIdHandler(), new FindCoordinatorHandler(),
                new JoinGroupHandler(), new SyncGroupHandler(), new HeartbeatHandler(), new LeaveGroupHandler(),
                new OffsetCommitHandler(), new OffsetFetchHandler(), new DescribeGroupsHandler(),
                new ListGroupsHandler(), new DeleteGroupsHandler(), new OffsetForLeaderEpochHandler(),
                new DescribeConfigsHandler(), new IncrementalAlterConfigsHandler(), new DescribeClusterHandler(),
                new DeleteRecordsHandler())) {
            handlers.put(h.api, h);
        }
        ApiVersionRanges.Builder b = ApiVersionRanges.builder();
        for (Handler<?, ?> h : handlers.values()) {
            b.put(h.api.id(), h.minVersion, h.maxVersion);
        }
        this.apiVersions = b.build();
        withLock(() -> {
            for (TopicSpec spec : config.topics()) {
                createTopic(spec.name(), spec.partitions(), spec.replicationFactor(), null, spec.configs(), false);
            }
            return null;
        });
    }

    /** Serves an API with {@code handler} from now on (client-only benchmark mode); under the lock. */
    void replaceHandler(Handler<?, ?> handler) {
        handlers.put(handler.api, handler);
    }

    // ---------------------------------------------------------------- locking

    /** Runs {@code body} under the lock, then (outermost caller only) the tasks it queued with {@link #afterUnlock}. */
    public <T> T withLock(Supplier<T> body) {
        lock.lock();
        T result;
        try {
            result = body.get();
        } finally {
            unlockAndFlush();
        }
        return result;
    }

    /** Queues {@code task} to run once the lock is released; must be called under the lock. */
    void afterUnlock(Runnable task) {
        outbox.add(task);
    }

    private void unlockAndFlush() {
        List<Runnable> tasks = null;
        if (lock.getHoldCount() == 1 && !outbox.isEmpty()) {
            tasks = outbox;
            outbox = new ArrayList<>();
        }
        lock.unlock();
        if (tasks != null) {
            for (Runnable t : tasks) {
                try {
                    t.run();
                } catch (RuntimeException e) {
                    Log.LOG.error("Mock cluster: delivering a response failed", e);
                }
            }
        }
    }

    /** Schedules {@code task} on the cluster's clock; it runs under the lock. */
    Time.Timeout schedule(long delayMs, Runnable task) {
        return time.schedule(delayMs, TimeUnit.MILLISECONDS, () -> {
            if (!closed) {
                withLock(() -> {
                    task.run();
                    return null;
                });
            }
        });
    }

    // ---------------------------------------------------------------- brokers

    /** The brokers in id order, running or not. */
    public List<BrokerState> brokers() {
        return brokers;
    }

    /** The broker with this id, or null. */
    public BrokerState broker(int id) {
        return brokersById.get(id);
    }

    /** What ApiVersions advertises: each served API, lowest to latest stable version. */
    public ApiVersionRanges apiVersions() {
        return apiVersions;
    }

    /** Whether {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /** The cluster's clock. */
    public Time time() {
        return time;
    }

    /** The settings the cluster was built with. */
    public ClusterConfig config() {
        return config;
    }

    /** The ACL authorizer (off unless ACLs or authorization were configured). */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** The SASL users of the TCP listener, or null if it is PLAINTEXT. */
    public SaslUsers saslUsers() {
        return saslUsers;
    }

    /** The live controller: the configured one while it runs, else the first running broker; -1 if none. */
    int controllerId() {
        BrokerState c = brokersById.get(config.controllerId());
        if (c != null && c.alive) {
            return c.id;
        }
        for (BrokerState b : brokers) {
            if (b.alive) {
                return b.id;
            }
        }
        return -1;
    }

    List<BrokerState> aliveBrokers() {
        List<BrokerState> out = new ArrayList<>();
        for (BrokerState b : brokers) {
            if (b.alive) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * The coordinator of a group (or transactional id): where the test moved it, else the leader of the
     * {@code __consumer_offsets} partition Kafka would hash it to, modelled as broker {@code partition % brokers},
     * skipping stopped brokers. -1 if no broker runs.
     */
    int coordinatorFor(String key) {
        Integer moved = coordinatorOverrides.get(key);
        if (moved != null && brokersById.get(moved).alive) {
            return moved;
        }
        int partition = (key.hashCode() & 0x7fffffff) % OFFSETS_TOPIC_PARTITIONS;
        for (int i = 0; i < brokers.size(); i++) {
            BrokerState b = brokers.get((partition + i) % brokers.size());
            if (b.alive) {
                return b.id;
            }
        }
        return -1;
    }

    /** Stops a broker: its connections drop, leadership of its partitions moves, parked requests fail. */
    public void stopBroker(int id) {
        withLock(() -> {
            BrokerState b = requireBroker(id);
            if (!b.alive) {
                return null;
            }
            b.alive = false;
            b.fetchSessions.clear();
            for (TopicState t : topics.values()) {
                for (PartitionState p : t.partitions) {
                    if (!p.replicas.contains(id)) {
                        continue;
                    }
                    if (p.isr.size() > 1) {
                        p.isr.remove((Integer) id);
                    }
                    if (p.leader == id) {
                        int next = -1;
                        for (int r : p.isr) {
                            if (r != id && brokersById.get(r).alive) {
                                next = r;
                                break;
                            }
                        }
                        changeLeader(p, next);
                    }
                }
            }
            delayedFetches.failBroker(b);
            groups.onBrokerStopped(b);
            return null;
        });
    }

    /** Restarts a stopped broker: it rejoins the ISR of its partitions and leads those that had no leader. */
    public void startBroker(int id) {
        withLock(() -> {
            BrokerState b = requireBroker(id);
            if (b.alive) {
                return null;
            }
            b.alive = true;
            for (TopicState t : topics.values()) {
                for (PartitionState p : t.partitions) {
                    if (!p.replicas.contains(id)) {
                        continue;
                    }
                    if (p.leader == -1) {
                        if (p.isr.contains(id)) {
                            changeLeader(p, id);
                        }
                    } else if (!p.isr.contains(id)) {
                        p.isr.add(id); // the mock's replicas catch up instantly
                    }
                }
            }
            return null;
        });
    }

    /** The partition, if {@code brokerId} is a live replica of it that may become its leader. */
    private PartitionState requireLeaderCandidate(String topic, int partition, int brokerId) {
        PartitionState p = requirePartition(topic, partition);
        BrokerState b = requireBroker(brokerId);
        if (!p.replicas.contains(brokerId)) {
            throw new IllegalArgumentException("broker " + brokerId + " is not a replica of " + p
                    + " (replicas " + p.replicas + ")");
        }
        if (!b.alive) {
            throw new IllegalArgumentException("broker " + brokerId + " is stopped; it cannot lead " + p);
        }
        return p;
    }

    /** Makes {@code brokerId} the leader of a partition, bumping its leader epoch. */
    public void moveLeader(String topic, int partition, int brokerId) {
        withLock(() -> {
            PartitionState p = requireLeaderCandidate(topic, partition, brokerId);
            if (!p.isr.contains(brokerId)) {
                p.isr.add(brokerId);
            }
            if (p.leader != brokerId) {
                changeLeader(p, brokerId);
            }
            return null;
        });
    }

    /**
     * An unclean leader election: {@code brokerId} becomes the leader (leader epoch bumped) with a log that ends at
     * {@code logEndOffset}, so the records from there on are lost and new ones will be written over their offsets.
     */
    public void electUncleanLeader(String topic, int partition, int brokerId, long logEndOffset) {
        withLock(() -> {
            PartitionState p = requireLeaderCandidate(topic, partition, brokerId);
            p.log.truncateTo(logEndOffset);
            p.isr.clear();
            p.isr.add(brokerId);
            changeLeader(p, brokerId);
            return null;
        });
    }

    /**
     * Takes a running follower out of a partition's ISR (the replica keeps running and serving fetches); a no-op if
     * it is not in the ISR. The mock models no partition epoch and the leader epoch stays as is, as in Kafka.
     */
    public void shrinkIsr(String topic, int partition, int brokerId) {
        withLock(() -> {
            PartitionState p = requireReplica(topic, partition, brokerId);
            if (p.leader == brokerId) {
                throw new IllegalArgumentException("broker " + brokerId + " leads partition " + partition
                        + " of topic '" + topic + "'; a leader cannot leave its own ISR (move the leadership first)");
            }
            if (p.leader < 0 && p.isr.contains(brokerId)) {
                throw new IllegalArgumentException(p + " has no leader; its last in-sync replica, broker " + brokerId
                        + ", stays in the ISR");
            }
            p.isr.remove((Integer) brokerId);
            return null;
        });
    }

    /** Puts a running replica back into a partition's ISR (the mock's replicas catch up at once); idempotent. */
    public void expandIsr(String topic, int partition, int brokerId) {
        withLock(() -> {
            PartitionState p = requireReplica(topic, partition, brokerId);
            if (!brokersById.get(brokerId).alive) {
                throw new IllegalArgumentException("broker " + brokerId + " is stopped; it cannot rejoin the ISR of "
                        + p);
            }
            if (p.leader < 0) {
                throw new IllegalArgumentException(p + " has no leader to add broker " + brokerId + " to its ISR");
            }
            if (!p.isr.contains(brokerId)) {
                p.isr.add(brokerId);
            }
            return null;
        });
    }

    /** The partition, if {@code brokerId} is one of its replicas. */
    private PartitionState requireReplica(String topic, int partition, int brokerId) {
        PartitionState p = requirePartition(topic, partition);
        requireBroker(brokerId);
        if (!p.replicas.contains(brokerId)) {
            throw new IllegalArgumentException("broker " + brokerId + " is not a replica of " + p
                    + " (replicas " + p.replicas + ")");
        }
        return p;
    }

    /** Moves the coordinator of {@code groupId} to {@code brokerId}. */
    public void moveCoordinator(String groupId, int brokerId) {
        withLock(() -> {
            requireBroker(brokerId);
            int before = coordinatorFor(groupId);
            coordinatorOverrides.put(groupId, brokerId);
            if (before != brokerId) {
                groups.onCoordinatorMoved(groupId);
            }
            return null;
        });
    }

    private void changeLeader(PartitionState p, int leader) {
        p.leader = leader;
        p.leaderEpoch++;
        p.log.newEpoch(p.leaderEpoch);
        delayedFetches.wake(p);
    }

    BrokerState requireBroker(int id) {
        BrokerState b = brokersById.get(id);
        if (b == null) {
            throw new IllegalArgumentException("no broker " + id + " in this cluster (brokers "
                    + brokers.get(0).id + ".." + brokers.get(brokers.size() - 1).id + ")");
        }
        return b;
    }

    PartitionState requirePartition(String topic, int partition) {
        TopicState t = topics.get(topic);
        if (t == null) {
            throw new IllegalArgumentException("no topic '" + topic + "' in this cluster");
        }
        PartitionState p = t.partition(partition);
        if (p == null) {
            throw new IllegalArgumentException("no partition " + partition + " in topic '" + topic + "' ("
                    + t.partitions.size() + " partitions)");
        }
        return p;
    }

    // ---------------------------------------------------------------- topics

    /** Kafka's topic name rule; null if legal, else why not. */
    static String invalidTopicName(String name) {
        if (name == null || name.isEmpty()) {
            return "Topic name is illegal, it can't be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "Topic name cannot be \".\" or \"..\"";
        }
        if (name.length() > MAX_TOPIC_NAME_LENGTH) {
            return "Topic name is illegal, it can't be longer than " + MAX_TOPIC_NAME_LENGTH + " characters, "
                    + "topic name: " + name;
        }
        if (!legalTopicChars(name)) {
            return "Topic name \"" + name + "\" is illegal, it contains a character other than ASCII "
                    + "alphanumerics, '.', '_' and '-'";
        }
        return null;
    }

    /** ASCII alphanumerics, '.', '_' and '-' only (a loop, not a regex: no regex engine on a cold start). */
    private static boolean legalTopicChars(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    UUID newUuid() {
        UUID u;
        do {
            u = new UUID(random.nextLong(), random.nextLong());
        } while (u.getMostSignificantBits() == 0 && u.getLeastSignificantBits() <= 1);
        return u;
    }

    /**
     * Creates a topic (CreateTopics, auto-creation, the builder).
     *
     * @param partitions the count, or -1 for {@code num.partitions}
     * @param replicationFactor or -1 for {@code default.replication.factor}
     * @param assignment explicit replicas per partition, or null
     * @param validateOnly check everything but create nothing
     * @return the topic (a detached one when validating only)
     * @throws ApiException with Kafka's error code and message if it cannot be created
     */
    TopicState createTopic(String name, int partitions, int replicationFactor, List<List<Integer>> assignment,
            Map<String, String> configs, boolean validateOnly) {
        String invalid = invalidTopicName(name);
        if (invalid != null) {
            throw ErrorCode.INVALID_TOPIC_EXCEPTION.exception(invalid);
        }
        if (topics.containsKey(name)) {
            throw ErrorCode.TOPIC_ALREADY_EXISTS.exception("Topic '" + name + "' already exists.");
        }
        for (Map.Entry<String, String> e : configs.entrySet()) {
            String problem = TopicState.validateConfig(e.getKey(), e.getValue());
            if (problem != null) {
                throw ErrorCode.INVALID_CONFIG.exception(problem);
            }
        }
        List<List<Integer>> replicas;
        if (assignment != null && !assignment.isEmpty()) {
            if (partitions != -1 || replicationFactor != -1) {
                throw ErrorCode.INVALID_REQUEST.exception("Both numPartitions or replicationFactor and "
                        + "replicasAssignments were set. Both cannot be used at the same time.");
            }
            replicas = validateAssignment(assignment, -1);
        } else {
            int n = partitions == -1 ? config.numPartitions() : partitions;
            int rf = replicationFactor == -1 ? config.defaultReplicationFactor() : replicationFactor;
            if (n <= 0) {
                throw ErrorCode.INVALID_PARTITIONS.exception("Number of partitions was set to an invalid "
                        + "non-positive value.");
            }
            if (rf <= 0) {
                throw ErrorCode.INVALID_REPLICATION_FACTOR.exception("Replication factor must be larger than 0, "
                        + "or -1 to use the default value.");
            }
            replicas = placeReplicas(n, rf, 0, topicCounter);
        }
        TopicState t = new TopicState(name, newUuid(), configs, config.messageMaxBytes());
        for (int i = 0; i < replicas.size(); i++) {
            t.partitions.add(new PartitionState(t, i, replicas.get(i)));
        }
        if (!validateOnly) {
            topicCounter++;
            topics.put(name, t);
            topicsById.put(t.id, t);
        }
        return t;
    }

    /** Round-robin placement over running brokers, leaders spread the way Kafka's placer spreads them. */
    private List<List<Integer>> placeReplicas(int partitions, int rf, int firstPartition, int start) {
        List<BrokerState> alive = aliveBrokers();
        if (rf > alive.size()) {
            throw ErrorCode.INVALID_REPLICATION_FACTOR.exception("Unable to replicate the partition " + rf
                    + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                    + alive.size() + " broker(s) are registered.");
        }
        List<List<Integer>> out = new ArrayList<>(partitions);
        for (int p = firstPartition; p < firstPartition + partitions; p++) {
            List<Integer> r = new ArrayList<>(rf);
            for (int i = 0; i < rf; i++) {
                r.add(alive.get((start + p + i) % alive.size()).id);
            }
            out.add(r);
        }
        return out;
    }

    private List<List<Integer>> validateAssignment(List<List<Integer>> assignment, int rf) {
        for (List<Integer> r : assignment) {
            if (r.isEmpty() || (rf > 0 && r.size() != rf)) {
                throw ErrorCode.INVALID_REPLICA_ASSIGNMENT.exception("Replica assignment " + r
                        + " does not have the replication factor of the topic");
            }
            if (r.stream().distinct().count() != r.size()) {
                throw ErrorCode.INVALID_REPLICA_ASSIGNMENT.exception("Duplicate brokers in replica assignment "
                        + r);
            }
            for (int id : r) {
                if (!brokersById.containsKey(id)) {
                    throw ErrorCode.INVALID_REPLICA_ASSIGNMENT.exception("Replica assignment " + r
                            + " names broker " + id + ", which is not registered");
                }
            }
        }
        return assignment;
    }

    /** Grows a topic to {@code count} partitions (CreatePartitions). */
    void createPartitions(String name, int count, List<List<Integer>> assignment, boolean validateOnly) {
        TopicState t = topics.get(name);
        if (t == null) {
            throw ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("The topic '" + name + "' does not exist.");
        }
        int current = t.partitions.size();
        if (count < current) {
            throw ErrorCode.INVALID_PARTITIONS.exception("Topic currently has " + current
                    + " partitions, which is higher than the requested " + count + ".");
        }
        if (count == current) {
            throw ErrorCode.INVALID_PARTITIONS.exception("Topic already has " + current + " partitions.");
        }
        int rf = t.partitions.get(0).replicas.size();
        List<List<Integer>> replicas;
        if (assignment != null && !assignment.isEmpty()) {
            if (assignment.size() != count - current) {
                throw ErrorCode.INVALID_REPLICA_ASSIGNMENT.exception("Attempted to add " + (count - current)
                        + " additional partition(s), but only " + assignment.size() + " assignment(s) were "
                        + "specified.");
            }
            replicas = validateAssignment(assignment, rf);
        } else {
            replicas = placeReplicas(count - current, rf, current, topicCounter);
        }
        if (validateOnly) {
            return;
        }
        for (int i = 0; i < replicas.size(); i++) {
            t.partitions.add(new PartitionState(t, current + i, replicas.get(i)));
        }
    }

    /** Deletes a topic: its logs are released, parked fetches on it complete, groups forget its offsets. */
    void deleteTopic(TopicState t) {
        topics.remove(t.name);
        topicsById.remove(t.id);
        for (PartitionState p : t.partitions) {
            delayedFetches.wake(p);
            p.log.releaseAll();
        }
        groups.onTopicDeleted(t.name);
    }

    /** Auto-creates a topic as Metadata does with {@code auto.create.topics.enable}; null if it may not. */
    TopicState maybeAutoCreate(String name) {
        if (!config.autoCreateTopics()) {
            return null;
        }
        return createTopic(name, -1, -1, null, Map.of(), false);
    }

    long nextProducerId() {
        return nextProducerId++;
    }

    // ---------------------------------------------------------------- dispatch

    /**
     * Handles one request: records it, applies the first matching fault, and runs its handler. The transports
     * have already checked that the API and version are served.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void dispatch(RequestContext ctx, ApiRequest<?> request) {
        withLock(() -> {
            Handler handler = handlers.get(ctx.api);
            if (closed || !ctx.broker.alive) {
                ctx.disconnect(ctx.broker + " is not running");
                return null;
            }
            if (requestLog.enabled()) {
                requestLog.add(new ReceivedRequest(ctx.broker.id, KafkaApi.forId(ctx.api.id()), ctx.version,
                        ctx.clientId, ctx.sink.correlationId(), time.milliseconds(), ctx.principal,
                        partitionsOf(handler, ctx, request), request));
            }
            FaultRule fault = matchFault(handler, ctx, request);
            try {
                if (fault != null && fault.action == FaultRule.Action.ERROR && fault.topic == null) {
                    ctx.respond(handler.errorResponse(ctx, request, fault.error));
                    return null;
                }
                ErrorCode denied = ctx.authorizer().enabled() ? handler.authorize(ctx, request) : null;
                if (denied != null) {
                    ctx.respond(handler.errorResponse(ctx, request, denied));
                    return null;
                }
                handler.handle(ctx, request);
            } catch (ApiException e) {
                ctx.respond(handler.errorResponse(ctx, request, ErrorCode.forException(e)));
            } catch (RuntimeException e) {
                Log.LOG.error("Mock broker {}: {} failed; answering UNKNOWN_SERVER_ERROR", ctx.broker.id, ctx, e);
                ctx.respond(handler.errorResponse(ctx, request, ErrorCode.UNKNOWN_SERVER_ERROR));
            }
            return null;
        });
    }

    /** The partitions a request names, in its order, once each; those of unknown topic ids are left out. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<TopicPartition> partitionsOf(Handler handler, RequestContext ctx, ApiRequest<?> request) {
        Set<TopicPartition> named = new LinkedHashSet<>();
        handler.forEachPartition(ctx, request, (topic, partition) -> {
            if (topic != null && partition >= 0) {
                named.add(new TopicPartition(topic, partition));
            }
            return false;
        });
        return List.copyOf(named);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private FaultRule matchFault(Handler handler, RequestContext ctx, ApiRequest<?> request) {
        for (FaultRule rule : faults) {
            if (!rule.active() || rule.api != ctx.api) {
                continue;
            }
            if (rule.brokerId != null && rule.brokerId != ctx.broker.id) {
                continue;
            }
            if (rule.clientId != null && !rule.clientId.equals(ctx.clientId)) {
                continue;
            }
            if (rule.topic != null) {
                boolean[] touched = {false};
                handler.forEachPartition(ctx, request, (topic, partition) -> {
                    touched[0] = rule.matchesPartition((String) topic, (int) partition);
                    return touched[0];
                });
                if (!touched[0]) {
                    continue;
                }
            }
            rule.use();
            if (rule.action == FaultRule.Action.ERROR) {
                if (rule.topic != null) {
                    ctx.partitionError = rule;
                }
            } else {
                ctx.delivery = rule;
            }
            return rule;
        }
        return null;
    }

    /** Installs a fault rule (under the lock). */
    public void addFault(FaultRule rule) {
        faults.add(rule);
    }

    /** Cancels a fault rule (under the lock). */
    public void removeFault(FaultRule rule) {
        rule.cancelled = true;
        faults.remove(rule);
    }

    /** Cancels every fault rule (under the lock). */
    public void clearFaults() {
        for (FaultRule r : faults) {
            r.cancelled = true;
        }
        faults.clear();
    }

    /** How many requests a rule hit (under the lock). */
    public int faultHits(FaultRule rule) {
        return rule.hits;
    }

    /** How many more requests a rule will hit, -1 for unlimited (under the lock). */
    public int faultRemaining(FaultRule rule) {
        return rule.cancelled ? 0 : rule.remaining;
    }

    /** Versions of {@code api} the mock serves, or null if it does not serve it. */
    public short[] versions(ApiKey api) {
        Handler<?, ?> h = handlers.get(api);
        return h == null ? null : new short[] {h.minVersion, h.maxVersion};
    }

    /** Fails the parked requests of connections that match (a fault disconnecting one client). */
    public void connectionClosed(Object connection) {
        withLock(() -> {
            delayedFetches.connectionClosed(connection);
            return null;
        });
    }

    // ---------------------------------------------------------------- retention and compaction

    /**
     * Starts the periodic log cleaner at the first append (under the lock): a cluster with no data has nothing to
     * clean, and needs no timer (nor, on the system clock, its thread).
     */
    void onFirstAppend() {
        if (retentionTask == null && config.retentionCheckIntervalMs() > 0 && !closed) {
            scheduleRetention();
        }
    }

    private void scheduleRetention() {
        retentionTask = schedule(config.retentionCheckIntervalMs(), () -> {
            enforceRetention();
            if (!closed) {
                scheduleRetention();
            }
        });
    }

    /** One pass of the log cleaner over every topic: retention by time and size, then compaction. */
    public void enforceRetention() {
        withLock(() -> {
            long now = time.milliseconds();
            for (TopicState t : topics.values()) {
                for (PartitionState p : t.partitions) {
                    if (t.delete()) {
                        LogCleaner.applyRetention(p.log, t.retentionMs(), t.retentionBytes(), now);
                    }
                    if (t.compact()) {
                        LogCleaner.compact(p.log, t.deleteRetentionMs(), now);
                    }
                }
            }
            return null;
        });
    }

    /** Compacts one topic now, whatever its cleanup policy. */
    public void compact(String topic) {
        withLock(() -> {
            TopicState t = topics.get(topic);
            if (t == null) {
                throw new IllegalArgumentException("no topic '" + topic + "' in this cluster");
            }
            long now = time.milliseconds();
            for (PartitionState p : t.partitions) {
                LogCleaner.compact(p.log, t.deleteRetentionMs(), now);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops timers, fails parked requests and releases every log. Idempotent. */
    public void close() {
        withLock(() -> {
            if (closed) {
                return null;
            }
            closed = true;
            if (retentionTask != null) {
                retentionTask.cancel();
            }
            for (BrokerState b : brokers) {
                delayedFetches.failBroker(b);
            }
            groups.close();
            for (TopicState t : topics.values()) {
                for (PartitionState p : t.partitions) {
                    p.log.releaseAll();
                }
            }
            return null;
        });
    }

    /** The node for a request addressed by id (id >= 0), or by address / bootstrap index otherwise. */
    public BrokerState route(Node node) {
        if (node.id() >= 0) {
            return brokersById.get(node.id());
        }
        for (BrokerState b : brokers) {
            if (b.port() == node.port() && (BrokerState.HOST.equals(node.host()) || "localhost".equals(node.host()))) {
                return b;
            }
        }
        int index = -node.id() - 1;
        return index < brokers.size() ? brokers.get(index) : null;
    }

    /** Live view helpers for inspection, under the lock. */
    Map<String, TopicState> topicsView() {
        return new LinkedHashMap<>(topics);
    }
}
