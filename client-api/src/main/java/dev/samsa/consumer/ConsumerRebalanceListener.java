package dev.samsa.consumer;

import dev.samsa.common.TopicPartition;
import java.util.Collection;

/**
 * Told when a group rebalance takes partitions from this consumer or gives it new ones; passed to
 * {@link Consumer#subscribe(java.util.Collection, ConsumerRebalanceListener)}. Typical uses: commit offsets or flush
 * state for revoked partitions, load state or seek for assigned ones.
 *
 * <p><b>Thread:</b> every method runs on the thread that called {@link Consumer#poll} (or {@code close},
 * {@code unsubscribe}), inside that call, never concurrently with another of them. It may call the consumer
 * ({@code commitSync}, {@code seek}, {@code position}, ...) but not {@code poll} or {@code close}. An exception it
 * throws is rethrown from that {@code poll} after the rebalance step completed.
 *
 * <p><b>Order:</b> under the eager protocol ({@code range}, {@code roundrobin}, {@code sticky}), every rebalance
 * first revokes all the consumer's partitions, then assigns the new set. Under the cooperative protocol
 * ({@code cooperative-sticky}, KIP-429), only partitions that move are revoked, and
 * {@link #onPartitionsAssigned} is called after every rebalance, possibly with an empty collection.
 *
 * @since 0.1.0
 */
public interface ConsumerRebalanceListener {
    /**
     * Partitions this consumer gives up in an orderly way: it still owns them while this runs, so committing their
     * offsets here (for example with {@link Consumer#commitSync()}) is safe.
     *
     * @param partitions the revoked partitions, possibly empty under the eager protocol
     */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /**
     * Partitions newly assigned to this consumer; called before any of their records is fetched, so a
     * {@link Consumer#seek} here decides where reading starts.
     *
     * @param partitions the newly assigned partitions
     */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /**
     * Partitions this consumer lost without an orderly revocation: its membership expired (session timeout,
     * {@code max.poll.interval.ms}) or was fenced, and other members may already own them. Committing their offsets
     * would fail. By default calls {@link #onPartitionsRevoked}, as the official client does.
     *
     * @param partitions the lost partitions
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
