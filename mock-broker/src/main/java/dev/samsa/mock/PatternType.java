package dev.samsa.mock;

/** How an {@link Acl}'s resource name matches resources, with Kafka's names and wire codes (KIP-290). */
public enum PatternType {
    /** The exact name; the name {@code "*"} matches every resource of the type. */
    LITERAL(3),
    /** Every resource whose name starts with the ACL's name. */
    PREFIXED(4);

    private final byte code;

    PatternType(int code) {
        this.code = (byte) code;
    }

    /** Kafka's wire code. */
    public byte code() {
        return code;
    }

    /** The pattern type with this wire code, or null (UNKNOWN 0, ANY 1, MATCH 2, or a newer code). */
    public static PatternType forCode(byte code) {
        for (PatternType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
