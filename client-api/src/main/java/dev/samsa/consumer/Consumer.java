package dev.samsa.consumer;

import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.serde.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Reads records from Kafka partitions, either assigned by hand ({@link #assign}) or by a consumer group
 * ({@link #subscribe}, the classic group protocol: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup).
 * Records are fetched from each partition's leader in pipelined Fetch requests (API key 1) with incremental fetch
 * sessions (KIP-227) through the {@link dev.samsa.transport.Transport} the consumer was built with, and returned by
 * {@link #poll} in offset order per partition. Offsets are committed to the group coordinator (OffsetCommit,
 * automatically every {@code auto.commit.interval.ms} by default).
 *
 * <pre>{@code
 * try (Consumer<String, String> consumer = Consumer.builder(Deserializers.forString(), Deserializers.forString())
 *         .transport(transport).groupId("billing").build()) {
 *     consumer.subscribe(List.of("orders"));
 *     while (running) {
 *         for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
 *             process(record);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Thread-safety</b> (beyond the official client, whose consumer is single-threaded): every method is
 * thread-safe. {@link #poll} may run on one thread at a time; meanwhile other threads may call any other method — in
 * particular {@link #commitAsync}, {@link #pause}, {@link #resume} and {@link #wakeup} are meant for worker threads
 * that process records while one thread polls. Each method's Javadoc says what it blocks on. The
 * {@link ConsumerRebalanceListener} runs on the polling thread, inside {@code poll}.
 *
 * <p><b>Completion thread:</b> futures returned by {@link #commitAsync} complete on a transport I/O thread, the
 * {@link dev.samsa.time.Time} timer thread or an application thread inside a consumer call; dependent stages must
 * not block.
 *
 * <p><b>Time:</b> every timeout and timer (poll, heartbeats, session and poll intervals, auto-commit, retries)
 * runs on the transport's {@link dev.samsa.transport.Transport#time()}.
 *
 * <p><b>Transport:</b> many consumers and producers may share one transport; a consumer that joins a group talks
 * through a view of it with connections of its own ({@link dev.samsa.transport.Transport#withOwnConnections()}),
 * because a broker parks a JoinGroup and serves one request per connection at a time.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public interface Consumer<K, V> extends AutoCloseable {

    /**
     * Starts building a consumer with these deserializers. A transport is required ({@link ConsumerBuilder#transport}).
     *
     * @param keyDeserializer deserializes keys; must be thread-safe
     * @param valueDeserializer deserializes values; must be thread-safe
     * @param <K> the key type
     * @param <V> the value type
     * @return a builder with Kafka's defaults
     * @throws NullPointerException if a deserializer is null
     */
    static <K, V> ConsumerBuilder<K, V> builder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new ConsumerBuilder<>(keyDeserializer, valueDeserializer);
    }

    /**
     * Assigns these partitions by hand, replacing any earlier assignment; no group membership, no rebalances. With a
     * {@code group.id}, positions start from the group's committed offsets, else from {@code auto.offset.reset}.
     * An empty collection is {@link #unsubscribe()}. Partitions kept from the previous assignment keep their
     * position. Thread-safe; does not block.
     *
     * @param partitions the partitions
     * @throws IllegalStateException if the consumer is subscribed to topics or a pattern, or closed
     * @throws NullPointerException if {@code partitions} or an element is null
     */
    void assign(Collection<TopicPartition> partitions);

    /**
     * Subscribes to these topics as a member of {@code group.id}, replacing any earlier subscription; as
     * {@link #subscribe(Collection, ConsumerRebalanceListener)} with a listener that does nothing.
     *
     * @throws IllegalStateException if partitions are assigned by hand, or the consumer is closed
     * @throws dev.samsa.errors.InvalidGroupIdException if no {@code group.id} is set
     */
    void subscribe(Collection<String> topics);

    /**
     * Subscribes to these topics as a member of {@code group.id}, replacing any earlier subscription. The group
     * assigns partitions at the next {@link #poll}s (JoinGroup/SyncGroup); {@code listener} hears about each change.
     * An empty collection is {@link #unsubscribe()}. Thread-safe; does not block.
     *
     * @param topics the topic names
     * @param listener told of revoked, assigned and lost partitions, on the polling thread
     * @throws IllegalArgumentException if a topic name is null or blank
     * @throws IllegalStateException if partitions are assigned by hand, or the consumer is closed
     * @throws dev.samsa.errors.InvalidGroupIdException if no {@code group.id} is set
     */
    void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

    /**
     * Subscribes to every topic whose whole name matches {@code pattern}; as
     * {@link #subscribe(Pattern, ConsumerRebalanceListener)} with a listener that does nothing.
     *
     * @throws IllegalStateException as {@link #subscribe(Collection, ConsumerRebalanceListener)}
     */
    void subscribe(Pattern pattern);

    /**
     * Subscribes to every topic whose whole name matches {@code pattern}, checked against the cluster's topic list
     * now and every {@code metadata.max.age.ms}; topics created or deleted later join or leave the subscription and
     * trigger a rebalance. Internal topics are skipped while {@code exclude.internal.topics} is true. Thread-safe;
     * does not block.
     *
     * @throws IllegalStateException as {@link #subscribe(Collection, ConsumerRebalanceListener)}
     */
    void subscribe(Pattern pattern, ConsumerRebalanceListener listener);

    /**
     * Drops the subscription or manual assignment. A group member revokes its partitions (the listener runs on this
     * thread: commit there if needed, as with the official client no automatic commit happens here) and leaves the
     * group (LeaveGroup; a static member stays until its session expires). Buffered records are dropped.
     * Thread-safe; blocks for the LeaveGroup up to {@code default.api.timeout.ms}.
     *
     * @throws IllegalStateException if the consumer is closed
     */
    void unsubscribe();

    /** The partitions currently assigned to this consumer, by hand or by the group. Thread-safe; does not block. */
    Set<TopicPartition> assignment();

    /** The topics subscribed to (those matching the pattern, for a pattern); empty if none. Thread-safe. */
    Set<String> subscription();

    /**
     * Returns records from the assigned partitions, waiting up to {@code timeout} for some to arrive. Each call also
     * does the work of the consumer group: joins or rejoins (running the {@link ConsumerRebalanceListener} on this
     * thread), and with auto-commit commits the positions reached by the previous polls every
     * {@code auto.commit.interval.ms}. It returns as soon as records are available (at most
     * {@code max.poll.records}), and before returning starts fetching the next ones so that they arrive while the
     * application processes these. Positions advance past the returned records.
     *
     * <p>Calls must come at least every {@code max.poll.interval.ms}, or the consumer leaves its group and its
     * partitions are given to others (it rejoins at the next poll, reporting them as lost).
     *
     * <p>Errors are per partition: a partition that fails (a corrupt batch, an offset out of range with
     * {@code auto.offset.reset=none}) does not hold back the records of the others; they are returned, and its
     * exception is thrown by the next call, and again by later ones until a seek moves that partition.
     *
     * <p>After a leader change the position of a partition is validated against the new leader before it is fetched
     * again (KIP-320); if the log was truncated below it, the position moves to the first offset known to diverge, or
     * with {@code auto.offset.reset=none} this method throws {@link LogTruncationException}.
     *
     * <p>May run on one thread at a time.
     *
     * @param timeout how long to wait for records; zero returns what is buffered after one round of work
     * @return the records, possibly none
     * @throws RecordDeserializationException if a key or value did not deserialize (see its Javadoc for skipping)
     * @throws dev.samsa.errors.CorruptRecordException naming the partition and offset if a record batch failed its
     *     CRC check ({@code check.crcs}) or did not decode; seek past it to skip it
     * @throws NoOffsetForPartitionException with {@code auto.offset.reset=none}, for partitions without a committed
     *     offset
     * @throws dev.samsa.errors.OffsetOutOfRangeException with {@code auto.offset.reset=none}, naming the partition
     *     and offset, if a position fell out of the log's range
     * @throws LogTruncationException with {@code auto.offset.reset=none}, naming the partition, the position and the
     *     first divergent offset, if the log was truncated below a position (unclean leader election)
     * @throws WakeupException if {@link #wakeup()} was called
     * @throws dev.samsa.errors.InterruptException if the thread was interrupted
     * @throws dev.samsa.errors.ApiException for a fatal group or authorization error (e.g.
     *     {@link dev.samsa.errors.GroupAuthorizationException}, {@link dev.samsa.errors.FencedInstanceIdException})
     * @throws IllegalStateException if the consumer has no subscription or assignment, another thread is polling,
     *     or the consumer is closed
     * @throws dev.samsa.errors.SamsaException wrapping an exception thrown by the rebalance listener
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /**
     * Commits the positions of all assigned partitions (the offsets after the records returned so far), waiting up to
     * {@code default.api.timeout.ms}. Thread-safe; blocks.
     *
     * @throws CommitFailedException if the group rebalanced and this consumer's generation is no longer valid
     * @throws dev.samsa.errors.RebalanceInProgressException if the group is rebalancing; commit again after the
     *     next poll
     * @throws dev.samsa.errors.TimeoutException if the commit did not complete in time
     * @throws WakeupException if {@link #wakeup()} was called
     * @throws dev.samsa.errors.InvalidGroupIdException if there is no {@code group.id}
     * @throws IllegalStateException if the consumer is closed
     */
    void commitSync();

    /**
     * As {@link #commitSync()}, waiting up to {@code timeout}.
     *
     * @throws dev.samsa.errors.TimeoutException if the commit did not complete in time
     */
    void commitSync(Duration timeout);

    /**
     * Commits the given offsets (each the offset of the next record to read), waiting up to
     * {@code default.api.timeout.ms}; retriable errors are retried within that time. Thread-safe; blocks.
     *
     * @throws CommitFailedException if the group rebalanced and this consumer's generation is no longer valid
     * @throws dev.samsa.errors.TimeoutException if the commit did not complete in time
     * @throws WakeupException if {@link #wakeup()} was called
     * @throws dev.samsa.errors.ApiException for a fatal broker error, e.g.
     *     {@link dev.samsa.errors.OffsetMetadataTooLarge}
     * @throws dev.samsa.errors.InvalidGroupIdException if there is no {@code group.id}
     * @throws IllegalStateException if the consumer is closed
     */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** As {@link #commitSync(Map)}, waiting up to {@code timeout}. */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout);

    /**
     * Commits the positions of all assigned partitions without waiting. Meant to be called from any thread,
     * including workers that finished processing. Commits from one consumer are sent in call order.
     *
     * @return a future of the committed offsets; fails with {@link CommitFailedException},
     *     {@link dev.samsa.errors.RebalanceInProgressException}, a retriable {@link dev.samsa.errors.ApiException}
     *     (not retried: a later commit supersedes it), {@link dev.samsa.errors.InvalidGroupIdException} if there is
     *     no {@code group.id}, or {@link IllegalStateException} if the consumer is closed. Completes on the thread
     *     described in the class Javadoc.
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync();

    /**
     * Commits the given offsets without waiting; as {@link #commitAsync()}.
     *
     * @throws NullPointerException if {@code offsets} is null
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /**
     * Moves the position of an assigned partition: the next poll returns records from {@code offset}. Records
     * already buffered for the partition are dropped. Thread-safe; does not block.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws IllegalStateException if the partition is not assigned, or the consumer is closed
     */
    void seek(TopicPartition partition, long offset);

    /**
     * As {@link #seek(TopicPartition, long)}, with the leader epoch of the record before the offset. With an epoch,
     * the position is validated against the partition's leader before it is fetched (KIP-320): if the log was
     * truncated below it, it moves to the first divergent offset, or with {@code auto.offset.reset=none} polls throw
     * {@link LogTruncationException}.
     *
     * @throws IllegalStateException if the partition is not assigned, or the consumer is closed
     */
    void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata);

    /**
     * Moves the positions of these assigned partitions (all assigned ones if empty) to their log start offsets,
     * looked up lazily at the next poll or {@link #position}. Thread-safe; does not block.
     *
     * @throws IllegalStateException if a partition is not assigned, or the consumer is closed
     */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /**
     * Moves the positions of these assigned partitions (all assigned ones if empty) to their log end offsets (the
     * last stable offset under {@code read_committed}), looked up lazily. Thread-safe; does not block.
     *
     * @throws IllegalStateException if a partition is not assigned, or the consumer is closed
     */
    void seekToEnd(Collection<TopicPartition> partitions);

    /**
     * The offset of the next record to be returned for an assigned partition, looking it up first if it is not
     * known yet (committed offset, then {@code auto.offset.reset}), waiting up to {@code default.api.timeout.ms}.
     * Thread-safe; may block.
     *
     * @throws IllegalStateException if the partition is not assigned, or the consumer is closed
     * @throws NoOffsetForPartitionException if the partition has no committed offset and
     *     {@code auto.offset.reset=none}
     * @throws dev.samsa.errors.TimeoutException if the position could not be determined in time
     * @throws WakeupException if {@link #wakeup()} was called
     */
    long position(TopicPartition partition);

    /** As {@link #position(TopicPartition)}, waiting up to {@code timeout}. */
    long position(TopicPartition partition, Duration timeout);

    /**
     * The last committed offsets of the group for these partitions (assigned or not), from the group coordinator
     * (OffsetFetch, waiting for pending transactional commits, KIP-447), waiting up to
     * {@code default.api.timeout.ms}. Thread-safe; blocks.
     *
     * @return a map with an entry for each partition; the value is null for a partition without a committed offset
     * @throws dev.samsa.errors.TimeoutException if the coordinator did not answer in time
     * @throws WakeupException if {@link #wakeup()} was called
     * @throws dev.samsa.errors.InvalidGroupIdException if there is no {@code group.id}
     * @throws IllegalStateException if the consumer is closed
     */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

    /** As {@link #committed(Set)}, waiting up to {@code timeout}. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout);

    /**
     * The partitions of a topic, from the cluster metadata (fetched if not cached), waiting up to
     * {@code default.api.timeout.ms}. Thread-safe; may block.
     *
     * @return the partitions ordered by index; empty if the topic does not exist
     * @throws dev.samsa.errors.TimeoutException if the metadata did not arrive in time
     * @throws dev.samsa.errors.ApiException for a fatal topic error, e.g. authorization
     */
    List<PartitionInfo> partitionsFor(String topic);

    /** As {@link #partitionsFor(String)}, waiting up to {@code timeout}. */
    List<PartitionInfo> partitionsFor(String topic, Duration timeout);

    /**
     * For each partition, the earliest offset whose record timestamp is at or after the given time (ms since the
     * epoch), by ListOffsets to the partitions' leaders, waiting up to {@code default.api.timeout.ms}. Does not move
     * positions. Thread-safe; blocks.
     *
     * @return a map with an entry per partition; null for a partition with no such record
     * @throws IllegalArgumentException if a timestamp is negative
     * @throws dev.samsa.errors.TimeoutException if the lookup did not complete in time
     * @throws WakeupException if {@link #wakeup()} was called
     */
    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch);

    /** As {@link #offsetsForTimes(Map)}, waiting up to {@code timeout}. */
    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
            Duration timeout);

    /**
     * The log start offsets of these partitions, waiting up to {@code default.api.timeout.ms}. Does not move
     * positions. Thread-safe; blocks.
     *
     * @throws dev.samsa.errors.TimeoutException if the lookup did not complete in time
     * @throws WakeupException if {@link #wakeup()} was called
     */
    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

    /** As {@link #beginningOffsets(Collection)}, waiting up to {@code timeout}. */
    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout);

    /**
     * The log end offsets of these partitions (the high watermark; the last stable offset under
     * {@code read_committed}), waiting up to {@code default.api.timeout.ms}. Does not move positions. Thread-safe;
     * blocks.
     *
     * @throws dev.samsa.errors.TimeoutException if the lookup did not complete in time
     * @throws WakeupException if {@link #wakeup()} was called
     */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    /** As {@link #endOffsets(Collection)}, waiting up to {@code timeout}. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout);

    /**
     * Stops returning and fetching records of these assigned partitions until {@link #resume}; they stay assigned,
     * and the group sees nothing. Records already buffered are kept. Meant to be called from any thread (e.g. a
     * worker applying back-pressure) while another polls; does not block.
     *
     * @throws IllegalStateException if a partition is not assigned, or the consumer is closed
     */
    void pause(Collection<TopicPartition> partitions);

    /**
     * Resumes paused partitions; the polling thread is woken to fetch them. Any thread; does not block.
     *
     * @throws IllegalStateException if a partition is not assigned, or the consumer is closed
     */
    void resume(Collection<TopicPartition> partitions);

    /** The paused partitions. Thread-safe. */
    Set<TopicPartition> paused();

    /**
     * Makes the current (or next) blocking call ({@code poll}, {@code commitSync}, {@code position}, the offset
     * lookups, ...) throw {@link WakeupException} at once; a single wakeup is consumed by the call it interrupts.
     * The usual way to stop a polling loop from another thread. Any thread; does not block.
     */
    void wakeup();

    /**
     * Asks the group for a rebalance at the next poll (useful after a change only this member knows about). No-op
     * without a group subscription or while one is already pending. Thread-safe; does not block.
     *
     * @throws IllegalStateException if the consumer is closed
     */
    void enforceRebalance();

    /** Closes the consumer, waiting up to 30 s: as {@code close(Duration.ofSeconds(30))}. */
    @Override
    void close();

    /**
     * Closes the consumer: with auto-commit, commits the positions; a group member revokes its partitions (the
     * listener runs on this thread) and leaves the group (a static member stays until its session times out);
     * buffered records are released; the transport is not closed. Each step waits within {@code timeout}.
     * Idempotent. Thread-safe; a poll running on another thread fails with {@link IllegalStateException}.
     *
     * @param timeout the time to spend on the commit and the LeaveGroup together
     * @throws dev.samsa.errors.InterruptException if the thread is interrupted (the consumer is closed anyway)
     */
    void close(Duration timeout);
}
