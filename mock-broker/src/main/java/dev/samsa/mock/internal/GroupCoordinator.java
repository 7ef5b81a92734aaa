package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.JoinGroupResponse;
import dev.samsa.internal.protocol.message.SyncGroupResponse;
import dev.samsa.time.Time;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classic consumer group protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) and committed offsets, with
 * Kafka's state machine: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead.
 *
 * <p>A rebalance waits for every known member to rejoin, up to the largest rebalance timeout, then removes dynamic
 * members that did not; the group's first rebalance waits {@code group.initial.rebalance.delay.ms} on top. Members
 * whose session times out (no heartbeat, join or sync within {@code session.timeout.ms}, on the cluster's clock)
 * are removed, which starts a rebalance. Dynamic members joining with v4+ first get MEMBER_ID_REQUIRED (KIP-394);
 * static members (group.instance.id, KIP-345) keep their place across restarts and rejoin without a rebalance when
 * their subscription is unchanged. Members that do not send SyncGroup within the rebalance timeout after a
 * rebalance are removed. Guarded by the cluster lock.
 */
final class GroupCoordinator {
    static final byte[] EMPTY = new byte[0];
    /** Kafka's offset.metadata.max.bytes. */
    static final int MAX_OFFSET_METADATA_BYTES = 4096;

    enum Phase {
        EMPTY("Empty"), PREPARING_REBALANCE("PreparingRebalance"), COMPLETING_REBALANCE("CompletingRebalance"),
        STABLE("Stable"), DEAD("Dead");

        final String kafkaName;

        Phase(String kafkaName) {
            this.kafkaName = kafkaName;
        }
    }

    record Protocol(String name, byte[] metadata) {
    }

    record Offset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
    }

    record TopicPartition(String topic, int partition) {
    }

    static final class Member {
        final String memberId;
        final String groupInstanceId;
        String clientId;
        String clientHost;
        int sessionTimeoutMs;
        int rebalanceTimeoutMs;
        String protocolType;
        List<Protocol> protocols;
        byte[] assignment = EMPTY;
        RequestContext awaitingJoin;
        RequestContext awaitingSync;
        Time.Timeout heartbeat;

        Member(String memberId, String groupInstanceId) {
            this.memberId = memberId;
            this.groupInstanceId = groupInstanceId;
        }

        byte[] metadata(String protocol) {
            for (Protocol p : protocols) {
                if (p.name().equals(protocol)) {
                    return p.metadata();
                }
            }
            return EMPTY;
        }
    }

    static final class Group {
        final String groupId;
        Phase phase = Phase.EMPTY;
        int generation;
        String protocolType;
        String protocolName;
        String leaderId;
        final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
        final Map<String, String> staticMembers = new HashMap<>();
        final Map<String, Time.Timeout> pendingMembers = new HashMap<>();
        final Set<String> pendingSync = new HashSet<>();
        final LinkedHashMap<TopicPartition, Offset> offsets = new LinkedHashMap<>();
        Time.Timeout rebalanceTimer;
        Time.Timeout syncTimer;
        /** While true, a new group waits group.initial.rebalance.delay.ms before completing its first join. */
        boolean initialDelay;

        Group(String groupId) {
            this.groupId = groupId;
        }
    }

    private final ClusterState cluster;
    final Map<String, Group> groups = new LinkedHashMap<>();

    GroupCoordinator(ClusterState cluster) {
        this.cluster = cluster;
    }

    /** NOT_COORDINATOR unless this broker coordinates the group (COORDINATOR_NOT_AVAILABLE if no broker runs). */
    ErrorCode coordinatorError(RequestContext ctx, String groupId) {
        int coordinator = cluster.coordinatorFor(groupId);
        if (coordinator < 0) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        return coordinator == ctx.broker.id ? null : ErrorCode.NOT_COORDINATOR;
    }

    private String newMemberId(String prefix) {
        return (prefix == null ? "" : prefix) + "-" + cluster.newUuid();
    }

    // ---------------------------------------------------------------- JoinGroup

    void join(RequestContext ctx, JoinGroupRequest request) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            ctx.respond(joinError(ctx, request.memberId(), ErrorCode.INVALID_GROUP_ID));
            return;
        }
        ErrorCode coordinator = coordinatorError(ctx, groupId);
        if (coordinator != null) {
            ctx.respond(joinError(ctx, request.memberId(), coordinator));
            return;
        }
        ClusterConfig config = cluster.config;
        if (request.sessionTimeoutMs() < config.groupMinSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.groupMaxSessionTimeoutMs()) {
            ctx.respond(joinError(ctx, request.memberId(), ErrorCode.INVALID_SESSION_TIMEOUT));
            return;
        }
        String memberId = request.memberId() == null ? "" : request.memberId();
        String instanceId = ctx.version >= 5 ? request.groupInstanceId() : null;
        Group group = groups.get(groupId);
        if (group == null) {
            if (!memberId.isEmpty()) {
                ctx.respond(joinError(ctx, memberId, ErrorCode.UNKNOWN_MEMBER_ID));
                return;
            }
            group = new Group(groupId);
            groups.put(groupId, group);
        }
        if (group.phase == Phase.DEAD) {
            ctx.respond(joinError(ctx, memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        List<Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequest.JoinGroupRequestProtocol p : request.protocols()) {
            protocols.add(new Protocol(p.name(), p.metadata()));
        }
        if (!supportsProtocols(group, request.protocolType(), protocols)) {
            ctx.respond(joinError(ctx, memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        int rebalanceTimeoutMs = ctx.version >= 1 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
        if (memberId.isEmpty()) {
            if (instanceId != null) {
                String existing = group.staticMembers.get(instanceId);
                String newId = newMemberId(instanceId);
                if (existing != null && group.members.containsKey(existing)) {
                    replaceStaticMember(ctx, group, group.members.get(existing), newId, request, protocols,
                            rebalanceTimeoutMs);
                } else {
                    addMemberAndRebalance(ctx, group, newId, instanceId, request, protocols, rebalanceTimeoutMs);
                }
            } else if (ctx.version >= 4) {
                String newId = newMemberId(ctx.clientId);
                Group g = group;
                group.pendingMembers.put(newId, cluster.schedule(request.sessionTimeoutMs(),
                        () -> expirePending(g, newId)));
                ctx.respond(joinError(ctx, newId, ErrorCode.MEMBER_ID_REQUIRED));
            } else {
                addMemberAndRebalance(ctx, group, newMemberId(ctx.clientId), null, request, protocols,
                        rebalanceTimeoutMs);
            }
            return;
        }
        Time.Timeout pending = group.pendingMembers.remove(memberId);
        if (pending != null) {
            pending.cancel();
            addMemberAndRebalance(ctx, group, memberId, instanceId, request, protocols, rebalanceTimeoutMs);
            return;
        }
        ErrorCode memberError = memberError(group, memberId, instanceId);
        if (memberError != null) {
            ctx.respond(joinError(ctx, memberId, memberError));
            return;
        }
        Member member = group.members.get(memberId);
        boolean sameProtocols = sameProtocols(member.protocols, protocols);
        switch (group.phase) {
            case PREPARING_REBALANCE -> {
                updateMember(ctx, member, request, protocols, rebalanceTimeoutMs);
                maybeCompleteJoin(group);
            }
            case COMPLETING_REBALANCE -> {
                if (sameProtocols) {
                    // It lost the JoinGroup response: answer again with the current generation.
                    resetHeartbeat(group, member);
                    ctx.respond(joinResponse(ctx, group, member, false));
                } else {
                    updateMember(ctx, member, request, protocols, rebalanceTimeoutMs);
                    prepareRebalance(group);
                }
            }
            case STABLE -> {
                if (memberId.equals(group.leaderId) || !sameProtocols) {
                    updateMember(ctx, member, request, protocols, rebalanceTimeoutMs);
                    prepareRebalance(group);
                } else {
                    resetHeartbeat(group, member);
                    ctx.respond(joinResponse(ctx, group, member, false));
                }
            }
            default -> ctx.respond(joinError(ctx, memberId, ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    /**
     * Kafka's member checks, in its order: a group.instance.id now held by another member id is fenced
     * (KIP-345), then the member id must be known. Null if the member may go on.
     */
    private static ErrorCode memberError(Group group, String memberId, String instanceId) {
        if (group == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (instanceId != null) {
            String current = group.staticMembers.get(instanceId);
            if (current != null && !current.equals(memberId)) {
                return ErrorCode.FENCED_INSTANCE_ID;
            }
        }
        return group.members.containsKey(memberId) ? null : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    private static boolean supportsProtocols(Group group, String protocolType, List<Protocol> protocols) {
        if (protocolType == null || protocolType.isEmpty() || protocols.isEmpty()) {
            return false;
        }
        if (group.members.isEmpty()) {
            return true;
        }
        if (!protocolType.equals(group.protocolType)) {
            return false;
        }
        for (Protocol p : protocols) {
            boolean everyone = true;
            for (Member m : group.members.values()) {
                if (m.protocols.stream().noneMatch(q -> q.name().equals(p.name()))) {
                    everyone = false;
                    break;
                }
            }
            if (everyone) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameProtocols(List<Protocol> a, List<Protocol> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name()) || !Arrays.equals(a.get(i).metadata(), b.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    private void updateMember(RequestContext ctx, Member member, JoinGroupRequest request, List<Protocol> protocols,
            int rebalanceTimeoutMs) {
        member.protocols = protocols;
        member.protocolType = request.protocolType();
        member.sessionTimeoutMs = request.sessionTimeoutMs();
        member.rebalanceTimeoutMs = rebalanceTimeoutMs;
        member.clientId = ctx.clientId;
        member.clientHost = ctx.clientHost;
        if (member.awaitingJoin != null && member.awaitingJoin != ctx) {
            // A second JoinGroup while the first still waits: the first is answered as superseded.
            member.awaitingJoin.respond(joinError(member.awaitingJoin, member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
        }
        member.awaitingJoin = ctx;
    }

    private void addMemberAndRebalance(RequestContext ctx, Group group, String memberId, String instanceId,
            JoinGroupRequest request, List<Protocol> protocols, int rebalanceTimeoutMs) {
        Member member = new Member(memberId, instanceId);
        updateMember(ctx, member, request, protocols, rebalanceTimeoutMs);
        if (group.members.isEmpty()) {
            group.protocolType = request.protocolType();
        }
        group.members.put(memberId, member);
        if (instanceId != null) {
            group.staticMembers.put(instanceId, memberId);
        }
        if (group.leaderId == null) {
            group.leaderId = memberId;
        }
        if (group.phase == Phase.PREPARING_REBALANCE) {
            maybeCompleteJoin(group);
        } else {
            prepareRebalance(group);
        }
    }

    private void replaceStaticMember(RequestContext ctx, Group group, Member old, String newId,
            JoinGroupRequest request, List<Protocol> protocols, int rebalanceTimeoutMs) {
        if (old.awaitingJoin != null) {
            old.awaitingJoin.respond(joinError(old.awaitingJoin, old.memberId, ErrorCode.FENCED_INSTANCE_ID));
            old.awaitingJoin = null;
        }
        if (old.awaitingSync != null) {
            old.awaitingSync.respond(syncError(ErrorCode.FENCED_INSTANCE_ID));
            old.awaitingSync = null;
        }
        if (old.heartbeat != null) {
            old.heartbeat.cancel();
        }
        boolean sameProtocols = sameProtocols(old.protocols, protocols);
        Member member = new Member(newId, old.groupInstanceId);
        member.protocols = old.protocols;
        member.protocolType = old.protocolType;
        member.assignment = old.assignment;
        member.sessionTimeoutMs = request.sessionTimeoutMs();
        member.rebalanceTimeoutMs = rebalanceTimeoutMs;
        member.clientId = ctx.clientId;
        member.clientHost = ctx.clientHost;
        LinkedHashMap<String, Member> reordered = new LinkedHashMap<>();
        for (Member m : group.members.values()) {
            reordered.put(m == old ? newId : m.memberId, m == old ? member : m);
        }
        group.members.clear();
        group.members.putAll(reordered);
        group.staticMembers.put(old.groupInstanceId, newId);
        if (old.memberId.equals(group.leaderId)) {
            group.leaderId = newId;
        }
        if (group.pendingSync.remove(old.memberId)) {
            group.pendingSync.add(newId);
        }
        if (group.phase == Phase.STABLE && sameProtocols) {
            // KIP-345: a static member coming back with the same subscription takes its old place, no rebalance.
            resetHeartbeat(group, member);
            ctx.respond(joinResponse(ctx, group, member, true));
            return;
        }
        updateMember(ctx, member, request, protocols, rebalanceTimeoutMs);
        if (group.phase == Phase.PREPARING_REBALANCE) {
            maybeCompleteJoin(group);
        } else {
            prepareRebalance(group);
        }
    }

    private void prepareRebalance(Group group) {
        if (group.phase == Phase.COMPLETING_REBALANCE) {
            for (Member m : group.members.values()) {
                m.assignment = EMPTY;
                if (m.awaitingSync != null) {
                    m.awaitingSync.respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
                    m.awaitingSync = null;
                }
            }
        }
        if (group.syncTimer != null) {
            group.syncTimer.cancel();
            group.syncTimer = null;
        }
        group.pendingSync.clear();
        boolean wasEmpty = group.phase == Phase.EMPTY;
        group.phase = Phase.PREPARING_REBALANCE;
        long delay;
        int initialDelay = cluster.config.groupInitialRebalanceDelayMs();
        if (wasEmpty && initialDelay > 0) {
            group.initialDelay = true;
            delay = Math.min(initialDelay, maxRebalanceTimeout(group));
        } else {
            delay = maxRebalanceTimeout(group);
        }
        if (group.rebalanceTimer != null) {
            group.rebalanceTimer.cancel();
        }
        int generation = group.generation;
        group.rebalanceTimer = cluster.schedule(delay, () -> {
            if (groups.get(group.groupId) == group && group.phase == Phase.PREPARING_REBALANCE
                    && group.generation == generation) {
                group.initialDelay = false;
                completeJoin(group);
            }
        });
        maybeCompleteJoin(group);
    }

    private static int maxRebalanceTimeout(Group group) {
        int max = 0;
        for (Member m : group.members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs);
        }
        return max;
    }

    private void maybeCompleteJoin(Group group) {
        if (group.phase != Phase.PREPARING_REBALANCE || group.initialDelay) {
            return;
        }
        for (Member m : group.members.values()) {
            if (m.awaitingJoin == null) {
                return;
            }
        }
        if (!group.pendingMembers.isEmpty()) {
            return;
        }
        completeJoin(group);
    }

    private void completeJoin(Group group) {
        if (group.rebalanceTimer != null) {
            group.rebalanceTimer.cancel();
            group.rebalanceTimer = null;
        }
        for (Iterator<Member> it = group.members.values().iterator(); it.hasNext();) {
            Member m = it.next();
            if (m.awaitingJoin == null && m.groupInstanceId == null) {
                it.remove(); // a dynamic member that did not rejoin in time
                if (m.heartbeat != null) {
                    m.heartbeat.cancel();
                }
            }
        }
        if (group.leaderId != null && !group.members.containsKey(group.leaderId)) {
            group.leaderId = null;
        }
        group.generation++;
        if (group.members.isEmpty()) {
            group.phase = Phase.EMPTY;
            group.protocolName = null;
            group.leaderId = null;
            return;
        }
        group.protocolName = selectProtocol(group);
        if (group.leaderId == null) {
            for (Member m : group.members.values()) {
                if (m.awaitingJoin != null) {
                    group.leaderId = m.memberId;
                    break;
                }
            }
            if (group.leaderId == null) {
                group.leaderId = group.members.keySet().iterator().next();
            }
        }
        group.phase = Phase.COMPLETING_REBALANCE;
        group.pendingSync.addAll(group.members.keySet());
        for (Member m : group.members.values()) {
            if (m.awaitingJoin != null) {
                RequestContext ctx = m.awaitingJoin;
                m.awaitingJoin = null;
                ctx.respond(joinResponse(ctx, group, m, false));
            }
            resetHeartbeat(group, m);
        }
        int generation = group.generation;
        group.syncTimer = cluster.schedule(maxRebalanceTimeout(group), () -> {
            if (groups.get(group.groupId) != group || group.generation != generation || group.pendingSync.isEmpty()
                    || (group.phase != Phase.COMPLETING_REBALANCE && group.phase != Phase.STABLE)) {
                return;
            }
            for (String id : new ArrayList<>(group.pendingSync)) {
                Member m = group.members.get(id);
                if (m != null) {
                    removeMember(group, m);
                }
            }
        });
    }

    /** Each member votes for its most preferred protocol that every member supports; most votes wins. */
    private static String selectProtocol(Group group) {
        Set<String> candidates = null;
        for (Member m : group.members.values()) {
            Set<String> names = new LinkedHashSet<>();
            m.protocols.forEach(p -> names.add(p.name()));
            if (candidates == null) {
                candidates = names;
            } else {
                candidates.retainAll(names);
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (Member m : group.members.values()) {
            for (Protocol p : m.protocols) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private JoinGroupResponse joinResponse(RequestContext ctx, Group group, Member member, boolean staticRejoin) {
        boolean leader = member.memberId.equals(group.leaderId);
        JoinGroupResponse r = new JoinGroupResponse().setGenerationId(group.generation)
                .setProtocolType(group.protocolType).setProtocolName(group.protocolName)
                .setLeader(group.leaderId).setMemberId(member.memberId);
        boolean listMembers = leader && (!staticRejoin || ctx.version >= 9);
        if (staticRejoin && leader && ctx.version >= 9) {
            r.setSkipAssignment(true); // KIP-814: the leader sees the members but must not reassign
        }
        if (listMembers) {
            for (Member m : group.members.values()) {
                r.members().add(new JoinGroupResponse.JoinGroupResponseMember().setMemberId(m.memberId)
                        .setGroupInstanceId(m.groupInstanceId).setMetadata(m.metadata(group.protocolName)));
            }
        }
        return r;
    }

    /** An error answer; the protocol name is null from v7 (where it became nullable) and empty below. */
    static JoinGroupResponse joinError(RequestContext ctx, String memberId, ErrorCode error) {
        return new JoinGroupResponse().setErrorCode(error.code()).setGenerationId(-1)
                .setMemberId(memberId == null ? "" : memberId).setProtocolName(ctx.version >= 7 ? null : "")
                .setLeader("");
    }

    static SyncGroupResponse syncError(ErrorCode error) {
        return new SyncGroupResponse().setErrorCode(error.code()).setAssignment(EMPTY);
    }

    // ---------------------------------------------------------------- SyncGroup

    void sync(RequestContext ctx, String groupId, int generation, String memberId, String instanceId,
            String protocolType, String protocolName, Map<String, byte[]> assignments) {
        ErrorCode coordinator = coordinatorError(ctx, groupId);
        if (coordinator != null) {
            ctx.respond(syncError(coordinator));
            return;
        }
        Group group = groups.get(groupId);
        ErrorCode memberError = memberError(group, memberId, instanceId);
        if (memberError != null) {
            ctx.respond(syncError(memberError));
            return;
        }
        Member member = group.members.get(memberId);
        if (generation != group.generation) {
            ctx.respond(syncError(ErrorCode.ILLEGAL_GENERATION));
            return;
        }
        if ((protocolType != null && !protocolType.equals(group.protocolType))
                || (protocolName != null && !protocolName.equals(group.protocolName))) {
            ctx.respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        switch (group.phase) {
            case PREPARING_REBALANCE -> ctx.respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                group.pendingSync.remove(memberId);
                resetHeartbeat(group, member);
                member.awaitingSync = ctx;
                if (memberId.equals(group.leaderId)) {
                    for (Member m : group.members.values()) {
                        byte[] a = assignments.get(m.memberId);
                        m.assignment = a == null ? EMPTY : a;
                    }
                    group.phase = Phase.STABLE;
                    for (Member m : group.members.values()) {
                        if (m.awaitingSync != null) {
                            RequestContext c = m.awaitingSync;
                            m.awaitingSync = null;
                            c.respond(syncResponse(c, group, m));
                        }
                    }
                }
            }
            case STABLE -> {
                group.pendingSync.remove(memberId);
                resetHeartbeat(group, member);
                ctx.respond(syncResponse(ctx, group, member));
            }
            default -> ctx.respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    private static SyncGroupResponse syncResponse(RequestContext ctx, Group group, Member member) {
        SyncGroupResponse r = new SyncGroupResponse().setAssignment(member.assignment);
        if (ctx.version >= 5) {
            r.setProtocolType(group.protocolType).setProtocolName(group.protocolName);
        }
        return r;
    }

    // ---------------------------------------------------------------- Heartbeat

    ErrorCode heartbeat(RequestContext ctx, String groupId, int generation, String memberId, String instanceId) {
        ErrorCode coordinator = coordinatorError(ctx, groupId);
        if (coordinator != null) {
            return coordinator;
        }
        Group group = groups.get(groupId);
        ErrorCode memberError = memberError(group, memberId, instanceId);
        if (memberError != null) {
            return memberError;
        }
        Member member = group.members.get(memberId);
        if (group.phase == Phase.EMPTY || group.phase == Phase.DEAD) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (generation != group.generation) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        resetHeartbeat(group, member);
        return group.phase == Phase.PREPARING_REBALANCE ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
    }

    private void resetHeartbeat(Group group, Member member) {
        if (member.heartbeat != null) {
            member.heartbeat.cancel();
        }
        member.heartbeat = cluster.schedule(member.sessionTimeoutMs, () -> {
            if (groups.get(group.groupId) != group || group.members.get(member.memberId) != member) {
                return;
            }
            if (member.awaitingJoin != null || member.awaitingSync != null) {
                resetHeartbeat(group, member); // waiting on the coordinator: the session stays alive
                return;
            }
            removeMember(group, member);
        });
    }

    private void expirePending(Group group, String memberId) {
        if (group.pendingMembers.remove(memberId) != null) {
            maybeCompleteJoin(group);
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    /** Removes one member, by id or (memberId "") by group.instance.id; the error for it, NONE if it left. */
    ErrorCode leave(RequestContext ctx, String groupId, String memberId, String instanceId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        Member member;
        if ((memberId == null || memberId.isEmpty()) && instanceId != null) {
            String id = group.staticMembers.get(instanceId);
            member = id == null ? null : group.members.get(id);
        } else {
            Time.Timeout pending = group.pendingMembers.remove(memberId);
            if (pending != null) {
                pending.cancel();
                maybeCompleteJoin(group);
                return ErrorCode.NONE;
            }
            ErrorCode memberError = memberError(group, memberId, instanceId);
            if (memberError != null) {
                return memberError;
            }
            member = group.members.get(memberId);
        }
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        removeMember(group, member);
        return ErrorCode.NONE;
    }

    private void removeMember(Group group, Member member) {
        group.members.remove(member.memberId);
        if (member.groupInstanceId != null && member.memberId.equals(group.staticMembers.get(member.groupInstanceId))) {
            group.staticMembers.remove(member.groupInstanceId);
        }
        group.pendingSync.remove(member.memberId);
        if (member.heartbeat != null) {
            member.heartbeat.cancel();
        }
        if (member.awaitingJoin != null) {
            member.awaitingJoin.respond(joinError(member.awaitingJoin, member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            member.awaitingSync = null;
        }
        if (member.memberId.equals(group.leaderId)) {
            group.leaderId = group.members.isEmpty() ? null : group.members.keySet().iterator().next();
        }
        switch (group.phase) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- offsets

    /**
     * Checks a commit as Kafka's classic group does; creates an empty (simple) group for a commit with no
     * generation. Returns the error for every partition, or null to go ahead.
     */
    ErrorCode validateCommit(RequestContext ctx, String groupId, int generation, String memberId, String instanceId) {
        ErrorCode coordinator = coordinatorError(ctx, groupId);
        if (coordinator != null) {
            return coordinator;
        }
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        Group group = groups.get(groupId);
        if (group == null) {
            if (generation < 0) {
                groups.put(groupId, new Group(groupId));
                return null;
            }
            return ctx.version >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
        }
        if (group.phase == Phase.DEAD) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && group.phase == Phase.EMPTY) {
            return null; // a simple consumer or the admin client committing for an empty group
        }
        boolean named = generation >= 0 || (memberId != null && !memberId.isEmpty()) || instanceId != null;
        if (!named) {
            return ErrorCode.UNKNOWN_MEMBER_ID; // only an empty group takes commits that name no member
        }
        ErrorCode memberError = memberError(group, memberId, instanceId);
        if (memberError != null) {
            return memberError;
        }
        Member member = group.members.get(memberId);
        if (generation != group.generation) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        if (group.phase == Phase.COMPLETING_REBALANCE) {
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        resetHeartbeat(group, member);
        return null;
    }

    /** Stores one committed offset; the per-partition error, or NONE. */
    ErrorCode commit(String groupId, String topic, int partition, long offset, int leaderEpoch, String metadata) {
        TopicState t = cluster.topics.get(topic);
        if (t == null || t.partition(partition) == null) {
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (metadata != null && metadata.length() > MAX_OFFSET_METADATA_BYTES) {
            return ErrorCode.OFFSET_METADATA_TOO_LARGE;
        }
        groups.get(groupId).offsets.put(new TopicPartition(topic, partition),
                new Offset(offset, leaderEpoch, metadata == null ? "" : metadata, cluster.time.milliseconds()));
        return ErrorCode.NONE;
    }

    /** The committed offset, or null. */
    Offset committed(String groupId, String topic, int partition) {
        Group group = groups.get(groupId);
        return group == null ? null : group.offsets.get(new TopicPartition(topic, partition));
    }

    // ---------------------------------------------------------------- cluster events

    void onTopicDeleted(String topic) {
        for (Group g : groups.values()) {
            g.offsets.keySet().removeIf(tp -> tp.topic().equals(topic));
        }
    }

    /** The broker stopped: requests parked on it lose their connection; sessions restart on the new coordinator. */
    void onBrokerStopped(BrokerState broker) {
        for (Group g : groups.values()) {
            boolean affected = false;
            for (Member m : g.members.values()) {
                if (m.awaitingJoin != null && m.awaitingJoin.broker == broker) {
                    m.awaitingJoin.disconnect(broker + " stopped");
                    m.awaitingJoin = null;
                    affected = true;
                }
                if (m.awaitingSync != null && m.awaitingSync.broker == broker) {
                    m.awaitingSync.disconnect(broker + " stopped");
                    m.awaitingSync = null;
                    affected = true;
                }
            }
            if (affected) {
                for (Member m : g.members.values()) {
                    resetHeartbeat(g, m);
                }
            }
        }
    }

    /** The group moved: the old coordinator answers its parked requests with NOT_COORDINATOR. */
    void onCoordinatorMoved(String groupId) {
        Group g = groups.get(groupId);
        if (g == null) {
            return;
        }
        for (Member m : g.members.values()) {
            if (m.awaitingJoin != null) {
                m.awaitingJoin.respond(joinError(m.awaitingJoin, m.memberId, ErrorCode.NOT_COORDINATOR));
                m.awaitingJoin = null;
            }
            if (m.awaitingSync != null) {
                m.awaitingSync.respond(syncError(ErrorCode.NOT_COORDINATOR));
                m.awaitingSync = null;
            }
            resetHeartbeat(g, m);
        }
    }

    /** DeleteGroups: the error for one group, NONE if deleted. */
    ErrorCode delete(RequestContext ctx, String groupId) {
        ErrorCode coordinator = coordinatorError(ctx, groupId);
        if (coordinator != null) {
            return coordinator;
        }
        Group g = groups.get(groupId);
        if (g == null || g.phase == Phase.DEAD) {
            return ErrorCode.GROUP_ID_NOT_FOUND;
        }
        if (g.phase != Phase.EMPTY) {
            return ErrorCode.NON_EMPTY_GROUP;
        }
        g.phase = Phase.DEAD;
        for (Time.Timeout t : g.pendingMembers.values()) {
            t.cancel();
        }
        groups.remove(groupId);
        return ErrorCode.NONE;
    }

    void close() {
        for (Group g : groups.values()) {
            if (g.rebalanceTimer != null) {
                g.rebalanceTimer.cancel();
            }
            if (g.syncTimer != null) {
                g.syncTimer.cancel();
            }
            for (Time.Timeout t : g.pendingMembers.values()) {
                t.cancel();
            }
            for (Member m : g.members.values()) {
                if (m.heartbeat != null) {
                    m.heartbeat.cancel();
                }
                if (m.awaitingJoin != null) {
                    m.awaitingJoin.disconnect("mock cluster closed");
                }
                if (m.awaitingSync != null) {
                    m.awaitingSync.disconnect("mock cluster closed");
                }
            }
        }
    }
}
