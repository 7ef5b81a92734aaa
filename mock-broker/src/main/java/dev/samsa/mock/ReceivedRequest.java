package dev.samsa.mock;

import dev.samsa.common.TopicPartition;
import java.util.List;
import java.util.Objects;

/**
 * One request a mock broker received, as recorded for assertions ({@link MockCluster#requests()}). Requests that a
 * stopped broker refused, that the transport rejected before sending (no common version), or that were sent before
 * SASL authentication completed (their tokens carry credentials) are not recorded. Immutable, but for {@code body}.
 *
 * <pre>{@code
 * assertThat(cluster.requests(KafkaApi.LIST_OFFSETS))
 *         .filteredOn(r -> r.brokerId() == 2)
 *         .flatExtracting(ReceivedRequest::partitions)
 *         .contains(new TopicPartition("orders", 1));
 * }</pre>
 *
 * @param brokerId the broker that received it
 * @param api its API
 * @param version the API version it was sent at
 * @param clientId the client id of the request header ({@code client.id}; null if a TCP client sent none); the
 *     transport's name in-process
 * @param correlationId the request header's correlation id over TCP; -1 in process, where requests carry no header
 * @param timeMs when it arrived, in ms since the epoch on the cluster's clock
 * @param principal who sent it: {@code User:<name>} after SASL over TCP or through
 *     {@link MockCluster#transportAs(String)}, else {@code User:ANONYMOUS}
 * @param partitions the partitions it names, in request order, each once (Produce, Fetch, ListOffsets,
 *     OffsetCommit, OffsetFetch, OffsetForLeaderEpoch, DeleteRecords; empty for other APIs, and for an OffsetFetch
 *     of all of a group's partitions). An incremental Fetch names only the partitions whose fetch position changed
 *     (KIP-227); a Fetch's partitions of unknown topic ids are left out
 * @param body the decoded request message itself, an unsupported escape hatch for Samsa's own tests: its class is
 *     one of client-api's internal protocol messages ({@code dev.samsa.internal.protocol.message}), which may change
 *     without notice and which a module on the module path cannot name without
 *     {@code --add-exports dev.samsa.client/dev.samsa.internal.protocol.message=<module>}. Its {@code records}
 *     buffers, if any (Produce), belong to the sender and may already be released: do not read them. Prefer the
 *     other components.
 */
public record ReceivedRequest(int brokerId, KafkaApi api, short version, String clientId, int correlationId,
        long timeMs, String principal, List<TopicPartition> partitions, Object body) {
    /**
     * Checks the components; {@code partitions} is copied.
     *
     * @throws NullPointerException if {@code api}, {@code principal}, {@code partitions} or {@code body} is null
     */
    public ReceivedRequest {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(principal, "principal");
        partitions = List.copyOf(partitions);
        Objects.requireNonNull(body, "body");
    }

    /**
     * Whether it names {@code topic}'s {@code partition} (see {@link #partitions()}).
     *
     * @param topic a topic name
     * @param partition a partition index
     * @return true if {@link #partitions()} contains it
     */
    public boolean names(String topic, int partition) {
        for (TopicPartition tp : partitions) {
            if (tp.partition() == partition && tp.topic().equals(topic)) {
                return true;
            }
        }
        return false;
    }
}
