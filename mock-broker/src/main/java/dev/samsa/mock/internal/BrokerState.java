package dev.samsa.mock.internal;

import dev.samsa.common.Node;

/**
 * One mock broker: its id, advertised address (a placeholder port until the TCP listener binds a real one), rack,
 * and whether it is running. Fields other than the address and liveness are fixed.
 */
public final class BrokerState {
    /** The host every mock broker advertises: loopback, where the TCP listener binds. */
    public static final String HOST = "127.0.0.1";
    /** Placeholder ports before {@code listen()}: 9092 + index, as a real cluster's defaults would read. */
    static final int PLACEHOLDER_PORT_BASE = 9092;

    final int id;
    final int index;
    final String rack;
    private volatile int port;
    /** Guarded by the cluster lock; read without it by the transports' fast checks. */
    volatile boolean alive = true;
    final FetchSessionCache fetchSessions = new FetchSessionCache();

    BrokerState(int id, int index, String rack) {
        this.id = id;
        this.index = index;
        this.rack = rack;
        this.port = PLACEHOLDER_PORT_BASE + index;
    }

    /** The broker id (node.id). */
    public int id() {
        return id;
    }

    /** Whether the broker runs (not stopped by a fault). */
    public boolean isAlive() {
        return alive;
    }

    /** The advertised port: the TCP listener's once bound, else the placeholder 9092 + index. */
    public int port() {
        return port;
    }

    void port(int port) {
        this.port = port;
    }

    /** The broker as a {@link Node}, with its advertised address and rack. */
    public Node node() {
        return new Node(id, HOST, port, rack);
    }

    @Override
    public String toString() {
        return "broker " + id + " (" + HOST + ":" + port + (alive ? "" : ", stopped") + ")";
    }
}
