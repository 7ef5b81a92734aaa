package dev.samsa.mock.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Fetches waiting for {@code fetch.min.bytes} (Kafka's fetch purgatory). A parked fetch is answered when an append,
 * a leadership change or a topic deletion makes it ready, or when its max wait elapses on the cluster's clock,
 * whichever comes first. Guarded by the cluster lock.
 */
final class DelayedFetches {
    private final ClusterState cluster;
    private final List<FetchHandler.Plan> parked = new ArrayList<>();

    DelayedFetches(ClusterState cluster) {
        this.cluster = cluster;
    }

    void park(FetchHandler.Plan plan, long maxWaitMs) {
        parked.add(plan);
        plan.timeout = cluster.schedule(maxWaitMs, () -> {
            if (parked.remove(plan)) {
                plan.ctx.respond(FetchHandler.respond(plan));
            }
        });
    }

    int size() {
        return parked.size();
    }

    /** Something changed in {@code partition}: answer the parked fetches that are now ready. */
    void wake(PartitionState partition) {
        if (parked.isEmpty()) {
            return;
        }
        for (Iterator<FetchHandler.Plan> it = parked.iterator(); it.hasNext();) {
            FetchHandler.Plan plan = it.next();
            if (!plan.ctx.sink.isOpen()) {
                it.remove();
                plan.timeout.cancel();
                continue;
            }
            if (FetchHandler.ready(plan)) {
                it.remove();
                plan.timeout.cancel();
                plan.ctx.respond(FetchHandler.respond(plan));
            }
        }
    }

    /** A broker stopped: its parked fetches lose their connection. */
    void failBroker(BrokerState broker) {
        for (Iterator<FetchHandler.Plan> it = parked.iterator(); it.hasNext();) {
            FetchHandler.Plan plan = it.next();
            if (plan.ctx.broker == broker) {
                it.remove();
                plan.timeout.cancel();
                plan.ctx.disconnect(broker + " stopped");
            }
        }
    }

    /** A client's connection closed: forget its parked fetches. */
    void connectionClosed(Object connection) {
        for (Iterator<FetchHandler.Plan> it = parked.iterator(); it.hasNext();) {
            FetchHandler.Plan plan = it.next();
            if (plan.ctx.connection == connection) {
                it.remove();
                plan.timeout.cancel();
                plan.ctx.disconnect("connection closed");
            }
        }
    }
}
