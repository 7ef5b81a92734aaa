package dev.samsa.common;

import java.util.Objects;

/**
 * A Kafka broker as the cluster metadata describes it. Bootstrap addresses, whose broker ids are not known yet, get
 * negative ids (-1, -2, ...) as in the official client. Immutable and thread-safe.
 *
 * @param id the broker id ({@code node.id}); negative for a bootstrap address
 * @param host the advertised host name or address
 * @param port the advertised port, 0 to 65535
 * @param rack the broker's {@code broker.rack}, or null
 */
public record Node(int id, String host, int port, String rack) {
    /**
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public Node {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** A node with no rack. */
    public Node(int id, String host, int port) {
        this(id, host, port, null);
    }

    /** {@code host:port}, as in {@code bootstrap.servers}. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** True for a bootstrap address whose broker id is not known yet. */
    public boolean isBootstrap() {
        return id < 0;
    }

    // Explicit equals / hashCode: the generated ones go through invokedynamic method handles (ObjectMethods), which
    // cost JIT work and CPU where this is a map key (connections, fetch and produce routing). Same values as the
    // generated ones.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Node other && id == other.id && port == other.port
                && host.equals(other.host) && Objects.equals(rack, other.rack);
    }

    @Override
    public int hashCode() {
        return ((31 * id + host.hashCode()) * 31 + port) * 31 + Objects.hashCode(rack);
    }

    @Override
    public String toString() {
        return (isBootstrap() ? "bootstrap " : "node " + id + " ") + address() + (rack == null ? "" : " rack " + rack);
    }
}
