package dev.samsa.admin;

/**
 * A group as {@link Admin#listGroups} lists it (ListGroups, API key 16).
 *
 * @param groupId the group id
 * @param protocolType the embedded protocol type, {@code consumer} for consumer groups; empty for a group that only
 *     holds committed offsets
 * @param state its state, {@link GroupState#UNKNOWN} if the broker is older than ListGroups v4
 * @param type the group type ({@code classic}, {@code consumer}, ...; KIP-848), or empty if the broker is older than
 *     ListGroups v5
 * @since 0.1.0
 */
public record GroupListing(String groupId, String protocolType, GroupState state, String type) {
}
