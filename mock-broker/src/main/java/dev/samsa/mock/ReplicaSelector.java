package dev.samsa.mock;

/**
 * How a mock partition leader picks the replica a consumer should fetch from (KIP-392), the mock's counterpart of
 * the broker setting {@code replica.selector.class}. Only consumers sending Fetch v11 or later take part: that is the
 * version that carries the consumer's {@code client.rack} ({@code rack_id}) and the leader's
 * {@code preferred_read_replica}.
 *
 * @see MockCluster.Builder#replicaSelector(ReplicaSelector)
 */
public enum ReplicaSelector {
    /**
     * Every consumer reads from the leader: Kafka's behaviour when {@code replica.selector.class} is unset (the
     * default) or set to {@code org.apache.kafka.common.replica.LeaderSelector}.
     */
    LEADER,
    /**
     * Kafka's {@code org.apache.kafka.common.replica.RackAwareReplicaSelector}: when the consumer's rack is not the
     * leader's but is that of an in-sync follower holding the fetch offset, the leader answers with that follower
     * as the {@code preferred_read_replica} and no records (the lowest broker id among several, as the mock's
     * in-sync followers are all equally caught up); otherwise it serves the fetch itself.
     */
    RACK_AWARE
}
