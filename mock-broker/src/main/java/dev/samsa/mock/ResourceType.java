package dev.samsa.mock;

/** The kind of resource an {@link Acl} applies to, with Kafka's names and wire codes ({@code ResourceType}). */
public enum ResourceType {
    /** A topic, by name. */
    TOPIC(2),
    /** A consumer group, by group id. */
    GROUP(3),
    /** The cluster: its one resource is named {@value Acl#CLUSTER_NAME}. */
    CLUSTER(4),
    /** A transactional id. */
    TRANSACTIONAL_ID(5),
    /** A delegation token. */
    DELEGATION_TOKEN(6),
    /** A user (for delegation tokens). */
    USER(7);

    private final byte code;

    ResourceType(int code) {
        this.code = (byte) code;
    }

    /** Kafka's wire code. */
    public byte code() {
        return code;
    }

    /** The type with this wire code, or null (UNKNOWN 0, ANY 1, or a newer code). */
    public static ResourceType forCode(byte code) {
        for (ResourceType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
