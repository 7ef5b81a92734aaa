package dev.samsa.admin;

import java.util.Locale;

/**
 * The state of a consumer group, with Kafka's names as brokers report them in ListGroups and DescribeGroups.
 *
 * @since 0.1.0
 */
public enum GroupState {
    /** A state this client does not know (from a newer broker). */
    UNKNOWN("Unknown"),
    /** Members are (re)joining (classic protocol). */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Members joined and wait for their assignment (classic protocol). */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Every member has its assignment. */
    STABLE("Stable"),
    /** The group has no members and no committed offsets left, or is being removed. */
    DEAD("Dead"),
    /** The group has no members but may have committed offsets. */
    EMPTY("Empty"),
    /** The group is assigning partitions (KIP-848 consumer protocol). */
    ASSIGNING("Assigning"),
    /** Members are reconciling their assignment (KIP-848 consumer protocol). */
    RECONCILING("Reconciling");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name brokers use on the wire, e.g. {@code Stable}. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The state named {@code name} (case-insensitive), or {@link #UNKNOWN}. */
    public static GroupState parse(String name) {
        if (name != null) {
            for (GroupState s : values()) {
                if (s.kafkaName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        return UNKNOWN;
    }
}
