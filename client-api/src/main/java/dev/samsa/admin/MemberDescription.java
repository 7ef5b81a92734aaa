package dev.samsa.admin;

import dev.samsa.common.TopicPartition;
import java.util.Set;

/**
 * One member of a group, as {@link Admin#describeGroups} reports it.
 *
 * @param memberId the member id the coordinator gave it
 * @param groupInstanceId its static membership id (KIP-345), or null
 * @param clientId its {@code client.id}
 * @param host the host it connected from, as the broker saw it
 * @param assignment the partitions it was assigned, decoded from the consumer protocol; empty unless the group is
 *     {@link GroupState#STABLE} and of protocol type {@code consumer}
 * @since 0.1.0
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String host,
        Set<TopicPartition> assignment) {
    /** Copies the assignment. */
    public MemberDescription {
        assignment = Set.copyOf(assignment);
    }
}
