package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sticky} assignor (KIP-54) under the eager protocol. Members revoke everything before rejoining, so
 * ownership travels in the assignor's user data: the member's last assignment and its generation, encoded as the
 * official client's {@code StickyAssignor} does (version 1: {@code [topic: string, partitions: [int32]]}, then
 * {@code generation: int32}; version 0 lacks the generation). Not thread-safe: confined to the consumer's executor.
 */
final class StickyAssignor extends AbstractStickyAssignor {
    private List<TopicPartition> lastAssignment;
    private int lastGeneration = DEFAULT_GENERATION;

    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.STICKY;
    }

    @Override
    public byte[] subscriptionUserData(Set<String> topics, List<TopicPartition> owned, int generation) {
        return lastAssignment == null ? null : encode(lastAssignment, lastGeneration);
    }

    @Override
    public void onAssignment(List<TopicPartition> assignment, int generation) {
        this.lastAssignment = List.copyOf(assignment);
        this.lastGeneration = generation;
    }

    @Override
    MemberData memberData(ConsumerProtocol.Subscription subscription) {
        byte[] userData = subscription.userData();
        if (userData == null || userData.length == 0) {
            return new MemberData(List.of(), null);
        }
        return decode(userData);
    }

    /** The version-1 user data: partitions grouped by topic, then the generation. */
    static byte[] encode(List<TopicPartition> partitions, int generation) {
        Map<String, List<Integer>> byTopic = new HashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
        }
        int size = 4 + 4;
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + 4 * e.getValue().size();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(byTopic.size());
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) name.length).put(name);
            buf.putInt(e.getValue().size());
            e.getValue().forEach(buf::putInt);
        }
        buf.putInt(generation);
        return buf.array();
    }

    /** Reads version 1, else version 0 (no generation); unreadable data claims nothing at the default generation. */
    static MemberData decode(byte[] bytes) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            List<TopicPartition> partitions = readPartitions(buf);
            if (buf.remaining() >= 4) {
                return new MemberData(partitions, buf.getInt());
            }
            return new MemberData(partitions, null);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return new MemberData(List.of(), DEFAULT_GENERATION);
        }
    }

    private static List<TopicPartition> readPartitions(ByteBuffer buf) {
        int topics = buf.getInt();
        if (topics < 0 || topics > buf.remaining()) {
            throw new IllegalArgumentException("topic count " + topics);
        }
        List<TopicPartition> out = new ArrayList<>();
        for (int i = 0; i < topics; i++) {
            int len = buf.getShort();
            if (len < 0 || len > buf.remaining()) {
                throw new IllegalArgumentException("topic name length " + len);
            }
            byte[] name = new byte[len];
            buf.get(name);
            String topic = new String(name, StandardCharsets.UTF_8);
            int count = buf.getInt();
            if (count < 0 || count > buf.remaining() / 4) {
                throw new IllegalArgumentException("partition count " + count);
            }
            for (int j = 0; j < count; j++) {
                out.add(new TopicPartition(topic, buf.getInt()));
            }
        }
        return out;
    }
}
