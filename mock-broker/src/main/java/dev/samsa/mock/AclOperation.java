package dev.samsa.mock;

/**
 * An operation an {@link Acl} allows or denies, with Kafka's names and wire codes ({@code AclOperation}, KIP-140).
 * Which operation each request needs on which resource is listed in Kafka's authorization documentation; the mock
 * follows it (see {@link MockCluster.Builder#acl}).
 *
 * <p>Implied operations, as Kafka: an ALLOW of {@link #READ}, {@link #WRITE}, {@link #DELETE} or {@link #ALTER}
 * also allows {@link #DESCRIBE}; an ALLOW of {@link #ALTER_CONFIGS} also allows {@link #DESCRIBE_CONFIGS};
 * {@link #ALL} stands for every operation, in ALLOW and DENY ACLs alike.
 */
public enum AclOperation {
    /** Every operation. */
    ALL(2),
    /** Fetch from a topic; commit and fetch offsets, join and sync a group. */
    READ(3),
    /** Produce to a topic; use a transactional id. */
    WRITE(4),
    /** Create a topic (on the topic or the cluster). */
    CREATE(5),
    /** Delete a topic, records or a group. */
    DELETE(6),
    /** Add partitions to a topic; create and delete ACLs (on the cluster). */
    ALTER(7),
    /** See a topic in Metadata, list its offsets; find and describe a group; describe ACLs (on the cluster). */
    DESCRIBE(8),
    /** Broker-to-broker requests (on the cluster). */
    CLUSTER_ACTION(9),
    /** Read configs. */
    DESCRIBE_CONFIGS(10),
    /** Change configs. */
    ALTER_CONFIGS(11),
    /** Get a producer id without a transactional id (on the cluster; WRITE on any topic also suffices, KIP-679). */
    IDEMPOTENT_WRITE(12),
    /** Create delegation tokens (on a user). */
    CREATE_TOKENS(13),
    /** Describe delegation tokens (on a user). */
    DESCRIBE_TOKENS(14);

    private final byte code;

    AclOperation(int code) {
        this.code = (byte) code;
    }

    /** Kafka's wire code (CreateAcls, DescribeAcls, authorized-operations bit positions). */
    public byte code() {
        return code;
    }

    /** The operation with this wire code, or null (UNKNOWN 0, ANY 1, or a newer code). */
    public static AclOperation forCode(byte code) {
        for (AclOperation o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
