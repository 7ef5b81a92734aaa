package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.internal.protocol.Message;
import dev.samsa.internal.protocol.ProtocolException;
import dev.samsa.internal.protocol.message.ConsumerProtocolAssignment;
import dev.samsa.internal.protocol.message.ConsumerProtocolSubscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "consumer" embedded protocol of the classic group protocol: how members describe their subscription in
 * JoinGroup ({@code ConsumerProtocolSubscription}) and how the leader hands out assignments in SyncGroup
 * ({@code ConsumerProtocolAssignment}). Each is framed as an int16 version followed by the struct at that version,
 * as the official client frames it, so Samsa and official members read each other's bytes. Written at the highest
 * version (3); read at the version found, or at 3 if a newer member wrote a higher one (newer versions only append
 * fields). Stateless.
 */
public final class ConsumerProtocol {
    /** The protocol type of consumer groups in JoinGroup and SyncGroup. */
    static final String PROTOCOL_TYPE = "consumer";
    static final short SUBSCRIPTION_VERSION = ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION;
    static final short ASSIGNMENT_VERSION = ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION;

    private ConsumerProtocol() {
    }

    /**
     * A member's subscription.
     *
     * @param topics subscribed topics, sorted
     * @param userData assignor-specific bytes, or null
     * @param ownedPartitions the partitions the member owns (v1+)
     * @param generationId the generation it owned them in, -1 if none (v2+)
     * @param rackId its {@code client.rack}, or null (v3+)
     */
    record Subscription(List<String> topics, byte[] userData, List<TopicPartition> ownedPartitions, int generationId,
            String rackId) {
        Subscription {
            topics = List.copyOf(topics);
            ownedPartitions = List.copyOf(ownedPartitions);
        }
    }

    /** Topics sorted, owned partitions sorted by topic then partition, as the official client writes them. */
    static byte[] serializeSubscription(Subscription s) {
        List<String> topics = new ArrayList<>(s.topics());
        topics.sort(null);
        List<TopicPartition> owned = new ArrayList<>(s.ownedPartitions());
        owned.sort(Assignor.PARTITION_ORDER);
        List<ConsumerProtocolSubscription.TopicPartition> ownedByTopic = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> t : partitionsByTopic(owned).entrySet()) {
            ownedByTopic.add(new ConsumerProtocolSubscription.TopicPartition().setTopic(t.getKey())
                    .setPartitions(t.getValue()));
        }
        ConsumerProtocolSubscription data = new ConsumerProtocolSubscription()
                .setTopics(topics)
                .setUserData(s.userData())
                .setOwnedPartitions(ownedByTopic)
                .setGenerationId(s.generationId())
                .setRackId(s.rackId() == null || s.rackId().isEmpty() ? null : s.rackId());
        return frame(data, SUBSCRIPTION_VERSION);
    }

    static Subscription deserializeSubscription(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        short version = readVersion(in, "subscription", ConsumerProtocolSubscription.LOWEST_SUPPORTED_VERSION,
                SUBSCRIPTION_VERSION);
        ConsumerProtocolSubscription data = ConsumerProtocolSubscription.read(in, version);
        List<TopicPartition> owned = new ArrayList<>();
        for (ConsumerProtocolSubscription.TopicPartition t : data.ownedPartitions()) {
            for (int p : t.partitions()) {
                owned.add(new TopicPartition(t.topic(), p));
            }
        }
        return new Subscription(data.topics(), data.userData(), owned, data.generationId(), data.rackId());
    }

    static byte[] serializeAssignment(List<TopicPartition> partitions, byte[] userData) {
        List<ConsumerProtocolAssignment.TopicPartition> byTopic = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> t : partitionsByTopic(partitions).entrySet()) {
            byTopic.add(new ConsumerProtocolAssignment.TopicPartition().setTopic(t.getKey())
                    .setPartitions(t.getValue()));
        }
        ConsumerProtocolAssignment data = new ConsumerProtocolAssignment()
                .setAssignedPartitions(byTopic)
                .setUserData(userData);
        return frame(data, ASSIGNMENT_VERSION);
    }

    /**
     * The assigned partitions; an empty or null payload (a member the leader gave nothing) is no partitions. Public
     * for the admin client, which decodes DescribeGroups assignments with it.
     *
     * @throws ProtocolException if the bytes do not hold an assignment
     */
    public static List<TopicPartition> deserializeAssignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        short version = readVersion(in, "assignment", ConsumerProtocolAssignment.LOWEST_SUPPORTED_VERSION,
                ASSIGNMENT_VERSION);
        ConsumerProtocolAssignment data = ConsumerProtocolAssignment.read(in, version);
        List<TopicPartition> out = new ArrayList<>();
        for (ConsumerProtocolAssignment.TopicPartition t : data.assignedPartitions()) {
            for (int p : t.partitions()) {
                out.add(new TopicPartition(t.topic(), p));
            }
        }
        return out;
    }

    private static short readVersion(ByteBuf in, String what, short lowest, short highest) {
        if (in.readableBytes() < 2) {
            throw new ProtocolException("consumer protocol " + what + ": " + in.readableBytes()
                    + " bytes, too short for its version");
        }
        short version = in.readShort();
        if (version < lowest) {
            throw new ProtocolException("consumer protocol " + what + ": unsupported version " + version);
        }
        return (short) Math.min(version, highest);
    }

    private static byte[] frame(Message data, short version) {
        int size = data.size(version);
        ByteBuf out = Unpooled.buffer(2 + size, 2 + size);
        out.writeShort(version);
        data.write(out, version);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /**
     * Groups partitions by topic, in the order topics first appear, partitions in the given order (also the offset
     * fetch's request shape). Plain loops here and in the callers: this runs once per join, where each lambda would
     * be one more class spun at start-up.
     */
    static Map<String, List<Integer>> partitionsByTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new java.util.LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            List<Integer> parts = byTopic.get(tp.topic());
            if (parts == null) {
                parts = new ArrayList<>();
                byTopic.put(tp.topic(), parts);
            }
            parts.add(tp.partition());
        }
        return byTopic;
    }

    /** Partitions grouped by topic with sorted keys; used for deterministic logs. */
    static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            out.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }
}
