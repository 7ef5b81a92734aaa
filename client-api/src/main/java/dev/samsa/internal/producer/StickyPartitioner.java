package dev.samsa.internal.producer;

import dev.samsa.common.Node;
import dev.samsa.common.PartitionInfo;
import dev.samsa.internal.metadata.Cluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Kafka's uniform sticky partitioner for records without a key, or all records with {@code partitioner.ignore.keys}
 * (KIP-480, KIP-794): all such records of a topic go to one partition until {@code batch.size} bytes were produced
 * to it, then to another one chosen at random. Sticking fills batches, so fewer, larger requests are sent; switching
 * by bytes rather than by new batch keeps the load uniform (KIP-794's fix of KIP-480's skew towards slow brokers,
 * which open more batches).
 *
 * <p>As in Kafka since KAFKA-14156 (3.4), the switch waits for the partition's last batch to be full: once
 * {@code batch.size} bytes were produced, it happens after the first append that leaves the partition's queue with no
 * room for another record of the same size, or at the latest once twice {@code batch.size} bytes were produced (a
 * batch that never fills: one opened by a racing send, or larger than {@code batch.size}). Switching at
 * {@code batch.size} bytes alone left each stint's last batch partly filled, so more, smaller batches were sent.
 * Kafka checks for room before the next append and retries it on the new partition; the accumulator here checks
 * after the append, with the appended record's size as the next one's, which is the same for records of one size.
 *
 * <p>The next partition is chosen among the partitions that have a leader (among all of them only if none has):
 * <ul>
 *   <li>with {@code partitioner.adaptive.partitioning.enable=false}, uniformly;</li>
 *   <li>with it true (the default), with a probability proportional to {@code maxQueue + 1 - queue}, where
 *       {@code queue} is the number of batches queued for the partition (not yet drained into a request) and
 *       {@code maxQueue} the longest such queue of the candidates: partitions of leaders that fall behind get less
 *       new data (KIP-794's adaptive partitioning). Equal queues give a uniform choice;</li>
 *   <li>with adaptive partitioning and {@code partitioner.availability.timeout.ms > 0}, a partition that has queued
 *       batches is not a candidate while its leader has had ready batches for longer than that without the sender
 *       draining any of them into a request to it (its {@code max.in.flight.requests.per.connection} requests all
 *       unanswered, or its partitions waiting for an earlier batch's acknowledgement). If that leaves no candidate,
 *       the choice is uniform among the partitions with a leader.</li>
 * </ul>
 * The Sender reports each ready leader's state with {@link #nodeReady}. The choice is made when switching, from the
 * queues as they are then.
 *
 * <p>Thread-safe: a send reads the current partition without a lock and counts its bytes under the lock of the
 * partition's queue in the accumulator, which the append holds anyway (a plain add: an atomic one per record was
 * about a tenth of the send path's own CPU, async-profiler); a small lock per topic is taken only to choose a
 * partition. {@link #nodeReady} is called by the sender loop only.
 */
final class StickyPartitioner {
    /** The number of batches queued for a partition (the adaptive partitioner's load signal). */
    @FunctionalInterface
    interface QueueSizes {
        /** Batches queued for {@code topic}'s {@code partition}, not counting those in flight; 0 if none. */
        int queued(String topic, int partition);
    }

    /** A random source that is a fresh {@link ThreadLocalRandom} per call, for any thread. */
    private static final RandomGenerator THREAD_LOCAL = () -> ThreadLocalRandom.current().nextLong();

    private final int stickyBytes;
    private final boolean adaptive;
    private final long availabilityTimeoutMs;
    private final QueueSizes queueSizes;
    private final RandomGenerator random;
    private final Map<String, TopicState> topics = new ConcurrentHashMap<>();
    /** Per leader id: when the sender last saw it with ready batches, and when it last drained batches to it. */
    private final Map<Integer, NodeLatency> nodes = new ConcurrentHashMap<>();

    /**
     * A partitioner with a thread-local random source.
     *
     * @param stickyBytes bytes to produce to a partition before switching once its batches are full, half of those to
     *     produce before switching anyway ({@code batch.size}; 0 switches on every record)
     * @param adaptive {@code partitioner.adaptive.partitioning.enable}
     * @param availabilityTimeoutMs {@code partitioner.availability.timeout.ms}; 0 disables it
     * @param queueSizes the queue length of each partition
     */
    StickyPartitioner(int stickyBytes, boolean adaptive, long availabilityTimeoutMs, QueueSizes queueSizes) {
        this(stickyBytes, adaptive, availabilityTimeoutMs, queueSizes, THREAD_LOCAL);
    }

    /** As above, with the given random source (tests pass a seeded one; it must be thread-safe if shared). */
    StickyPartitioner(int stickyBytes, boolean adaptive, long availabilityTimeoutMs, QueueSizes queueSizes,
            RandomGenerator random) {
        this.stickyBytes = stickyBytes;
        this.adaptive = adaptive;
        this.availabilityTimeoutMs = availabilityTimeoutMs;
        this.queueSizes = queueSizes;
        this.random = random;
    }

    /** The current sticky partition of {@code topic}, choosing one if none is current. */
    int partition(String topic, Cluster cluster) {
        return state(topic).current(topic, cluster);
    }

    /** As {@link TopicState#produced(String, int, int, boolean, Cluster)}, for {@code topic}'s state if it has one. */
    void onAppend(String topic, int partition, int bytes, boolean allBatchesFull, Cluster cluster) {
        TopicState state = topics.get(topic);
        if (state != null) {
            state.produced(topic, partition, bytes, allBatchesFull, cluster);
        }
    }

    /**
     * The partitioner's state of {@code topic}, created if needed: the send path looks it up once and calls
     * {@link TopicState#current} and then {@link TopicState#produced} on it, which do what {@link #partition} and
     * {@link #onAppend} do.
     */
    TopicState state(String topic) {
        TopicState state = topics.get(topic); // get() first: computeIfAbsent's capturing lambda allocates per call
        if (state == null) {
            state = topics.computeIfAbsent(topic, t -> new TopicState());
        }
        return state;
    }

    /**
     * The sender found batches ready for leader {@code nodeId} at {@code nowMs}; {@code drained} tells whether it
     * sent that leader at least one request then. Only the sender loop calls this. A no-op unless the availability
     * timeout is on.
     */
    void nodeReady(int nodeId, long nowMs, boolean drained) {
        if (!adaptive || availabilityTimeoutMs <= 0) {
            return;
        }
        NodeLatency n = nodes.get(nodeId);
        if (n == null) {
            nodes.put(nodeId, new NodeLatency(nowMs));
            return;
        }
        // Drain time first, ready time second; readers read them in the other order, so a reader racing this
        // update never sees a new ready time with an old drain time (a false "unavailable").
        if (drained) {
            n.drainMs = nowMs;
        }
        n.readyMs = nowMs;
    }

    /** Whether {@code leader} has had ready batches for longer than the availability timeout without a request. */
    boolean unavailable(Node leader) {
        if (!adaptive || availabilityTimeoutMs <= 0 || leader == null) {
            return false;
        }
        NodeLatency n = nodes.get(leader.id());
        if (n == null) {
            return false;
        }
        long ready = n.readyMs;
        return ready - n.drainMs > availabilityTimeoutMs;
    }

    /**
     * Chooses the next sticky partition of {@code topic} as the class comment says; -1 if the topic has no
     * partitions in {@code cluster}.
     */
    int choose(String topic, Cluster cluster) {
        List<PartitionInfo> available = cluster.availablePartitionsFor(topic);
        if (available.isEmpty()) {
            int count = cluster.partitionCount(topic);
            return count <= 0 ? -1 : random.nextInt(count);
        }
        if (adaptive) {
            int n = available.size();
            int[] ids = new int[n];
            int[] queues = new int[n];
            int candidates = 0;
            int max = 0;
            for (PartitionInfo p : available) {
                int queued = queueSizes.queued(topic, p.partition());
                // An empty queue means the leader took everything: it is not holding data back, whatever it did.
                // Availability first: with the default timeout (0) it is always false, so the queue test, whose
                // empty case a busy producer rarely meets, is no branch of the compiled code (it was an unstable_if
                // trap that deoptimised this method when a queue was first found empty).
                if (unavailable(p.leader()) && queued > 0) {
                    continue;
                }
                ids[candidates] = p.partition();
                queues[candidates] = queued;
                max = Math.max(max, queued);
                candidates++;
            }
            if (candidates > 0) {
                // Weight maxQueue + 1 - queue: the longest queue still weighs 1, an empty one maxQueue + 1.
                long total = 0;
                for (int i = 0; i < candidates; i++) {
                    total += max + 1L - queues[i];
                }
                long pick = random.nextLong(total);
                for (int i = 0; i < candidates; i++) {
                    pick -= max + 1L - queues[i];
                    if (pick < 0) {
                        return ids[i];
                    }
                }
                return ids[candidates - 1]; // not reached
            }
        }
        return available.get(random.nextInt(available.size())).partition();
    }

    /** Ready and drain times of one leader, on the producer's clock in ms. Written by the sender loop only. */
    private static final class NodeLatency {
        volatile long readyMs;
        volatile long drainMs;

        NodeLatency(long nowMs) {
            this.readyMs = nowMs;
            this.drainMs = nowMs;
        }
    }

    /**
     * One stint of a topic on one sticky partition and the bytes produced to it so far. Every choice starts a new
     * stint (even on the same partition again) instead of resetting a counter, so an add that races a switch lands in
     * the stint it read, as if it had happened just before the switch, and is never lost to a reset nor counted twice.
     * A stint's bytes are counted under the lock of its partition's queue (see {@link TopicState#count}), so a plain
     * field does.
     */
    static final class Stint {
        final int partition;
        /** Bytes produced to {@code partition} in this stint; guarded by the partition's queue lock. */
        private long produced;

        Stint(int partition) {
            this.partition = partition;
        }
    }

    /** The sticky partition of one topic. */
    final class TopicState {
        /** The current stint, or null before the first choice. Replaced under this state's lock only. */
        private volatile Stint current;

        /** The current sticky partition, choosing one if none is current (or it is beyond the partition count). */
        int current(String topic, Cluster cluster) {
            return current(topic, cluster, cluster.partitionCount(topic));
        }

        /** As {@link #current(String, Cluster)}, given the topic's partition count in {@code cluster}. */
        int current(String topic, Cluster cluster, int count) {
            Stint s = current;
            return s != null && s.partition < count ? s.partition : first(topic, cluster);
        }

        private synchronized int first(String topic, Cluster cluster) {
            int count = cluster.partitionCount(topic);
            Stint s = current;
            if (s == null || s.partition >= count) {
                s = new Stint(Math.max(0, choose(topic, cluster)));
                current = s;
            }
            return s.partition;
        }

        /**
         * Counts {@code bytes} produced to {@code partition} and switches if that ends the stint, as {@link #count}
         * and then {@link #next}. The caller holds the lock {@link #count} asks for (tests: any lock per partition).
         */
        void produced(String topic, int partition, int bytes, boolean allBatchesFull, Cluster cluster) {
            Stint ended = count(partition, bytes, allBatchesFull);
            if (ended != null) {
                next(topic, ended, cluster);
            }
        }

        /**
         * Counts {@code bytes} produced to {@code partition}: the stint ends once the current partition has had
         * {@code batch.size} bytes and {@code allBatchesFull}, or twice {@code batch.size} bytes whatever its batches
         * (KAFKA-14156). Bytes for a partition that is no longer current (a record that raced a switch) do not count.
         * The caller holds {@code partition}'s queue lock (every count of a stint is for its one partition, so that
         * lock orders them) and, once it released it, passes a stint returned here to {@link #next}, which reads
         * other queues.
         *
         * @param bytes the bytes the record added to its batch
         * @param allBatchesFull whether the partition's queue, after this append, has no batch with room for another
         *     such record (false keeps the partition so that its open batch fills)
         * @return the stint that ended, or null
         */
        Stint count(int partition, int bytes, boolean allBatchesFull) {
            Stint s = current;
            if (s == null || s.partition != partition) {
                return null;
            }
            long total = s.produced += bytes;
            // One comparison with a limit rather than two tests: the test of twice batch.size alone was true so
            // rarely that C2 left it out of the send path it compiled, and deoptimised that path when it came true.
            long limit = allBatchesFull ? stickyBytes : 2L * stickyBytes;
            return total >= limit ? s : null;
        }

        /** Ends stint {@code s} unless a racing record already did. */
        synchronized void next(String topic, Stint s, Cluster cluster) {
            if (current == s) {
                // Like Kafka, the next partition may be the same one again: the choice is uniform (or weighted).
                current = new Stint(Math.max(0, choose(topic, cluster)));
            }
        }
    }
}
