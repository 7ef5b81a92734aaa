package dev.samsa.internal.consumer;

import dev.samsa.consumer.AssignmentStrategy;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.IsolationLevel;
import java.util.List;

/**
 * A consumer's validated, effective settings, as {@code ConsumerBuilder.build()} resolved them (auto-commit off
 * without a group). Times in ms, sizes in bytes. Immutable.
 *
 * @param groupId {@code group.id}, or null
 * @param groupInstanceId {@code group.instance.id} (KIP-345), or null
 * @param autoOffsetReset {@code auto.offset.reset}
 * @param enableAutoCommit the effective {@code enable.auto.commit}
 * @param autoCommitIntervalMs {@code auto.commit.interval.ms}
 * @param maxPollRecords {@code max.poll.records}
 * @param maxPollIntervalMs {@code max.poll.interval.ms}, also the rebalance timeout sent in JoinGroup
 * @param sessionTimeoutMs {@code session.timeout.ms}
 * @param heartbeatIntervalMs {@code heartbeat.interval.ms}
 * @param fetchMinBytes {@code fetch.min.bytes}
 * @param fetchMaxBytes {@code fetch.max.bytes}
 * @param maxPartitionFetchBytes {@code max.partition.fetch.bytes}
 * @param fetchMaxWaitMs {@code fetch.max.wait.ms}
 * @param isolationLevel {@code isolation.level}
 * @param assignmentStrategies {@code partition.assignment.strategy}, in preference order
 * @param clientRack {@code client.rack}, empty if none
 * @param checkCrcs {@code check.crcs}
 * @param clientId {@code client.id}, empty for a generated one
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param defaultApiTimeoutMs {@code default.api.timeout.ms}
 * @param retryBackoffMs {@code retry.backoff.ms}
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}
 * @param metadataMaxAgeMs {@code metadata.max.age.ms}
 * @param allowAutoCreateTopics {@code allow.auto.create.topics}
 * @param excludeInternalTopics {@code exclude.internal.topics}
 */
public record ConsumerSettings(String groupId, String groupInstanceId, AutoOffsetReset autoOffsetReset,
        boolean enableAutoCommit, long autoCommitIntervalMs, int maxPollRecords, int maxPollIntervalMs,
        int sessionTimeoutMs, int heartbeatIntervalMs, int fetchMinBytes, int fetchMaxBytes,
        int maxPartitionFetchBytes, int fetchMaxWaitMs, IsolationLevel isolationLevel,
        List<AssignmentStrategy> assignmentStrategies, String clientRack, boolean checkCrcs, String clientId,
        int requestTimeoutMs, long defaultApiTimeoutMs, long retryBackoffMs, long retryBackoffMaxMs,
        long metadataMaxAgeMs, boolean allowAutoCreateTopics, boolean excludeInternalTopics) {

    /** Copies the strategy list. */
    public ConsumerSettings {
        assignmentStrategies = List.copyOf(assignmentStrategies);
    }

    /** Whether every configured strategy supports the cooperative protocol (KIP-429). */
    public boolean cooperative() {
        for (AssignmentStrategy s : assignmentStrategies) { // a loop: a stream here loads its match machinery at start
            if (!s.isCooperative()) {
                return false;
            }
        }
        return true;
    }
}
