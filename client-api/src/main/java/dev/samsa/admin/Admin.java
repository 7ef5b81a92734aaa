package dev.samsa.admin;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.OffsetAndMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Manages a Kafka cluster: topics and partitions, configs, consumer groups and their offsets, records. Every call
 * is asynchronous and returns futures, per entity where a call names several ({@link AdminResult}).
 *
 * <pre>{@code
 * try (Admin admin = Admin.builder().transport(transport).build()) {
 *     admin.createTopics(List.of(NewTopic.of("orders", 6, 3).config("retention.ms", "86400000"))).all().join();
 *     TopicDescription orders = admin.describeTopics(List.of("orders")).value("orders").join();
 * }
 * }</pre>
 *
 * <h2>Routing and retries</h2>
 * Each request goes where Kafka requires it: topic creation, deletion and partition changes to the controller (in
 * KRaft mode any broker, which forwards them); ListOffsets and DeleteRecords to each partition's leader; group calls
 * to the group's coordinator, found with FindCoordinator. Retriable errors ({@code NOT_CONTROLLER},
 * {@code NOT_LEADER_OR_FOLLOWER}, {@code NOT_COORDINATOR}, {@code COORDINATOR_LOAD_IN_PROGRESS}, lost connections,
 * ...) are retried, only for the entities that hit them, after a jittered exponential backoff from
 * {@code retry.backoff.ms} to {@code retry.backoff.max.ms} (KIP-580), at most {@code retries} times and within the
 * call's timeout ({@code default.api.timeout.ms}, or {@link #withTimeout}); then the entity's future fails with
 * {@link dev.samsa.errors.TimeoutException} (cause: the last error) or the last retriable error.
 *
 * <h2>Errors</h2>
 * Futures fail with the {@link dev.samsa.errors.ApiException} subclass of the broker's error code, its message naming
 * the entity: {@link dev.samsa.errors.TopicExistsException} for a topic that exists,
 * {@link dev.samsa.errors.UnknownTopicOrPartitionException}, {@link dev.samsa.errors.GroupNotEmptyException},
 * {@link dev.samsa.errors.GroupIdNotFoundException}, {@link dev.samsa.errors.InvalidConfigurationException},
 * {@link dev.samsa.errors.PolicyViolationException}, {@link dev.samsa.errors.UnsupportedVersionException} when the
 * broker lacks the API, {@link IllegalStateException} after {@link #close()}. Methods themselves throw only
 * {@link NullPointerException} and {@link IllegalArgumentException} for bad arguments.
 *
 * <p><b>Thread-safety:</b> all methods are thread-safe. <b>Completion thread:</b> futures complete on a transport
 * I/O thread or the transport's timer thread; dependent stages must not block (use the {@code *Async} forms with an
 * executor for slow work).
 *
 * @since 0.1.0
 */
public interface Admin extends AutoCloseable {

    /**
     * Starts building an admin client. A transport is required ({@link AdminBuilder#transport}).
     *
     * @return a builder with Kafka's defaults
     */
    static AdminBuilder builder() {
        return new AdminBuilder();
    }

    /**
     * A view of this client whose calls use {@code timeout} instead of {@code default.api.timeout.ms}. The view
     * shares everything with this client; closing either closes both.
     *
     * @param timeout the time a call may take, retries included; millisecond precision
     * @return the view
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    Admin withTimeout(Duration timeout);

    /**
     * Creates topics (CreateTopics, API key 19).
     *
     * @param topics the topics; names must be distinct
     * @return a future per topic name, failed with {@link dev.samsa.errors.TopicExistsException},
     *     {@link dev.samsa.errors.InvalidTopicException}, {@link dev.samsa.errors.InvalidPartitionsException},
     *     {@link dev.samsa.errors.InvalidReplicationFactorException},
     *     {@link dev.samsa.errors.InvalidReplicaAssignmentException},
     *     {@link dev.samsa.errors.InvalidConfigurationException} ... naming the topic
     * @throws IllegalArgumentException if a name appears twice
     */
    default AdminResult<String, CreatedTopic> createTopics(Collection<NewTopic> topics) {
        return createTopics(topics, false);
    }

    /**
     * Creates topics, or with {@code validateOnly} only checks that they could be created.
     *
     * @param topics the topics; names must be distinct
     * @param validateOnly check everything, create nothing
     * @return as {@link #createTopics(Collection)}
     * @throws IllegalArgumentException if a name appears twice
     */
    AdminResult<String, CreatedTopic> createTopics(Collection<NewTopic> topics, boolean validateOnly);

    /**
     * Deletes topics by name (DeleteTopics, API key 20). A topic's future completes once the controller accepted the
     * deletion; brokers forget the topic shortly after.
     *
     * @return a future per topic, failed with {@link dev.samsa.errors.UnknownTopicOrPartitionException} naming a
     *     topic that does not exist
     */
    AdminResult<String, Void> deleteTopics(Collection<String> topics);

    /**
     * Lists the topics, without internal ones.
     *
     * @return a future of the topics ordered by name
     */
    default CompletableFuture<List<TopicListing>> listTopics() {
        return listTopics(false);
    }

    /**
     * Lists the topics (a Metadata request for all topics).
     *
     * @param listInternal include internal topics such as {@code __consumer_offsets}
     * @return a future of the topics ordered by name
     */
    CompletableFuture<List<TopicListing>> listTopics(boolean listInternal);

    /**
     * Describes topics (a Metadata request naming them; never auto-creates).
     *
     * @return a future per topic, failed with {@link dev.samsa.errors.UnknownTopicOrPartitionException} naming a
     *     topic that does not exist
     */
    AdminResult<String, TopicDescription> describeTopics(Collection<String> topics);

    /**
     * Adds partitions to topics (CreatePartitions, API key 37).
     *
     * @param newPartitions per topic, its new total partition count
     * @return a future per topic, failed with {@link dev.samsa.errors.InvalidPartitionsException} when the count does
     *     not grow, {@link dev.samsa.errors.UnknownTopicOrPartitionException} for a missing topic
     */
    AdminResult<String, Void> createPartitions(Map<String, NewPartitions> newPartitions);

    /**
     * Describes the cluster (DescribeCluster, API key 60, KIP-700; from a Metadata response on brokers without it).
     *
     * @return a future of the cluster id, controller and brokers
     */
    CompletableFuture<ClusterDescription> describeCluster();

    /**
     * Describes the configs of topics and brokers (DescribeConfigs, API key 32), each with its source. A broker's
     * configs are asked of that broker.
     *
     * @return a future per resource of its configs by name, failed with
     *     {@link dev.samsa.errors.UnknownTopicOrPartitionException} for a missing topic
     */
    AdminResult<ConfigResource, Map<String, ConfigEntry>> describeConfigs(Collection<ConfigResource> resources);

    /**
     * Changes configs of topics and brokers (IncrementalAlterConfigs, API key 44, KIP-339); configs not named keep
     * their values.
     *
     * @return a future per resource, failed with {@link dev.samsa.errors.InvalidConfigurationException} (an unknown
     *     config or a bad value) or {@link dev.samsa.errors.UnknownTopicOrPartitionException}, naming the resource
     */
    AdminResult<ConfigResource, Void> incrementalAlterConfigs(Map<ConfigResource, ? extends Collection<AlterConfigOp>>
            configs);

    /**
     * Lists the groups of every broker (ListGroups, API key 16, sent to each broker).
     *
     * @return a future of the groups ordered by id
     */
    CompletableFuture<List<GroupListing>> listGroups();

    /**
     * Describes groups on their coordinators (DescribeGroups, API key 15), decoding consumer members' assignments.
     *
     * @return a future per group, failed with {@link dev.samsa.errors.GroupIdNotFoundException} naming a group that
     *     does not exist (brokers with DescribeGroups v6+; older ones describe it as {@link GroupState#DEAD})
     */
    AdminResult<String, GroupDescription> describeGroups(Collection<String> groupIds);

    /**
     * The committed offsets of a group (OffsetFetch, API key 9, on its coordinator).
     *
     * @return a future of every partition with a committed offset
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String groupId);

    /**
     * Commits offsets for a group that has no active members (OffsetCommit, API key 8, with no member and no
     * generation, as Kafka's admin client does): how a group's position is reset.
     *
     * @return a future per partition, failed with {@link dev.samsa.errors.UnknownMemberIdException} naming the group
     *     while it has active members, {@link dev.samsa.errors.UnknownTopicOrPartitionException} for a missing
     *     partition
     */
    AdminResult<TopicPartition, Void> alterConsumerGroupOffsets(String groupId,
            Map<TopicPartition, OffsetAndMetadata> offsets);

    /**
     * Deletes groups and their committed offsets (DeleteGroups, API key 42, on each group's coordinator).
     *
     * @return a future per group, failed with {@link dev.samsa.errors.GroupNotEmptyException} naming a group with
     *     active members, {@link dev.samsa.errors.GroupIdNotFoundException} for a group that does not exist
     */
    AdminResult<String, Void> deleteConsumerGroups(Collection<String> groupIds);

    /**
     * Looks up offsets on each partition's leader (ListOffsets, API key 2).
     *
     * @return a future per partition
     */
    AdminResult<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs);

    /**
     * Deletes the records of each partition before an offset, moving its log start offset there (DeleteRecords, API
     * key 21, on each partition's leader).
     *
     * @param beforeOffsets per partition, the first offset to keep; -1 for the high watermark (delete everything)
     * @return a future per partition of its new log start offset (low watermark), failed with
     *     {@link dev.samsa.errors.OffsetOutOfRangeException} for an offset past the high watermark
     */
    AdminResult<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets);

    /**
     * Closes the client, waiting without bound for calls in progress: as {@code close(Duration.ofMillis(Long.MAX_VALUE))}.
     */
    @Override
    void close();

    /**
     * Closes the client: refuses new calls (their futures fail with {@link IllegalStateException}), waits up to
     * {@code timeout} for calls in progress, then fails the rest with {@link dev.samsa.errors.TimeoutException}.
     * Never closes the transport. Idempotent.
     *
     * @param timeout how long to wait for calls in progress
     */
    void close(Duration timeout);
}
