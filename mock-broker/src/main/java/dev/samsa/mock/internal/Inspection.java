package dev.samsa.mock.internal;

import dev.samsa.common.Header;
import dev.samsa.consumer.TimestampType;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.mock.CommittedOffset;
import dev.samsa.mock.GroupSnapshot;
import dev.samsa.mock.MockRecord;
import dev.samsa.mock.PartitionSnapshot;
import dev.samsa.mock.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Snapshots of cluster state for {@code MockCluster}'s inspection methods, each taken under the cluster lock. */
public final class Inspection {
    private final ClusterState cluster;

    /** Inspection of {@code cluster}. */
    public Inspection(ClusterState cluster) {
        this.cluster = cluster;
    }

    /** Topic names in order. */
    public List<String> topics() {
        return cluster.withLock(() -> new ArrayList<>(cluster.topics.keySet()));
    }

    /** A topic's partition count. @throws IllegalArgumentException if it does not exist */
    public int partitionCount(String topic) {
        return cluster.withLock(() -> {
            TopicState t = cluster.topics.get(topic);
            if (t == null) {
                throw new IllegalArgumentException("no topic '" + topic + "' in this cluster");
            }
            return t.partitions.size();
        });
    }

    /** A topic's effective configs. @throws IllegalArgumentException if it does not exist */
    public Map<String, String> topicConfigs(String topic) {
        return cluster.withLock(() -> {
            TopicState t = cluster.topics.get(topic);
            if (t == null) {
                throw new IllegalArgumentException("no topic '" + topic + "' in this cluster");
            }
            return Map.copyOf(CreateTopicsHandler.effectiveConfigs(t));
        });
    }

    /** A partition's state. @throws IllegalArgumentException if it does not exist */
    public PartitionSnapshot partition(String topic, int partition) {
        return cluster.withLock(() -> {
            PartitionState p = cluster.requirePartition(topic, partition);
            PartitionLog log = p.log;
            return new PartitionSnapshot(topic, partition, p.leader, p.leaderEpoch, p.replicas, p.isr,
                    log.logStartOffset(), log.logEndOffset(), log.highWatermark(), log.batchCount(),
                    log.sizeInBytes());
        });
    }

    /** A partition's records from its log start offset, decoded. @throws IllegalArgumentException if it does not exist */
    public List<MockRecord> records(String topic, int partition) {
        return cluster.withLock(() -> {
            PartitionState p = cluster.requirePartition(topic, partition);
            List<MockRecord> out = new ArrayList<>();
            for (StoredBatch b : p.log.batches()) {
                RecordBatch batch = RecordBatch.wrap(b.buf.duplicate());
                if (batch.isControl()) {
                    continue;
                }
                boolean logAppend = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
                try (RecordIterator it = batch.iterator()) {
                    while (it.hasNext()) {
                        Record r = it.next();
                        if (r.offset() < p.log.logStartOffset()) {
                            continue;
                        }
                        List<MockRecord.Header> headers = new ArrayList<>(r.headers().size());
                        for (Header h : r.headers()) {
                            headers.add(new MockRecord.Header(h.key(), h.value()));
                        }
                        out.add(new MockRecord(r.offset(), r.timestamp(), logAppend, r.keyBytes(), r.valueBytes(),
                                List.copyOf(headers), batch.producerId(), batch.producerEpoch(), r.sequence(),
                                batch.partitionLeaderEpoch()));
                    }
                }
            }
            return out;
        });
    }

    /** The stored batches' bytes, copied: what a fetch from the log start would return, batch by batch. */
    public List<byte[]> batches(String topic, int partition) {
        return cluster.withLock(() -> {
            PartitionState p = cluster.requirePartition(topic, partition);
            List<byte[]> out = new ArrayList<>();
            for (StoredBatch b : p.log.batches()) {
                out.add(io.netty.buffer.ByteBufUtil.getBytes(b.buf));
            }
            return out;
        });
    }

    /** A group's state, if the coordinator knows the group. */
    public Optional<GroupSnapshot> group(String groupId) {
        return cluster.withLock(() -> {
            GroupCoordinator.Group g = cluster.groups.groups.get(groupId);
            return g == null ? Optional.empty() : Optional.of(snapshot(g));
        });
    }

    /** Every group's state. */
    public List<GroupSnapshot> groups() {
        return cluster.withLock(() -> {
            List<GroupSnapshot> out = new ArrayList<>();
            for (GroupCoordinator.Group g : cluster.groups.groups.values()) {
                out.add(snapshot(g));
            }
            return out;
        });
    }

    private GroupSnapshot snapshot(GroupCoordinator.Group g) {
        List<GroupSnapshot.Member> members = new ArrayList<>();
        for (GroupCoordinator.Member m : g.members.values()) {
            List<String> protocols = new ArrayList<>();
            m.protocols.forEach(p -> protocols.add(p.name()));
            members.add(new GroupSnapshot.Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    m.sessionTimeoutMs, m.rebalanceTimeoutMs, protocols, m.assignment.clone()));
        }
        List<CommittedOffset> offsets = new ArrayList<>();
        for (Map.Entry<GroupCoordinator.TopicPartition, GroupCoordinator.Offset> e : g.offsets.entrySet()) {
            GroupCoordinator.Offset o = e.getValue();
            offsets.add(new CommittedOffset(e.getKey().topic(), e.getKey().partition(), o.offset(), o.leaderEpoch(),
                    o.metadata(), o.commitTimestampMs()));
        }
        return new GroupSnapshot(g.groupId, g.phase.kafkaName, g.protocolType == null ? "" : g.protocolType,
                g.protocolName, g.generation, g.leaderId, cluster.coordinatorFor(g.groupId), members, offsets);
    }

    /** The request log, oldest first. */
    public List<ReceivedRequest> requests() {
        return cluster.withLock(cluster.requestLog::snapshot);
    }

    /** Empties the request log. */
    public void clearRequests() {
        cluster.withLock(() -> {
            cluster.requestLog.clear();
            return null;
        });
    }

    /** How many fetches wait in the purgatory (for tests that must know a fetch parked). */
    public int parkedFetches() {
        return cluster.withLock(cluster.delayedFetches::size);
    }

    /** Creates a topic. @throws dev.samsa.errors.ApiException with Kafka's error if it cannot */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        cluster.withLock(() -> cluster.createTopic(name, partitions, replicationFactor, null, configs, false));
    }
}
