package dev.samsa.admin;

import java.util.Objects;

/**
 * One change of {@link Admin#incrementalAlterConfigs} (KIP-339): set or delete a config, or append to or subtract
 * from a list config such as {@code cleanup.policy}.
 *
 * @param type the operation
 * @param name the config key
 * @param value the value to set, append or subtract; null for {@link OpType#DELETE}
 * @since 0.1.0
 */
public record AlterConfigOp(OpType type, String name, String value) {

    /** The operations, with their wire codes. */
    public enum OpType {
        /** Sets the value (an override at the resource's level). */
        SET((byte) 0),
        /** Removes the override: the config reverts to the next level's value. */
        DELETE((byte) 1),
        /** Adds values to a list config. */
        APPEND((byte) 2),
        /** Removes values from a list config. */
        SUBTRACT((byte) 3);

        private final byte code;

        OpType(byte code) {
            this.code = code;
        }

        /** The wire code. */
        public byte code() {
            return code;
        }
    }

    /**
     * @throws NullPointerException if {@code type} or {@code name} is null, or {@code value} is null for an
     *     operation other than {@link OpType#DELETE}
     */
    public AlterConfigOp {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type != OpType.DELETE) {
            Objects.requireNonNull(value, "value of " + name);
        }
    }

    /** Sets {@code name} to {@code value}. */
    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(OpType.SET, name, value);
    }

    /** Removes the override of {@code name}. */
    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(OpType.DELETE, name, null);
    }

    /** Appends {@code value} to the list config {@code name}. */
    public static AlterConfigOp append(String name, String value) {
        return new AlterConfigOp(OpType.APPEND, name, value);
    }

    /** Removes {@code value} from the list config {@code name}. */
    public static AlterConfigOp subtract(String name, String value) {
        return new AlterConfigOp(OpType.SUBTRACT, name, value);
    }
}
