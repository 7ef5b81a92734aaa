package dev.samsa.internal.producer;

import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.InterruptException;
import dev.samsa.errors.RecordTooLargeException;
import dev.samsa.errors.SamsaException;
import dev.samsa.errors.SerializationException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.common.Header;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.producer.Callback;
import dev.samsa.producer.Partitioner;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import dev.samsa.serde.Serializer;
import dev.samsa.time.Time;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Producer} implementation: serializes, partitions and appends on the calling thread; the {@link Sender}
 * loop does the rest. See {@link Producer} for the contract.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SamsaProducer<K, V> implements Producer<K, V> {
    private static final Logger log = LoggerFactory.getLogger(SamsaProducer.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    /** Upper bound of a record's framing besides key, value and headers: length, attributes, deltas, counts. */
    private static final int RECORD_OVERHEAD_BOUND = 5 + 1 + 10 + 5 + 5 + 5 + 5;

    private final ProducerSettings settings;
    private final Time time;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Metadata metadata;
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final StickyPartitioner sticky;
    private final Partitioner partitioner;
    private final String clientId;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    /**
     * Builds a producer; use {@code Producer.builder(...)} instead.
     *
     * @param settings validated settings
     * @param transport the transport, not owned
     */
    public SamsaProducer(ProducerSettings settings, Transport transport, Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        this(settings, transport, keySerializer, valueSerializer, PooledByteBufAllocator.DEFAULT);
    }

    SamsaProducer(ProducerSettings settings, Transport transport, Serializer<K> keySerializer,
            Serializer<V> valueSerializer, ByteBufAllocator alloc) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(transport, "transport");
        this.time = transport.time();
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        this.clientId = settings.clientId().isEmpty() ? "samsa-producer-" + CLIENT_IDS.incrementAndGet()
                : settings.clientId();
        this.metadata = new Metadata(transport, new Metadata.Options(settings.metadataMaxAgeMs(),
                settings.metadataMaxIdleMs(), settings.retryBackoffMs(), settings.retryBackoffMaxMs(), true));
        this.pool = new BufferPool(settings.bufferMemory(), time);
        this.accumulator = new RecordAccumulator(settings, pool, alloc, this::nowMs);
        this.sender = new Sender(settings, transport, metadata, accumulator, clientId);
        accumulator.wakeupWith(sender::wakeup);
        metadata.lastUsedBy(accumulator::lastNewBatchMs);
        this.sticky = new StickyPartitioner(settings.batchSize(), settings.partitionerAdaptive(),
                settings.partitionerAvailabilityTimeoutMs(), accumulator::queuedBatches);
        sender.partitioner(sticky);
        this.partitioner = settings.partitioner();
        log.debug("[{}] Producer created: {}", clientId, settings);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        Objects.requireNonNull(record, "record");
        try {
            return doSend(record, callback);
        } catch (RuntimeException e) {
            if (callback != null) {
                try {
                    callback.onCompletion(null, e);
                } catch (RuntimeException ce) {
                    log.error("[{}] Producer callback threw; ignored", clientId, ce);
                }
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<RecordMetadata> doSend(ProducerRecord<K, V> record, Callback callback) {
        if (closed) {
            throw new IllegalStateException("Cannot send after the producer is closed (topic '" + record.topic()
                    + "')");
        }
        RuntimeException fatal = sender.fatalError();
        if (fatal != null) {
            throw fatal;
        }
        String topic = record.topic();
        // One clock read per send in the common case, the wall clock for the record's timestamp (there were four,
        // then two; each is a few percent of the sending thread's CPU). The monotonic clock is read only when it
        // matters: a wait for metadata, and a new batch's creation time and metadata touch (read by the accumulator and
        // the metadata themselves).
        long wallMs = time.milliseconds();
        byte[] key = serialize(keySerializer, topic, record, record.key(), "key");
        byte[] value = serialize(valueSerializer, topic, record, record.value(), "value");
        Header[] headers = headers(record.headers());
        int size = sizeBound(key, value, headers);
        if (size > settings.maxRequestSize()) {
            throw new RecordTooLargeException("The record to topic '" + topic + "' is " + size + " bytes when "
                    + "serialized, larger than max.request.size (" + settings.maxRequestSize() + " bytes)");
        }
        if (size > settings.bufferMemory()) {
            throw new RecordTooLargeException("The record to topic '" + topic + "' is " + size + " bytes when "
                    + "serialized, larger than buffer.memory (" + settings.bufferMemory() + " bytes)");
        }
        Cluster cluster = metadata.cluster();
        int count = cluster.partitionCount(topic);
        long remaining = settings.maxBlockMs();
        long nowMs = RecordAccumulator.CLOCK_UNREAD;
        // A known topic counts as used (metadata.max.idle.ms) when a record opens a new batch for it: the metadata
        // asks the accumulator when that last happened before it drops the topic. Not a touch on every send: records
        // keep opening batches while a topic is sent to (a batch takes batch.size bytes and is sent after linger.ms),
        // far more often than the idle expiry (5 s at least). The per-send touch's once-a-second slow path was a
        // branch C2 had not seen taken when it compiled this method, and its first use threw the compiled send path
        // away (C2 compiled it again); so was the per-batch touch's, in the compiled new-batch path.
        if (count <= 0 || (record.partition() != null && record.partition() >= count)) {
            long startMs = nowMs();
            cluster = awaitTopic(topic, record.partition(), settings.maxBlockMs());
            nowMs = nowMs();
            remaining -= nowMs - startMs;
            count = cluster.partitionCount(topic);
        }
        int partition = partition(record, key, value, cluster, count);
        // The sticky partitioner's state of the topic is looked up once for both the choice and the bytes counted.
        StickyPartitioner.TopicState stickyState = null;
        if (partition < 0) {
            stickyState = sticky.state(topic);
            partition = stickyState.current(topic, cluster, count);
        }
        long timestamp = record.timestamp() != null ? record.timestamp() : wallMs;
        // The accumulator reports the record's bytes in its batch to the sticky partitioner, and whether the
        // partition's last batch is full, which a switch waits for (KAFKA-14156).
        return accumulator.append(accumulator.queue(topic, partition), timestamp, key, value, headers, callback, size,
                Math.max(0, remaining), nowMs, stickyState, cluster);
    }

    private <T> byte[] serialize(Serializer<T> serializer, String topic, ProducerRecord<K, V> record, T data,
            String what) {
        try {
            return serializer.serialize(topic, record.headers(), data);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot serialize the " + what + " of a record to topic '" + topic
                    + "'" + (data == null ? "" : " (" + data.getClass().getName() + ")") + ": " + e.getMessage(), e);
        }
    }

    private static Header[] headers(List<Header> headers) {
        return headers.isEmpty() ? null : headers.toArray(new Header[0]);
    }

    /** An upper bound of the bytes a batch holding only this record takes (Kafka's estimateSizeInBytesUpperBound). */
    static int sizeBound(byte[] key, byte[] value, Header[] headers) {
        long size = RecordBatch.HEADER_SIZE + RECORD_OVERHEAD_BOUND + (key == null ? 0 : key.length)
                + (value == null ? 0 : value.length);
        if (headers != null) {
            for (Header h : headers) {
                size += 10 + ByteBufs.utf8Length(h.key()) + (h.value() == null ? 0 : h.value().length);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /**
     * The partition: explicit, custom, keyed (murmur2), or -1 for the sticky partitioner; {@code count} is the topic's
     * partition count in {@code cluster}.
     */
    private int partition(ProducerRecord<K, V> record, byte[] key, byte[] value, Cluster cluster, int count) {
        String topic = record.topic();
        if (record.partition() != null) {
            if (record.partition() >= count) {
                throw new IllegalArgumentException("Invalid partition given with record: " + record.partition()
                        + " is not in the range [0..." + count + ") of topic '" + topic + "'");
            }
            return record.partition();
        }
        if (partitioner != null) {
            int p = partitioner.partition(topic, record.key(), key, record.value(), value,
                    cluster.partitionsFor(topic));
            if (p != Partitioner.UNKNOWN_PARTITION) {
                if (p < 0 || p >= count) {
                    throw new IllegalArgumentException("The partitioner chose partition " + p + " of topic '" + topic
                            + "', which has " + count + " partitions");
                }
                return p;
            }
        }
        if (key != null && !settings.partitionerIgnoreKeys()) {
            return Murmur2.partitionForKey(key, count);
        }
        return -1;
    }

    /**
     * Metadata holding the topic (and the partition, if explicit), blocking up to {@code maxBlockMs} on the
     * producer's clock.
     */
    private Cluster awaitTopic(String topic, Integer partition, long maxBlockMs) {
        Cluster cluster = metadata.cluster();
        int count = cluster.partitionCount(topic);
        if (count > 0 && (partition == null || partition < count)) {
            metadata.touch(topic);
            return cluster;
        }
        long start = nowMs();
        CompletableFuture<Cluster> future = metadata.awaitTopic(topic);
        try {
            cluster = Waits.await(future, time, maxBlockMs, () -> new TimeoutException("Topic '" + topic
                    + "' not present in metadata after " + maxBlockMs + " ms (max.block.ms)"
                    + unansweredBrokers()));
        } finally {
            future.cancel(false);
        }
        if (partition != null && partition >= cluster.partitionCount(topic)) {
            // Partitions may have been added since the metadata was fetched: refresh once, within max.block.ms.
            long remaining = maxBlockMs - (nowMs() - start);
            CompletableFuture<Cluster> update = metadata.requestUpdate();
            int known = cluster.partitionCount(topic);
            try {
                cluster = Waits.await(update, time, remaining, () -> new TimeoutException("Partition " + partition
                        + " of topic '" + topic + "' with partition count " + known + " is not present in metadata "
                        + "after " + maxBlockMs + " ms (max.block.ms)"));
            } finally {
                update.cancel(false);
            }
        }
        return cluster;
    }

    /** Why no metadata came (an unreachable bootstrap list names every address tried), or "". */
    private String unansweredBrokers() {
        String why = metadata.unansweredBrokers();
        return why.isEmpty() ? "" : "; " + why;
    }

    @Override
    public void flush() {
        if (sender.isLoopThread()) {
            throw new IllegalStateException("flush() called from a producer callback or a dependent stage of a send "
                    + "future: it would wait for itself");
        }
        accumulator.beginFlush();
        try {
            List<ProducerBatch> batches = accumulator.incompleteBatches();
            sender.wakeup();
            CompletableFuture<?>[] all = batches.stream().map(ProducerBatch::completion).toArray(CompletableFuture[]::new);
            Waits.get(CompletableFuture.allOf(all));
        } finally {
            accumulator.endFlush();
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (closed) {
            throw new IllegalStateException("Producer closed");
        }
        return awaitTopic(topic, null, settings.maxBlockMs()).partitionsFor(topic);
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
        long timeoutMs;
        try {
            timeoutMs = timeout.toMillis();
        } catch (ArithmeticException e) {
            timeoutMs = Long.MAX_VALUE;
        }
        if (timeoutMs > 0 && sender.isLoopThread()) {
            throw new IllegalStateException("close(" + timeout + ") called from a producer callback or a dependent "
                    + "stage of a send future: it would wait for itself; use close(Duration.ZERO)");
        }
        synchronized (closeLock) {
            if (closed && !accumulator.hasIncomplete()) {
                return;
            }
            closed = true;
            accumulator.close();
        }
        // close(0) sends nothing more: pending records fail at once, as in Kafka.
        CompletableFuture<Void> drained = timeoutMs > 0 ? sender.initiateClose() : new CompletableFuture<>();
        RuntimeException interrupted = null;
        if (timeoutMs > 0) {
            try {
                if (timeoutMs == Long.MAX_VALUE) {
                    Waits.get(drained);
                } else {
                    Waits.await(drained, time, timeoutMs, () -> new TimeoutException("close"));
                }
            } catch (TimeoutException e) {
                log.warn("[{}] Closing: pending records did not complete within {} ms; failing them", clientId,
                        timeoutMs);
            } catch (InterruptException e) {
                interrupted = e;
            }
        }
        if (!drained.isDone() || accumulator.hasIncomplete()) {
            sender.forceClose(new SamsaException("Producer closed forcefully before the record was acknowledged"));
        }
        accumulator.releaseBuffers();
        metadata.close();
        log.debug("[{}] Producer closed", clientId);
        if (interrupted != null) {
            throw interrupted;
        }
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    /** For tests: makes the next new batch of {@code tp} start at sequence {@code sequence} (idempotence). */
    void startSequencesAt(TopicPartition tp, int sequence) {
        sender.startSequencesAt(tp, sequence);
    }

    /** For tests: the sender. */
    Sender sender() {
        return sender;
    }

    /** For tests: the accumulator. */
    RecordAccumulator accumulator() {
        return accumulator;
    }

    /** For tests: the buffer pool. */
    BufferPool pool() {
        return pool;
    }
}
