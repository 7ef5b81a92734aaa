package dev.samsa.mock;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of one consumer group (classic protocol) at the moment {@link MockCluster#group} was called. Immutable.
 *
 * @param groupId the group id
 * @param state Kafka's name for the state: {@code Empty}, {@code PreparingRebalance}, {@code CompletingRebalance},
 *     {@code Stable}
 * @param protocolType the protocol type, e.g. {@code consumer}, or empty for a group that only commits offsets
 * @param protocolName the selected protocol (the assignor, e.g. {@code range}), or null between generations
 * @param generationId the generation, 0 before the first rebalance completes
 * @param leaderId the member id of the leader, or null
 * @param coordinatorId the broker that coordinates the group now
 * @param members the members in join order
 * @param committedOffsets the committed offsets in commit order
 */
public record GroupSnapshot(String groupId, String state, String protocolType, String protocolName,
        int generationId, String leaderId, int coordinatorId, List<Member> members,
        List<CommittedOffset> committedOffsets) {

    /** Copies the lists. */
    public GroupSnapshot {
        members = List.copyOf(members);
        committedOffsets = List.copyOf(committedOffsets);
    }

    /**
     * One member of the group.
     *
     * @param memberId the member id the coordinator gave it
     * @param groupInstanceId its {@code group.instance.id} (static membership, KIP-345), or null
     * @param clientId the client id it joined with
     * @param clientHost the address it joined from
     * @param sessionTimeoutMs its session timeout
     * @param rebalanceTimeoutMs its rebalance timeout
     * @param protocols the protocols (assignors) it supports, in preference order
     * @param assignment the assignment the leader gave it in the current generation (empty before SyncGroup)
     */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
            int sessionTimeoutMs, int rebalanceTimeoutMs, List<String> protocols, byte[] assignment) {
        /** Copies the protocol list. */
        public Member {
            protocols = List.copyOf(protocols);
        }
    }

    /** The member with this id, if it is in the group. */
    public Optional<Member> member(String memberId) {
        return members.stream().filter(m -> m.memberId().equals(memberId)).findFirst();
    }

    /** The committed offset of one partition, if the group committed one. */
    public OptionalLong committedOffset(String topic, int partition) {
        for (CommittedOffset c : committedOffsets) {
            if (c.topic().equals(topic) && c.partition() == partition) {
                return OptionalLong.of(c.offset());
            }
        }
        return OptionalLong.empty();
    }
}
