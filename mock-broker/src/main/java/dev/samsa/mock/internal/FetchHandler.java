// Fetch, versions 4-18 (every version Kafka 4.1 defines).
//
// Serves consumers (replica id -1): by topic name below v13 and by topic id from v13; fetch.min.bytes and
// fetch.max.wait.ms against the cluster's clock (a parked fetch completes as soon as enough bytes arrive, a
// partition it reads fails, or the wait elapses); partition and response byte limits with KIP-74's rule that the
// first batch of the first non-empty partition comes back whole even if larger; full and incremental fetch sessions
// (KIP-227); currentLeaderEpoch fencing (KIP-320); currentLeader hints with NOT_LEADER_OR_FOLLOWER (KIP-951); the
// lastFetchedEpoch divergence check (v12+): if the log's end offset for that epoch lies below the fetch offset, or
// the epoch is unknown to it, the partition gets a divergingEpoch and no records, as Kafka answers any fetcher.
// Fetching from the closest replica (KIP-392): a consumer's Fetch v11+ is served by any replica of the partition, not
// only its leader; with MockCluster.Builder#replicaSelector(RACK_AWARE) the leader answers a consumer whose rack_id is
// not its own rack but that of an in-sync, running follower (the mock's in-sync followers hold the whole log) with
// preferred_read_replica set and no records, and answers at once rather than parking the fetch, as Kafka does.
//
// Deviations: follower fetches are served as consumer fetches (there is no replication to drive); followers share the
// leader's log, so a follower out of the ISR still serves everything up to the high watermark; there are no aborted
// transactions; the high watermark and last stable
// offset always equal the log end offset; incremental sessions are never evicted (the cache holds 1000 sessions,
// after which new ones are refused and fetches go sessionless, as Kafka does when its cache is full).
//
// Authorization (when on): READ on each topic, else TOPIC_AUTHORIZATION_FAILED for its partitions (a parked fetch
// sees ACL changes when it completes).
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ReplicaSelector;
import dev.samsa.mock.ResourceType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

final class FetchHandler extends Handler<FetchRequest, FetchResponse> {
    private static final UUID ZERO = new UUID(0, 0);

    FetchHandler() {
        super(dev.samsa.internal.protocol.ApiKey.FETCH);
    }

    /** A fetch being answered: what to read and how to frame the answer. */
    static final class Plan {
        final RequestContext ctx;
        final List<FetchSessionCache.Cached> partitions;
        final FetchSessionCache.Session session;
        final boolean incremental;
        final int minBytes;
        final int maxBytes;
        final boolean byTopicId;
        /**
         * A consumer's Fetch v11+ (Kafka's client metadata): followers may serve it and the leader may name a
         * preferred read replica (KIP-392).
         */
        final boolean fromConsumer;
        /** The consumer's {@code client.rack} (v11+), empty for none. */
        final String rackId;
        dev.samsa.time.Time.Timeout timeout;

        Plan(RequestContext ctx, List<FetchSessionCache.Cached> partitions, FetchSessionCache.Session session,
                boolean incremental, int minBytes, int maxBytes, boolean byTopicId, boolean fromConsumer,
                String rackId) {
            this.ctx = ctx;
            this.partitions = partitions;
            this.session = session;
            this.incremental = incremental;
            this.minBytes = minBytes;
            this.maxBytes = maxBytes;
            this.byTopicId = byTopicId;
            this.fromConsumer = fromConsumer;
            this.rackId = rackId == null ? "" : rackId;
        }
    }

    @Override
    void forEachPartition(RequestContext ctx, FetchRequest request, PartitionVisitor visitor) {
        for (FetchRequest.FetchTopic t : request.topics()) {
            String name = topicName(ctx, t);
            for (FetchRequest.FetchPartition p : t.partitions()) {
                if (visitor.visit(name, p.partition())) {
                    return;
                }
            }
        }
    }

    private static String topicName(RequestContext ctx, FetchRequest.FetchTopic t) {
        if (ctx.version >= 13) {
            TopicState topic = ctx.cluster.topicsById.get(t.topicId());
            return topic == null ? null : topic.name;
        }
        return t.topic();
    }

    @Override
    void handle(RequestContext ctx, FetchRequest request) {
        boolean byTopicId = ctx.version >= 13;
        FetchSessionCache cache = ctx.broker.fetchSessions;
        int sessionId = ctx.version >= 7 ? request.sessionId() : 0;
        int epoch = ctx.version >= 7 ? request.sessionEpoch() : -1;
        FetchSessionCache.Session session = null;
        boolean incremental = false;
        List<FetchSessionCache.Cached> partitions;
        if (sessionId == 0 || epoch <= 0) {
            if (sessionId != 0) {
                cache.remove(sessionId); // epoch 0 or -1 closes the old session (KIP-227)
            } else if (epoch > 0) {
                // An incremental fetch needs a session: id 0 names none (Kafka looks it up and finds nothing).
                ctx.respond(topLevelError(ctx, ErrorCode.FETCH_SESSION_ID_NOT_FOUND));
                return;
            }
            if (epoch == 0) {
                session = cache.create(ctx.cluster.random, byTopicId);
            }
            Map<FetchSessionCache.Key, FetchSessionCache.Cached> full = session != null ? session.partitions
                    : new LinkedHashMap<>();
            addPartitions(ctx, request, byTopicId, full);
            partitions = new ArrayList<>(full.values());
        } else {
            session = cache.get(sessionId);
            if (session == null) {
                ctx.respond(topLevelError(ctx, ErrorCode.FETCH_SESSION_ID_NOT_FOUND));
                return;
            }
            if (session.nextEpoch != epoch) {
                ctx.respond(topLevelError(ctx, ErrorCode.INVALID_FETCH_SESSION_EPOCH));
                return;
            }
            if (session.usesTopicIds != byTopicId) {
                ctx.respond(topLevelError(ctx, ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR));
                return;
            }
            session.nextEpoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
            for (FetchRequest.ForgottenTopic f : request.forgottenTopicsData()) {
                for (int p : f.partitions()) {
                    session.partitions.remove(FetchSessionCache.key(byTopicId, f.topicId(), f.topic(), p));
                }
            }
            addPartitions(ctx, request, byTopicId, session.partitions);
            partitions = new ArrayList<>(session.partitions.values());
            incremental = true;
        }
        int maxBytes = request.maxBytes();
        int replicaId = ctx.version >= 15 ? request.replicaState().replicaId() : request.replicaId();
        boolean fromConsumer = ctx.version >= 11 && replicaId < 0;
        Plan plan = new Plan(ctx, partitions, session, incremental, request.minBytes(), maxBytes, byTopicId,
                fromConsumer, fromConsumer ? request.rackId() : "");
        if (request.maxWaitMs() <= 0 || partitions.isEmpty() || ready(plan)) {
            ctx.respond(respond(plan));
        } else {
            ctx.cluster.delayedFetches.park(plan, request.maxWaitMs());
        }
    }

    private static void addPartitions(RequestContext ctx, FetchRequest request, boolean byTopicId,
            Map<FetchSessionCache.Key, FetchSessionCache.Cached> into) {
        for (FetchRequest.FetchTopic t : request.topics()) {
            String name = byTopicId ? topicName(ctx, t) : t.topic();
            UUID id = byTopicId ? t.topicId() : null;
            for (FetchRequest.FetchPartition p : t.partitions()) {
                FetchSessionCache.Key key = FetchSessionCache.key(byTopicId, id, name, p.partition());
                FetchSessionCache.Cached c = into.get(key);
                if (c == null) {
                    c = new FetchSessionCache.Cached(id, name, p.partition());
                    into.put(key, c);
                }
                c.fetchOffset = p.fetchOffset();
                c.maxBytes = p.partitionMaxBytes();
                c.currentLeaderEpoch = ctx.version >= 9 ? p.currentLeaderEpoch() : -1;
                c.lastFetchedEpoch = ctx.version >= 12 ? p.lastFetchedEpoch() : -1;
            }
        }
    }

    /** The error a partition would be answered with now, or null if it can be read. */
    static ErrorCode partitionError(Plan plan, FetchSessionCache.Cached c, PartitionState[] out) {
        RequestContext ctx = plan.ctx;
        TopicState topic = c.topicId != null ? ctx.cluster.topicsById.get(c.topicId) : ctx.cluster.topics.get(c.topic);
        String name = topic != null ? topic.name : c.topic;
        if (name != null && !ctx.authorized(AclOperation.READ, ResourceType.TOPIC, name)) {
            return ErrorCode.TOPIC_AUTHORIZATION_FAILED; // before existence, as Kafka: no probing of topic names
        }
        if (topic == null) {
            return c.topicId != null ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        ErrorCode injected = ctx.injectedError(topic.name, c.partition);
        if (injected != null) {
            return injected;
        }
        PartitionState p = topic.partition(c.partition);
        if (p == null) {
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        out[0] = p;
        if (p.leader != ctx.broker.id && !(plan.fromConsumer && p.replicas.contains(ctx.broker.id))) {
            return ErrorCode.NOT_LEADER_OR_FOLLOWER; // followers serve consumers from v11 (KIP-392)
        }
        if (c.currentLeaderEpoch >= 0 && c.currentLeaderEpoch < p.leaderEpoch) {
            return ErrorCode.FENCED_LEADER_EPOCH;
        }
        if (c.currentLeaderEpoch > p.leaderEpoch) {
            return ErrorCode.UNKNOWN_LEADER_EPOCH;
        }
        if (diverges(c, p)) {
            return null; // checked before the offset's range, as Kafka does: answered with a divergingEpoch
        }
        if (c.fetchOffset < p.log.logStartOffset() || c.fetchOffset > p.log.logEndOffset()) {
            return ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        return null;
    }

    /** Whether the log diverges from what the fetcher read (its last fetched epoch ends before its fetch offset). */
    static boolean diverges(FetchSessionCache.Cached c, PartitionState p) {
        if (c.lastFetchedEpoch < 0) {
            return false;
        }
        long[] end = p.log.endOffsetFor(c.lastFetchedEpoch);
        return end[0] < c.lastFetchedEpoch || end[1] < c.fetchOffset;
    }

    /**
     * The replica the leader names for this consumer to fetch from instead (KIP-392's preferred read replica), or -1
     * to serve it here: with the rack-aware selector, when the consumer's rack is not the leader's, the running
     * in-sync follower with the lowest id in that rack, provided the fetch offset lies within the log (a follower
     * must hold it; an offset out of range is answered by the leader with OFFSET_OUT_OF_RANGE).
     */
    static int preferredReadReplica(Plan plan, FetchSessionCache.Cached c, PartitionState p) {
        RequestContext ctx = plan.ctx;
        if (plan.rackId.isEmpty() || ctx.cluster.config.replicaSelector() != ReplicaSelector.RACK_AWARE
                || p.leader != ctx.broker.id || plan.rackId.equals(ctx.broker.rack)
                || c.fetchOffset < p.log.logStartOffset() || c.fetchOffset > p.log.logEndOffset()) {
            return -1;
        }
        int best = -1;
        for (int r : p.isr) {
            BrokerState b = ctx.cluster.broker(r);
            if (r != p.leader && b.alive && plan.rackId.equals(b.rack) && (best < 0 || r < best)) {
                best = r;
            }
        }
        return best;
    }

    /** Whether a fetch can be answered now: enough bytes, a partition that fails, or one sent to another replica. */
    static boolean ready(Plan plan) {
        long bytes = 0;
        boolean minOne = true;
        PartitionState[] p = new PartitionState[1];
        long remaining = plan.maxBytes;
        for (FetchSessionCache.Cached c : plan.partitions) {
            p[0] = null;
            if (partitionError(plan, c, p) != null || preferredReadReplica(plan, c, p[0]) >= 0
                    || diverges(c, p[0])) {
                return true;
            }
            long n = p[0].log.bytesAvailable(c.fetchOffset, (int) Math.min(c.maxBytes, remaining), minOne);
            if (n > 0) {
                minOne = false;
            }
            bytes += n;
            remaining = Math.max(0, remaining - n);
            if (bytes >= plan.minBytes) {
                return true;
            }
        }
        return false;
    }

    /** Reads the partitions and builds the response, updating the session's view of what the client knows. */
    static FetchResponse respond(Plan plan) {
        RequestContext ctx = plan.ctx;
        FetchResponse response = new FetchResponse();
        if (ctx.version >= 7) {
            response.setSessionId(plan.session == null ? 0 : plan.session.id);
        }
        Map<Object, FetchResponse.FetchableTopicResponse> topics = new LinkedHashMap<>();
        Map<Integer, dev.samsa.common.Node> endpoints = new LinkedHashMap<>();
        boolean minOne = true;
        long remaining = plan.maxBytes;
        PartitionState[] ps = new PartitionState[1];
        for (FetchSessionCache.Cached c : plan.partitions) {
            ps[0] = null;
            ErrorCode error = partitionError(plan, c, ps);
            PartitionState p = ps[0];
            FetchResponse.PartitionData data = new FetchResponse.PartitionData().setPartitionIndex(c.partition);
            int preferred = error == null ? preferredReadReplica(plan, c, p) : -1;
            if (preferred >= 0) {
                // Kafka skips the read (and the divergence check) and sends the offsets alone.
                data.setHighWatermark(p.log.highWatermark()).setLastStableOffset(p.log.lastStableOffset())
                        .setLogStartOffset(p.log.logStartOffset()).setRecords(Unpooled.EMPTY_BUFFER)
                        .setPreferredReadReplica(preferred);
            } else if (error != null) {
                data.setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1)
                        .setLogStartOffset(-1).setRecords(Unpooled.EMPTY_BUFFER);
                if (p != null && (error == ErrorCode.OFFSET_OUT_OF_RANGE)) {
                    data.setHighWatermark(p.log.highWatermark()).setLastStableOffset(p.log.lastStableOffset())
                            .setLogStartOffset(p.log.logStartOffset());
                }
                if (p != null && (error == ErrorCode.NOT_LEADER_OR_FOLLOWER || error == ErrorCode.FENCED_LEADER_EPOCH)
                        && ctx.version >= 12) {
                    data.currentLeader().setLeaderId(p.leader).setLeaderEpoch(p.leaderEpoch);
                    if (p.leader >= 0 && ctx.version >= 16) {
                        endpoints.put(p.leader, ctx.cluster.broker(p.leader).node());
                    }
                }
            } else if (diverges(c, p)) {
                long[] end = p.log.endOffsetFor(c.lastFetchedEpoch);
                data.setHighWatermark(p.log.highWatermark()).setLastStableOffset(p.log.lastStableOffset())
                        .setLogStartOffset(p.log.logStartOffset()).setRecords(Unpooled.EMPTY_BUFFER);
                data.divergingEpoch().setEpoch((int) end[0]).setEndOffset(end[1]);
            } else {
                ByteBuf records = p.log.read(c.fetchOffset, (int) Math.min(c.maxBytes, remaining), minOne);
                int size = records == null ? 0 : records.readableBytes();
                if (size > 0) {
                    minOne = false;
                }
                remaining = Math.max(0, remaining - size);
                data.setHighWatermark(p.log.highWatermark()).setLastStableOffset(p.log.lastStableOffset())
                        .setLogStartOffset(p.log.logStartOffset())
                        .setRecords(records == null ? Unpooled.EMPTY_BUFFER : records);
            }
            if (plan.incremental && error == null && data.records().readableBytes() == 0
                    && data.divergingEpoch().endOffset() < 0 && preferred < 0
                    && c.sentHighWatermark == data.highWatermark()
                    && c.sentLastStableOffset == data.lastStableOffset()
                    && c.sentLogStartOffset == data.logStartOffset()) {
                continue; // nothing new for this partition: an incremental response leaves it out
            }
            c.sentHighWatermark = data.highWatermark();
            c.sentLastStableOffset = data.lastStableOffset();
            c.sentLogStartOffset = data.logStartOffset();
            Object key = plan.byTopicId ? c.topicId : c.topic;
            FetchResponse.FetchableTopicResponse t = topics.get(key);
            if (t == null) {
                t = new FetchResponse.FetchableTopicResponse();
                if (plan.byTopicId) {
                    t.setTopicId(c.topicId);
                } else {
                    t.setTopic(c.topic);
                }
                topics.put(key, t);
            }
            t.partitions().add(data);
        }
        response.setResponses(new ArrayList<>(topics.values()));
        for (dev.samsa.common.Node n : endpoints.values()) {
            response.nodeEndpoints().add(new FetchResponse.NodeEndpoint().setNodeId(n.id()).setHost(n.host())
                    .setPort(n.port()).setRack(n.rack()));
        }
        return response;
    }

    private static FetchResponse topLevelError(RequestContext ctx, ErrorCode error) {
        return new FetchResponse().setErrorCode(error.code());
    }

    @Override
    FetchResponse errorResponse(RequestContext ctx, FetchRequest request, ErrorCode error) {
        // Session errors and requests naming no partition fail at the top level (v7+); anything else fails each
        // partition named, as a broker reports NOT_LEADER_OR_FOLLOWER and the like.
        boolean sessionError = error == ErrorCode.FETCH_SESSION_ID_NOT_FOUND
                || error == ErrorCode.INVALID_FETCH_SESSION_EPOCH || error == ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR;
        FetchResponse r = new FetchResponse();
        if (ctx.version >= 7 && (sessionError || request.topics().isEmpty())) {
            r.setErrorCode(error.code());
            return r;
        }
        for (FetchRequest.FetchTopic t : request.topics()) {
            FetchResponse.FetchableTopicResponse tr = new FetchResponse.FetchableTopicResponse()
                    .setTopic(t.topic()).setTopicId(t.topicId() == null ? ZERO : t.topicId());
            for (FetchRequest.FetchPartition p : t.partitions()) {
                tr.partitions().add(new FetchResponse.PartitionData().setPartitionIndex(p.partition())
                        .setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1)
                        .setLogStartOffset(-1).setRecords(Unpooled.EMPTY_BUFFER));
            }
            r.responses().add(tr);
        }
        return r;
    }
}
