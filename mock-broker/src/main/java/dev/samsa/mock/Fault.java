package dev.samsa.mock;

import dev.samsa.mock.internal.ClusterState;
import dev.samsa.mock.internal.FaultRule;

/**
 * An injected fault, as {@link Faults.Builder} installed it: how often it has fired and how often it still will.
 * Thread-safe.
 */
public final class Fault {
    private final ClusterState cluster;
    private final FaultRule rule;

    Fault(ClusterState cluster, FaultRule rule) {
        this.cluster = cluster;
        this.rule = rule;
    }

    /** How many requests it has hit so far. */
    public int hits() {
        return cluster.withLock(() -> cluster.faultHits(rule));
    }

    /** How many more requests it will hit: 0 once used up or cancelled, -1 if unlimited. */
    public int remaining() {
        return cluster.withLock(() -> cluster.faultRemaining(rule));
    }

    /** Stops it from hitting further requests; responses it already delayed still arrive late. Idempotent. */
    public void cancel() {
        cluster.withLock(() -> {
            cluster.removeFault(rule);
            return null;
        });
    }

    @Override
    public String toString() {
        return cluster.withLock(rule::toString);
    }
}
