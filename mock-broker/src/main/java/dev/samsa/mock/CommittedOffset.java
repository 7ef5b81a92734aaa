package dev.samsa.mock;

/**
 * An offset a group committed for one partition. Immutable.
 *
 * @param topic the topic
 * @param partition the partition index
 * @param offset the committed offset (the next record to consume)
 * @param leaderEpoch the leader epoch the consumer saw, or -1
 * @param metadata the commit's metadata string
 * @param commitTimestampMs when the coordinator stored it, ms since the epoch on the cluster's clock
 */
public record CommittedOffset(String topic, int partition, long offset, int leaderEpoch, String metadata,
        long commitTimestampMs) {
}
