package dev.samsa.internal.producer;

import dev.samsa.common.PartitionInfo;
import dev.samsa.internal.metadata.Cluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The uniform sticky partitioner for records without a key (KIP-480, KIP-794): all such records of a topic go to one
 * partition until {@code batch.size} bytes were produced to it, then to another chosen at random among the partitions
 * that have a leader (among all partitions if none has). Sticking fills batches, so fewer, larger requests are sent;
 * switching by bytes rather than by batch keeps the load uniform (KIP-794's fix of KIP-480's skew towards slow
 * brokers). Kafka's adaptive weighting by queue sizes is not implemented.
 *
 * <p>Thread-safe: one small lock per topic.
 */
final class StickyPartitioner {
    private final int stickyBytes;
    private final Map<String, TopicState> topics = new ConcurrentHashMap<>();

    /** @param stickyBytes bytes to produce to a partition before switching ({@code batch.size}; 0 switches on every record) */
    StickyPartitioner(int stickyBytes) {
        this.stickyBytes = stickyBytes;
    }

    /** The current sticky partition of {@code topic}, choosing one if none is current. */
    int partition(String topic, Cluster cluster) {
        TopicState state = topics.get(topic); // get() first: computeIfAbsent's capturing lambda allocates per call
        if (state == null) {
            state = topics.computeIfAbsent(topic, t -> new TopicState());
        }
        return state.current(topic, cluster);
    }

    /**
     * Counts {@code bytes} produced to {@code partition} of {@code topic}; switches to another partition once the
     * count reaches {@code batch.size}.
     */
    void onAppend(String topic, int partition, int bytes, Cluster cluster) {
        TopicState state = topics.get(topic);
        if (state != null) {
            state.produced(topic, partition, bytes, cluster);
        }
    }

    private final class TopicState {
        /** Written under this state's lock; read without it on the send path (one lock per send, not two). */
        private volatile int current = -1;
        private long producedBytes;

        int current(String topic, Cluster cluster) {
            int c = current;
            int count = cluster.partitionCount(topic);
            return c >= 0 && c < count ? c : choose(topic, cluster);
        }

        private synchronized int choose(String topic, Cluster cluster) {
            int count = cluster.partitionCount(topic);
            if (current < 0 || current >= count) {
                current = next(topic, cluster, -1);
                producedBytes = 0;
            }
            return current;
        }

        synchronized void produced(String topic, int partition, int bytes, Cluster cluster) {
            if (partition != current) {
                return;
            }
            producedBytes += bytes;
            if (producedBytes >= stickyBytes) {
                current = next(topic, cluster, current);
                producedBytes = 0;
            }
        }

        private int next(String topic, Cluster cluster, int previous) {
            List<PartitionInfo> available = cluster.availablePartitionsFor(topic);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (available.isEmpty()) {
                int count = cluster.partitionCount(topic);
                return count <= 0 ? 0 : random.nextInt(count);
            }
            if (available.size() == 1) {
                return available.get(0).partition();
            }
            int choice;
            do {
                choice = available.get(random.nextInt(available.size())).partition();
            } while (choice == previous);
            return choice;
        }
    }
}
