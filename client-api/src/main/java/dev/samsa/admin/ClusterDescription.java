package dev.samsa.admin;

import dev.samsa.common.Node;
import java.util.List;

/**
 * The cluster as {@link Admin#describeCluster} sees it (DescribeCluster, API key 60, KIP-700).
 *
 * @param clusterId the cluster id, or null if the broker did not report one
 * @param controller the controller as the broker reports it (in KRaft mode a random broker, to which controller
 *     requests are sent for forwarding), or null if unknown
 * @param nodes the brokers, ordered by id
 * @since 0.1.0
 */
public record ClusterDescription(String clusterId, Node controller, List<Node> nodes) {
    /** Copies the nodes. */
    public ClusterDescription {
        nodes = List.copyOf(nodes);
    }
}
