package dev.samsa.admin;

import java.util.Objects;

/**
 * A resource that has configs: a topic (by name) or a broker (by id, as a string; the empty string names the
 * cluster-wide default broker config).
 *
 * @param type the resource type
 * @param name the topic name or broker id
 * @since 0.1.0
 */
public record ConfigResource(Type type, String name) {

    /** The resource types, with their wire codes in DescribeConfigs and IncrementalAlterConfigs. */
    public enum Type {
        /** A topic: its configs override the broker's log defaults. */
        TOPIC((byte) 2),
        /** A broker (its id) or, with an empty name, the cluster-wide dynamic broker defaults. */
        BROKER((byte) 4);

        private final byte code;

        Type(byte code) {
            this.code = code;
        }

        /** The wire code of the resource type. */
        public byte code() {
            return code;
        }
    }

    /** @throws NullPointerException if an argument is null */
    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** The topic {@code name}. */
    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    /** The broker with id {@code brokerId}. */
    public static ConfigResource broker(int brokerId) {
        return new ConfigResource(Type.BROKER, Integer.toString(brokerId));
    }

    @Override
    public String toString() {
        return (type == Type.TOPIC ? "topic '" : "broker '") + name + "'";
    }
}
