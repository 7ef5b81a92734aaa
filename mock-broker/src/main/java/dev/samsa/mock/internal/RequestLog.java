package dev.samsa.mock.internal;

import dev.samsa.mock.ReceivedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last N requests the brokers received, oldest first. Guarded by the cluster lock. */
final class RequestLog {
    private final int capacity;
    private final ArrayDeque<ReceivedRequest> entries;

    RequestLog(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Whether requests are kept at all (a capacity of 0 keeps none). */
    boolean enabled() {
        return capacity > 0;
    }

    void add(ReceivedRequest r) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.pollFirst();
        }
        entries.addLast(r);
    }

    List<ReceivedRequest> snapshot() {
        return new ArrayList<>(entries);
    }

    void clear() {
        entries.clear();
    }
}
