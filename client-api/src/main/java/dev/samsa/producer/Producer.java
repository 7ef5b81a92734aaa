package dev.samsa.producer;

import dev.samsa.common.PartitionInfo;
import dev.samsa.serde.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to Kafka topics. Records are serialized, partitioned and appended to a per-partition batch in memory
 * ({@code batch.size}, {@code linger.ms}); batches are sent to each partition's leader in Produce requests (API key
 * 0) through the {@link dev.samsa.transport.Transport} the producer was built with; retriable errors are retried with
 * exponential backoff within {@code delivery.timeout.ms}. Idempotence is on by default (KIP-98, KIP-679): no
 * duplicates and no reordering per partition across retries.
 *
 * <pre>{@code
 * try (Producer<String, String> producer = Producer.builder(Serializers.forString(), Serializers.forString())
 *         .transport(transport).build()) {
 *     RecordMetadata md = producer.send(new ProducerRecord<>("orders", "order-1", "{...}")).join();
 * }
 * }</pre>
 *
 * <p><b>Thread-safety:</b> all methods are thread-safe; many threads may {@code send} at once. Records sent to one
 * partition from one thread are written in send order.
 *
 * <p><b>Completion thread:</b> futures returned by {@code send} complete, and {@link Callback}s run, on the producer's
 * completion path (the transport's I/O thread, the {@link dev.samsa.time.Time} timer thread, or an application
 * thread that is inside a producer call at the time). Callbacks and dependent stages ({@code thenApply}, ...) must not
 * block; hand slow work to an executor ({@code thenApplyAsync(fn, executor)}).
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public interface Producer<K, V> extends AutoCloseable {

    /**
     * Starts building a producer with these serializers. A transport is required
     * ({@link ProducerBuilder#transport}).
     *
     * @param keySerializer serializes keys; must be thread-safe
     * @param valueSerializer serializes values; must be thread-safe
     * @param <K> the key type
     * @param <V> the value type
     * @return a builder with Kafka's defaults
     * @throws NullPointerException if a serializer is null
     */
    static <K, V> ProducerBuilder<K, V> builder(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new ProducerBuilder<>(keySerializer, valueSerializer);
    }

    /**
     * Sends a record asynchronously: same as {@link #send(ProducerRecord, Callback)} without a callback.
     *
     * @param record the record
     * @return a future of where the record landed; see {@link #send(ProducerRecord, Callback)}
     * @throws NullPointerException if {@code record} is null
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Sends a record asynchronously. This call serializes and partitions the record and appends it to a batch; it
     * blocks only while waiting for the topic's metadata (first send to a topic) or for {@code buffer.memory}, each
     * bounded by {@code max.block.ms}.
     *
     * <p>The returned future (and {@code callback}) never fail by throwing from this method: every per-record
     * failure completes the future exceptionally, with:
     * <ul>
     *   <li>{@link dev.samsa.errors.SerializationException} naming the topic and key or value, if a serializer
     *   threw;</li>
     *   <li>{@link dev.samsa.errors.TimeoutException} if the topic's metadata did not arrive, or buffer memory did
     *   not free up, within {@code max.block.ms}; or the record was not acknowledged within
     *   {@code delivery.timeout.ms};</li>
     *   <li>{@link dev.samsa.errors.RecordTooLargeException} naming the size and the limit, if the serialized
     *   record exceeds {@code max.request.size} or {@code buffer.memory};</li>
     *   <li>{@link IllegalArgumentException} for a partition the topic does not have;</li>
     *   <li>a fatal broker error ({@link dev.samsa.errors.ApiException}) or the last retriable one once
     *   {@code retries} ran out;</li>
     *   <li>{@link IllegalStateException} if the producer is closed; {@link dev.samsa.errors.InterruptException} if
     *   the calling thread was interrupted while blocked (its interrupt flag is set again).</li>
     * </ul>
     *
     * @param record the record
     * @param callback told the outcome once (see {@link Callback} for its thread); may be null
     * @return a future of where the record landed, completed on the completion path described in the class Javadoc
     * @throws NullPointerException if {@code record} is null
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    /**
     * Sends every record sent before this call at once (ignoring {@code linger.ms}) and blocks until each has
     * completed, successfully or not. Records sent meanwhile by other threads are not waited for.
     *
     * @throws IllegalStateException if called from a {@link Callback} or a dependent stage of a send future (it
     *     would wait for itself)
     * @throws dev.samsa.errors.InterruptException if the thread is interrupted while waiting
     */
    void flush();

    /**
     * The partitions of {@code topic}, fetching its metadata if it is not cached (blocking up to
     * {@code max.block.ms}).
     *
     * @param topic the topic
     * @return the partitions ordered by index; the leader of a partition without one is null
     * @throws dev.samsa.errors.TimeoutException if the metadata did not arrive within {@code max.block.ms}
     * @throws dev.samsa.errors.ApiException if the broker reported a fatal error for the topic (for example
     *     {@link dev.samsa.errors.TopicAuthorizationException}, {@link dev.samsa.errors.InvalidTopicException})
     * @throws IllegalStateException if the producer is closed
     */
    List<PartitionInfo> partitionsFor(String topic);

    /**
     * Closes the producer, waiting without bound for pending records: as {@code close(Duration.ofMillis(Long.MAX_VALUE))}.
     */
    @Override
    void close();

    /**
     * Closes the producer: refuses new sends, sends every pending record at once and waits up to {@code timeout}
     * (on the transport's clock) for them to complete; records still pending then fail with a
     * {@link dev.samsa.errors.SamsaException} saying the producer was closed forcefully. Every record sent before
     * has completed, one way or the other, when this returns. Never closes the transport. Idempotent.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} fails pending records at once
     * @throws IllegalStateException if called with a non-zero timeout from a {@link Callback} or a dependent stage
     *     of a send future
     * @throws dev.samsa.errors.InterruptException if the thread is interrupted while waiting (pending records
     *     are then failed before this throws)
     */
    void close(Duration timeout);
}
