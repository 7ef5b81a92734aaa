package dev.samsa.mock;

/** Whether an {@link Acl} allows or denies, with Kafka's names and wire codes. A DENY wins over any ALLOW. */
public enum AclPermissionType {
    /** The ACL denies the operation; it wins over every ALLOW that matches too. */
    DENY(2),
    /** The ACL allows the operation (and, for some operations, implied ones: see {@link AclOperation}). */
    ALLOW(3);

    private final byte code;

    AclPermissionType(int code) {
        this.code = (byte) code;
    }

    /** Kafka's wire code. */
    public byte code() {
        return code;
    }

    /** The permission type with this wire code, or null (UNKNOWN 0, ANY 1, or a newer code). */
    public static AclPermissionType forCode(byte code) {
        for (AclPermissionType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
