package dev.samsa.internal.producer;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.common.Header;
import dev.samsa.producer.Callback;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Per-partition queues of {@link ProducerBatch}es. Application threads append records to the last batch of a
 * partition's queue, opening a new one (reserving {@code batch.size} bytes of {@code buffer.memory}, blocking up to
 * {@code max.block.ms}) when it is full; the sender takes ready batches from the heads of the queues.
 *
 * <p>A partition's head batch is ready when it is full (or another batch queues behind it), when it has lingered
 * {@code linger.ms} since it was opened (or waited its retry backoff, for a retried batch), or at once while a flush or
 * close is in progress or threads are blocked waiting for memory.
 *
 * <p>Thread-safe: each queue is guarded by its own lock; the queue map is concurrent.
 */
final class RecordAccumulator {
    private final ProducerSettings settings;
    private final BufferPool pool;
    private final ByteBufAllocator alloc;
    private final Map<TopicPartition, Deque<ProducerBatch>> batches = new ConcurrentHashMap<>();
    /**
     * The same queues by topic and partition index, so that a send finds its queue without allocating a
     * {@link TopicPartition} or hashing one. Arrays are copied on write (under {@code batches}' entry locks) and
     * never changed once published.
     */
    private final Map<String, PartitionQueue[]> byTopic = new ConcurrentHashMap<>();
    /**
     * Every queue, in creation order, for the sender's scans ({@link #ready}, drain): an array walk instead of the
     * concurrent map's iterator, which made an entry object per queue per scan. Copied on write (a partition's first
     * record), never changed once published; queues are never removed.
     */
    private volatile PartitionQueue[] allQueues = new PartitionQueue[0];
    /** Runs the sender loop: called after an append that fills a batch or opens one, outside any lock. */
    private volatile Runnable wakeup = () -> { };
    /**
     * Set by the sender at the end of a pass that left every known broker with {@code
     * max.in.flight.requests.per.connection} requests in flight, and cleared at the start of its next pass, before
     * that pass reads the queues. While it is set, an append that fills or opens a batch does not wake the sender: no
     * batch can be sent before a response frees a slot, and the pass that handles the response (which clears the
     * flag before reading the queues, so it finds a batch queued before the flag was read) sends it or arms its
     * linger timer. A flag read just before a pass clears it is still followed by that pass: the requests counted
     * are in flight, and each is answered or times out ({@code request.timeout.ms}), which runs a pass. Most
     * appends that opened a batch ran a whole pass that could send nothing (16,215 of 21,823 passes in a 10M-record
     * run, 2 of which sent). Read here rather than in a method of the sender's that the wakeup calls: a call that
     * mostly returns at once was compiled with the whole sender loop inlined into it.
     */
    private volatile boolean slotsAllTaken;
    /**
     * Every batch not yet completed, queued or in flight, for flush, close and expiry: a list linked through the
     * batches themselves ({@link ProducerBatch#nextIncomplete}), oldest first, guarded by itself. A concurrent set
     * took a {@code ConcurrentHashMap} insert and removal per batch, whose C2 compilations ({@code putVal},
     * {@code replaceNode}, {@code addCount}) came late in a run for a set only flush and close read.
     */
    private final IncompleteBatches incomplete = new IncompleteBatches();
    /** Flushes in progress, plus one once closed: while above zero every batch is sendable at once. */
    private final AtomicInteger flushesAndClose = new AtomicInteger();
    private volatile boolean closed;
    private volatile float compressionRatio = 1.0f;
    /** The producer's monotonic clock in ms, read for a new batch's creation time when the caller has no reading. */
    private final LongSupplier clockMs;
    /** Recycled batch buffers, or null (tiny {@code batch.size}). */
    private final BatchBuffers buffers;

    /** {@link #append}'s {@code nowMs} when the caller did not read the clock: a new batch reads it then. */
    static final long CLOCK_UNREAD = Long.MIN_VALUE;

    RecordAccumulator(ProducerSettings settings, BufferPool pool, ByteBufAllocator alloc, LongSupplier clockMs) {
        this.settings = settings;
        this.pool = pool;
        this.alloc = alloc;
        this.clockMs = clockMs;
        // Free buffers up to buffer.memory, as Kafka's BufferPool keeps its free list within buffer.memory: new
        // buffers are allocated only when none is free (a few at a time, the spare ones within the memory no batch
        // has reserved), so the producer never holds more batch buffers than buffer.memory fits. A smaller cap
        // overflowed whenever the sending thread fell behind the responses for a moment (a quarter of buffer.memory
        // did in most 1 KiB-record benchmark runs): the buffers released then were allocated again right after,
        // through the shared arena each time, and both rare paths deoptimised the compiled send and completion paths
        // (C2 compiled them again, JIT logs).
        long fit = settings.bufferMemory() / Math.max(1, settings.batchSize());
        this.buffers = settings.batchSize() >= 256 && fit > 0
                ? new BatchBuffers(alloc, settings.batchSize(), fit * settings.batchSize(),
                        pool::availableMemory) : null;
    }

    /** A partition's queue of batches, which knows its partition. Guarded by itself. */
    static final class PartitionQueue extends ArrayDeque<ProducerBatch> {
        final TopicPartition tp;
        /**
         * The creation time of the last batch opened here (the producer's monotonic clock, ms), or
         * {@link Long#MIN_VALUE}: when the partition was last used, which the metadata asks for before it drops the
         * topic as idle ({@code metadata.max.idle.ms}). A store per new batch, read lock-free by the metadata.
         */
        volatile long lastNewBatchMs = Long.MIN_VALUE;
        /**
         * The partition's leader in the metadata of the sender's last {@link #ready} check, or null: read by the
         * drains of the same pass. Sender loop only.
         */
        Node leader;

        PartitionQueue(TopicPartition tp) {
            this.tp = tp;
        }
    }

    /** Whether the sender's last pass left no request slot free (see {@link #slotsAllTaken}); for the sender. */
    boolean slotsAllTaken() {
        return slotsAllTaken;
    }

    /** Sets whether no request slot is free; by the sender loop only (see {@link #slotsAllTaken}). */
    void slotsAllTaken(boolean taken) {
        slotsAllTaken = taken;
    }

    /** Sets what runs the sender loop when an append makes a batch sendable or opens one. */
    void wakeupWith(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    /**
     * When a batch was last opened for {@code topic} (the producer's monotonic clock, ms), or {@link Long#MIN_VALUE}
     * if never: the producer's use of the topic, for the metadata's idle expiry ({@code metadata.max.idle.ms}).
     * Lock-free. A push from the send path instead (marking the topic used at most once a second) was a branch taken
     * once a second inside the compiled new-batch path: when C2 compiled that before seeing it taken, its first use
     * threw the compiled code away (JIT logs: 6 of 27 runs of 1 KiB records).
     */
    long lastNewBatchMs(String topic) {
        PartitionQueue[] queues = byTopic.get(topic);
        long last = Long.MIN_VALUE;
        if (queues != null) {
            for (PartitionQueue q : queues) {
                if (q != null) {
                    last = Math.max(last, q.lastNewBatchMs);
                }
            }
        }
        return last;
    }

    /** The queue of {@code topic}'s {@code partition}, created if needed. */
    PartitionQueue queue(String topic, int partition) {
        PartitionQueue[] queues = byTopic.get(topic);
        if (queues != null && partition < queues.length) {
            PartitionQueue q = queues[partition];
            if (q != null) {
                return q;
            }
        }
        return createQueue(topic, partition);
    }

    /** {@link #queue}'s first call for a partition, out of line: it stays out of the send path's compiled code. */
    private PartitionQueue createQueue(String topic, int partition) {
        return (PartitionQueue) batches.computeIfAbsent(new TopicPartition(topic, partition), this::newQueue);
    }

    private PartitionQueue newQueue(TopicPartition tp) {
        PartitionQueue q = new PartitionQueue(tp);
        byTopic.compute(tp.topic(), (t, old) -> {
            PartitionQueue[] copy = old == null ? new PartitionQueue[tp.partition() + 1]
                    : Arrays.copyOf(old, Math.max(old.length, tp.partition() + 1));
            copy[tp.partition()] = q;
            return copy;
        });
        addToAllQueues(q);
        return q;
    }

    private synchronized void addToAllQueues(PartitionQueue q) {
        PartitionQueue[] copy = Arrays.copyOf(allQueues, allQueues.length + 1);
        copy[copy.length - 1] = q;
        allQueues = copy;
    }

    /**
     * Appends a record to its partition's last batch, or to a new batch, and wakes the sender if that batch became
     * sendable or is new (to arm its linger timer).
     *
     * @param recordBound an upper bound of the record's encoded size plus a batch header, in bytes
     * @param nowMs the producer's monotonic clock, in ms (a new batch's creation time), or {@link #CLOCK_UNREAD}
     * @return the record's future
     * @throws dev.samsa.errors.TimeoutException if no memory freed up within {@code maxBlockMs}
     * @throws IllegalStateException if the producer is closed
     */
    RecordFuture append(PartitionQueue deque, long timestamp, byte[] key, byte[] value, Header[] headers,
            Callback callback, int recordBound, long maxBlockMs, long nowMs) {
        return append(deque, timestamp, key, value, headers, callback, recordBound, maxBlockMs, nowMs, null, null);
    }

    /**
     * As {@link #append(PartitionQueue, long, byte[], byte[], Header[], Callback, int, long, long)}, for a record the
     * sticky partitioner placed: then counts with {@code sticky}, under the queue's lock, the bytes the record added
     * to its batch, by the batch's size estimate (a new batch counts with its header, as in Kafka), and whether the
     * queue's last batch has no room left for another record of that size: KAFKA-14156's switch waits for that, so
     * that no half-filled batch is left behind. A switch is made after releasing the lock, since it reads other
     * queues.
     *
     * @param sticky the topic's sticky partitioner state, or null if the partition was not its choice
     * @param cluster the metadata {@code sticky} chooses the next partition from (unused if {@code sticky} is null)
     */
    RecordFuture append(PartitionQueue deque, long timestamp, byte[] key, byte[] value, Header[] headers,
            Callback callback, int recordBound, long maxBlockMs, long nowMs, StickyPartitioner.TopicState sticky,
            Cluster cluster) {
        RecordFuture future;
        // Bytes left below batch.size in the batch appended to; none wakes the sender. Only the append that fills
        // the batch is news for the sender: a batch opened behind an earlier head already woke it, and responses,
        // timers and metadata wake it for the rest. Waking it on every append into a queue longer than one ran the
        // whole sender loop on the sending thread (35% of its CPU, JFR). A new batch counts as full here, so that
        // the rare append that fills a batch exactly shares the test with the one that opens a batch, taken once a
        // batch: a branch of its own was never taken while C2 profiled the send path, which it deoptimised later.
        int room = 0;
        StickyPartitioner.Stint ended = null;
        ProducerBatch seenLast;
        synchronized (deque) {
            checkOpen();
            ProducerBatch last = deque.peekLast();
            seenLast = last;
            boolean open = last != null && !last.isBuilt();
            int before = open && sticky != null ? last.sizeInBytes() : 0;
            future = open ? last.tryAppend(timestamp, key, value, headers, callback) : null;
            if (future != null) {
                room = last.room();
                if (sticky != null) {
                    int appended = last.sizeInBytes() - before;
                    ended = sticky.count(deque.tp.partition(), appended, !last.hasRoomFor(appended));
                }
            } else if (last != null) {
                compressFull(last);
            }
        }
        if (future == null) {
            future = appendToNewBatch(deque, seenLast, timestamp, key, value, headers, callback, recordBound,
                    maxBlockMs, nowMs, sticky, cluster);
        } else if (ended != null) {
            sticky.next(deque.tp.topic(), ended, cluster);
        }
        if (room <= 0 && !slotsAllTaken) {
            wakeup.run();
        }
        return future;
    }

    /**
     * Compresses a batch that no record fits in any more, on the sending thread and under its queue's lock, as Kafka
     * compresses while appending. Left to the sender, every batch's compression ran on the one I/O thread, which
     * then fell behind the sending threads at full speed: {@code buffer.memory} filled up and records waited for
     * all of it to drain (acks=all, lz4: p99 4.4 times the official client's, whose sending thread slows down by
     * compressing). The sender later stamps the producer state into the built batch (and its CRC) at drain time.
     */
    private void compressFull(ProducerBatch batch) {
        if (settings.compression() != CompressionType.NONE) {
            updateCompressionRatio(batch.buildEarly());
        }
    }

    /**
     * Appends to a new batch, or to one another thread opened while this one waited for memory.
     *
     * @param seenLast the queue's last batch when {@link #append} found no room in it, or null if the queue was empty
     */
    private RecordFuture appendToNewBatch(PartitionQueue deque, ProducerBatch seenLast, long timestamp, byte[] key,
            byte[] value, Header[] headers, Callback callback, int recordBound, long maxBlockMs, long nowMs,
            StickyPartitioner.TopicState sticky, Cluster cluster) {
        int size = Math.max(settings.batchSize(), recordBound);
        pool.allocate(size, maxBlockMs); // may block: outside the queue's lock
        boolean used = false;
        RecordFuture future;
        int appended;
        boolean allFull;
        StickyPartitioner.Stint ended = null;
        try {
            synchronized (deque) {
                checkOpen();
                ProducerBatch last = deque.peekLast();
                // Only a batch another thread opened meanwhile may take the record: the one append() found full
                // still is (a batch never regains room). With one sending thread that retry is never taken, and C2
                // leaves it out of this method, which it compiles with the first new-batch allocations inlined.
                boolean open = last != seenLast && last != null && !last.isBuilt();
                int before = open ? last.sizeInBytes() : 0;
                future = open ? last.tryAppend(timestamp, key, value, headers, callback) : null;
                if (future != null) {
                    // Another thread opened a batch meanwhile.
                    appended = last.sizeInBytes() - before;
                    allFull = !last.hasRoomFor(appended);
                } else {
                    long createdMs = nowMs != CLOCK_UNREAD ? nowMs : clockMs.getAsLong();
                    ProducerBatch batch = new ProducerBatch(deque.tp, createdMs, size, settings.batchSize(), alloc,
                            settings.compression(), settings.compressionLevel(), compressionRatio, pool,
                            size == settings.batchSize() ? buffers : null);
                    future = batch.tryAppend(timestamp, key, value, headers, callback);
                    deque.addLast(batch);
                    deque.lastNewBatchMs = createdMs;
                    incomplete.add(batch);
                    used = true;
                    appended = batch.sizeInBytes();
                    allFull = !batch.hasRoomFor(appended - RecordBatch.HEADER_SIZE);
                }
                if (sticky != null) {
                    ended = sticky.count(deque.tp.partition(), appended, allFull);
                }
            }
        } finally {
            if (!used) {
                pool.deallocate(size);
            }
        }
        if (ended != null) {
            sticky.next(deque.tp.topic(), ended, cluster);
        }
        return future;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Producer closed while send was in progress");
        }
    }

    /**
     * The outcome of a readiness check: one object, refilled by each {@link #ready} call (only the sender's loop calls
     * it), so that a pass allocates no set, record or array for it. A {@code HashSet} of leaders cleared and refilled
     * per pass had C2 compile {@code HashMap.clear}, {@code putVal} and the set's iterator late in a run; the leaders
     * are a list here, looked up by a scan while they are few.
     */
    static final class ReadyCheck {
        /** Up to this many ready leaders, {@link #isReady} scans the list; past it a set is kept as well. */
        private static final int LINEAR_NODES_MAX = 8;

        /** The leaders with a sendable batch, each once, in the order found. */
        final List<Node> readyNodes = new ArrayList<>();
        /**
         * The queues the check read, each with its leader in the check's metadata ({@link PartitionQueue#leader}):
         * what the sender drains this pass, without looking the leaders up again.
         */
        PartitionQueue[] queues = new PartitionQueue[0];
        /** When the next batch becomes sendable, or {@link Long#MAX_VALUE}. */
        long nextCheckMs;
        /** Topics with a queued batch and no known leader. */
        Set<String> unknownLeaderTopics = Set.of();
        /** {@link RecordAccumulator#sendable}'s out parameter, reused. */
        private final long[] next = new long[1];
        /** The ready leaders as a set, filled once there are more than {@link #LINEAR_NODES_MAX}. */
        private final Set<Node> readySet = new HashSet<>();
        private boolean readySetInUse;

        private void clear() {
            readyNodes.clear();
            if (readySetInUse) {
                readySet.clear();
                readySetInUse = false;
            }
            next[0] = Long.MAX_VALUE;
            unknownLeaderTopics = Set.of();
        }

        private boolean isReady(Node leader) {
            if (readySetInUse) {
                return readySet.contains(leader);
            }
            // A metadata snapshot has one broker per id.
            for (int i = 0; i < readyNodes.size(); i++) {
                if (readyNodes.get(i).id() == leader.id()) {
                    return true;
                }
            }
            return false;
        }

        private void addReady(Node leader) {
            readyNodes.add(leader);
            if (readySetInUse) {
                readySet.add(leader);
            } else if (readyNodes.size() > LINEAR_NODES_MAX) {
                readySet.addAll(readyNodes);
                readySetInUse = true;
            }
        }
    }

    /** {@link #ready}'s result, refilled by each call. */
    private final ReadyCheck readyCheck = new ReadyCheck();

    /**
     * Which leaders have a sendable batch, and when the next batch will become sendable. Records each queue's leader
     * in {@code cluster} in {@link PartitionQueue#leader}, for the drains that follow.
     *
     * @param urgent {@link #urgent()}, read by the caller once for this check and the drains that follow
     * @param muted partitions not to consider (ordering with a single request in flight), or null if none can be
     * @return the check, which the next call refills (sender loop only)
     */
    ReadyCheck ready(Cluster cluster, long nowMs, boolean urgent, Set<TopicPartition> muted) {
        ReadyCheck check = readyCheck;
        check.clear();
        long[] next = check.next;
        Set<String> unknown = null; // rare: allocated when needed
        PartitionQueue[] queues = allQueues;
        check.queues = queues;
        for (PartitionQueue deque : queues) {
            TopicPartition tp = deque.tp;
            Node leader = cluster.leaderFor(tp);
            deque.leader = leader;
            synchronized (deque) {
                if (deque.isEmpty()) {
                    continue;
                }
                if (leader == null) {
                    if (unknown == null) {
                        unknown = new HashSet<>();
                    }
                    unknown.add(tp.topic());
                    continue;
                }
                if (check.isReady(leader) || muted != null && muted.contains(tp)) {
                    continue;
                }
                if (sendable(deque, nowMs, urgent, next)) {
                    check.addReady(leader);
                }
            }
        }
        check.nextCheckMs = next[0];
        if (unknown != null) {
            check.unknownLeaderTopics = unknown;
        }
        return check;
    }

    /** Whether a flush or close is in progress, or threads wait for memory: then batches go without lingering. */
    boolean urgent() {
        // One test for the three causes, not one each: at full speed a thread waits for memory now and then, so this
        // test has been seen true when C2 compiles the sender loop, and a flush or close takes that same path. A test
        // of {@code closed} of its own, never true while profiled, deoptimised the sender loop at every close, which
        // then drained the producer's last batches interpreted. Neither count is ever negative.
        return (flushesAndClose.get() | pool.queued()) != 0;
    }

    /**
     * Whether the head batch of {@code deque} may be sent now (caller holds the deque's lock): its retry backoff has
     * passed, and it is full, has another batch behind it, has lingered {@code linger.ms}, or {@code urgent}. If not,
     * lowers {@code next[0]} to when it will be.
     */
    boolean sendable(Deque<ProducerBatch> deque, long nowMs, boolean urgent, long[] next) {
        ProducerBatch first = deque.peekFirst();
        if (first == null) {
            return false;
        }
        long readyAt;
        if (first.attempts > 0) {
            if (nowMs < first.retryAtMs) {
                next[0] = Math.min(next[0], first.retryAtMs);
                return false;
            }
            return true;
        }
        readyAt = first.createdMs + settings.lingerMs();
        if (deque.size() > 1 || first.isFull() || urgent || nowMs >= readyAt) {
            return true;
        }
        next[0] = Math.min(next[0], readyAt);
        return false;
    }

    /** The backoff before attempt {@code attempts + 1}: exponential with jitter, fixed per batch by attempts. */
    long backoffMs(int attempts) {
        return ExponentialBackoff.backoffMs(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), attempts);
    }

    /** The partition queues. */
    Map<TopicPartition, Deque<ProducerBatch>> queues() {
        return batches;
    }

    /** Every partition queue as of now, for the sender's drain; not to be modified. */
    PartitionQueue[] partitionQueues() {
        return allQueues;
    }

    /** Puts a batch to retry back into its queue, in base sequence order ahead of batches never sent. */
    void reenqueue(ProducerBatch batch) {
        Deque<ProducerBatch> deque = queue(batch.tp.topic(), batch.tp.partition());
        synchronized (deque) {
            if (batch.sequenceOrder < 0) {
                deque.addFirst(batch);
                return;
            }
            List<ProducerBatch> ahead = new ArrayList<>();
            while (!deque.isEmpty()) {
                ProducerBatch head = deque.peekFirst();
                if (head.sequenceOrder >= 0 && head.sequenceOrder < batch.sequenceOrder) {
                    ahead.add(deque.pollFirst());
                } else {
                    break;
                }
            }
            deque.addFirst(batch);
            for (int i = ahead.size() - 1; i >= 0; i--) {
                deque.addFirst(ahead.get(i));
            }
        }
    }

    /** Tracks a batch made outside {@link #append} (a half of a split batch) until it completes. */
    void track(ProducerBatch batch) {
        incomplete.add(batch);
    }

    /** Forgets a completed batch. Idempotent. */
    void completed(ProducerBatch batch) {
        incomplete.remove(batch);
    }

    /** Feeds the compression ratio of a built batch into the estimate of the next batches. */
    void updateCompressionRatio(float ratio) {
        if (ratio > 0 && settings.compression() != CompressionType.NONE) {
            compressionRatio = Math.max(0.05f, Math.min(1.0f, ratio * 1.05f));
        }
    }

    /** The batches not completed yet, as of now, oldest first. */
    List<ProducerBatch> incompleteBatches() {
        return incomplete.snapshot();
    }

    boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    void beginFlush() {
        flushesAndClose.incrementAndGet();
    }

    void endFlush() {
        flushesAndClose.decrementAndGet();
    }

    /** Refuses appends from now on; queued batches become ready at once. Idempotent. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            flushesAndClose.incrementAndGet();
        }
    }

    /** For tests: recycled batch buffers waiting for a new batch (0 if batch buffers are not recycled). */
    int freeBatchBuffers() {
        return buffers == null ? 0 : buffers.freeCount();
    }

    /** Releases the recycled batch buffers (after close; buffers of batches still in flight are released later). */
    void releaseBuffers() {
        if (buffers != null) {
            buffers.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Removes and returns every queued batch (not those in flight), for a forced close. */
    List<ProducerBatch> drainAll() {
        List<ProducerBatch> out = new ArrayList<>();
        for (Deque<ProducerBatch> deque : batches.values()) {
            synchronized (deque) {
                out.addAll(deque);
                deque.clear();
            }
        }
        return out;
    }

    /** Removes and returns the queued batches matching {@code filter}. */
    List<ProducerBatch> removeIf(Predicate<ProducerBatch> filter) {
        List<ProducerBatch> out = new ArrayList<>();
        for (Deque<ProducerBatch> deque : batches.values()) {
            synchronized (deque) {
                for (Iterator<ProducerBatch> it = deque.iterator(); it.hasNext(); ) {
                    ProducerBatch b = it.next();
                    if (filter.test(b)) {
                        it.remove();
                        out.add(b);
                    }
                }
            }
        }
        return out;
    }

    /**
     * How many batches are queued (not in flight) for {@code topic}'s {@code partition}: the adaptive partitioner's
     * measure of how far the partition's leader is behind (KIP-794).
     */
    int queuedBatches(String topic, int partition) {
        PartitionQueue[] queues = byTopic.get(topic);
        PartitionQueue q = queues == null || partition >= queues.length ? null : queues[partition];
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            return q.size();
        }
    }

    /** How many batches are queued (not in flight), for tests. */
    int queuedBatches() {
        int n = 0;
        for (Collection<ProducerBatch> deque : batches.values()) {
            synchronized (deque) {
                n += deque.size();
            }
        }
        return n;
    }
    /**
     * The batches not completed yet, as a doubly linked list through {@link ProducerBatch#prevIncomplete} and
     * {@link ProducerBatch#nextIncomplete}; every method holds this object's lock. Adding and removing touch a few
     * fields, and removing a batch that is not in the list does nothing.
     */
    static final class IncompleteBatches {
        private ProducerBatch head;
        private ProducerBatch tail;
        private int size;

        synchronized void add(ProducerBatch b) {
            if (b.incompleteTracked) {
                return;
            }
            b.incompleteTracked = true;
            b.prevIncomplete = tail;
            b.nextIncomplete = null;
            if (tail == null) {
                head = b;
            } else {
                tail.nextIncomplete = b;
            }
            tail = b;
            size++;
        }

        synchronized void remove(ProducerBatch b) {
            if (!b.incompleteTracked) {
                return;
            }
            b.incompleteTracked = false;
            ProducerBatch prev = b.prevIncomplete;
            ProducerBatch next = b.nextIncomplete;
            if (prev == null) {
                head = next;
            } else {
                prev.nextIncomplete = next;
            }
            if (next == null) {
                tail = prev;
            } else {
                next.prevIncomplete = prev;
            }
            b.prevIncomplete = null;
            b.nextIncomplete = null;
            size--;
        }

        synchronized boolean isEmpty() {
            return size == 0;
        }

        /** The batches in the list now, oldest first. */
        synchronized List<ProducerBatch> snapshot() {
            List<ProducerBatch> out = new ArrayList<>(size);
            for (ProducerBatch b = head; b != null; b = b.nextIncomplete) {
                out.add(b);
            }
            return out;
        }
    }
}
