package dev.samsa.consumer;

import java.util.Locale;

/**
 * {@code partition.assignment.strategy}: the assignors a consumer offers when it joins a group, each named as the
 * official client names it, so that Samsa and official members of one group agree on one protocol and decode each
 * other's assignments. The group leader runs the assignor the group chose; each one here gives the same assignment
 * as the official client's assignor of the same name for the same members and partitions. Immutable.
 *
 * <p>A consumer whose strategies all support the cooperative rebalance protocol (KIP-429) keeps its partitions
 * during a rebalance and gives up only the ones that move; otherwise every rebalance revokes every partition first
 * (the eager protocol).
 *
 * @since 0.1.0
 */
public enum AssignmentStrategy {
    /**
     * {@code range}: per topic, partitions in contiguous ranges to the members subscribed to it, in member id order
     * (official class {@code org.apache.kafka.clients.consumer.RangeAssignor}). Eager.
     */
    RANGE("range", "org.apache.kafka.clients.consumer.RangeAssignor", false),
    /**
     * {@code roundrobin}: all partitions, sorted, dealt round-robin to the members subscribed to each (official class
     * {@code org.apache.kafka.clients.consumer.RoundRobinAssignor}). Eager.
     */
    ROUND_ROBIN("roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor", false),
    /**
     * {@code sticky}: balanced, and moving as few partitions as possible between rebalances (KIP-54; official class
     * {@code org.apache.kafka.clients.consumer.StickyAssignor}). Eager.
     */
    STICKY("sticky", "org.apache.kafka.clients.consumer.StickyAssignor", false),
    /**
     * {@code cooperative-sticky}: the sticky assignment under the cooperative protocol (KIP-429; official class
     * {@code org.apache.kafka.clients.consumer.CooperativeStickyAssignor}).
     */
    COOPERATIVE_STICKY("cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", true);

    private final String protocolName;
    private final String kafkaClassName;
    private final boolean cooperative;

    AssignmentStrategy(String protocolName, String kafkaClassName, boolean cooperative) {
        this.protocolName = protocolName;
        this.kafkaClassName = kafkaClassName;
        this.cooperative = cooperative;
    }

    /** The protocol name sent in JoinGroup, e.g. {@code range}. */
    public String protocolName() {
        return protocolName;
    }

    /** The official client's class name for the same assignor, accepted as a config value. */
    public String kafkaClassName() {
        return kafkaClassName;
    }

    /** Whether it supports the cooperative rebalance protocol (KIP-429). */
    public boolean isCooperative() {
        return cooperative;
    }

    /**
     * The strategy for a config value: a protocol name ({@code range}, {@code roundrobin}, {@code sticky},
     * {@code cooperative-sticky}), the official class name, or this enum's constant name; case-insensitive.
     *
     * @throws IllegalArgumentException if none matches
     */
    public static AssignmentStrategy forConfigValue(String value) {
        String v = value.trim();
        for (AssignmentStrategy s : values()) {
            if (s.protocolName.equalsIgnoreCase(v) || s.kafkaClassName.equals(v) || s.name().equalsIgnoreCase(v)
                    || s.kafkaClassName.substring(s.kafkaClassName.lastIndexOf('.') + 1).equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("partition.assignment.strategy: " + value.toLowerCase(Locale.ROOT)
                + " (expected: range, roundrobin, sticky, cooperative-sticky or the official class names)");
    }
}
