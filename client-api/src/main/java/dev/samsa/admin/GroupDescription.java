package dev.samsa.admin;

import dev.samsa.common.Node;
import java.util.List;

/**
 * A group as {@link Admin#describeGroups} describes it (DescribeGroups, API key 15, on the group's coordinator).
 *
 * @param groupId the group id
 * @param state its state
 * @param protocolType the embedded protocol type, {@code consumer} for consumer groups
 * @param protocol the selected assignor (e.g. {@code range}) while the group is stable, else empty
 * @param members its members
 * @param coordinator the broker coordinating it
 * @since 0.1.0
 */
public record GroupDescription(String groupId, GroupState state, String protocolType, String protocol,
        List<MemberDescription> members, Node coordinator) {
    /** Copies the members. */
    public GroupDescription {
        members = List.copyOf(members);
    }
}
