package dev.samsa.mock.internal;

import java.util.ArrayList;
import java.util.List;

/** One partition: its replicas, in-sync replicas, leader and leader epoch, and its log. Guarded by the cluster lock. */
final class PartitionState {
    final TopicState topic;
    final int index;
    final List<Integer> replicas;
    final List<Integer> isr;
    /** The leader's broker id, or -1 while no replica is alive. */
    int leader;
    int leaderEpoch;
    final PartitionLog log;

    PartitionState(TopicState topic, int index, List<Integer> replicas) {
        this.topic = topic;
        this.index = index;
        this.replicas = new ArrayList<>(replicas);
        this.isr = new ArrayList<>(replicas);
        this.leader = replicas.get(0);
        this.leaderEpoch = 0;
        this.log = new PartitionLog(0);
    }

    @Override
    public String toString() {
        return topic.name + "-" + index;
    }
}
