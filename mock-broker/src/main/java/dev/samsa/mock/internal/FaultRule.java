package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;

/**
 * One injected fault: which requests it matches and what it does to them. Matching fields are fixed; the remaining
 * count and hit count change under the cluster lock.
 */
public final class FaultRule {
    /** What happens to a matching request. */
    public enum Action {
        /** Not executed; answered with {@link #error} (for the matched partition only, if one is named). */
        ERROR,
        /** Executed; the response is delivered {@link #delayMs} later on the cluster's clock. */
        DELAY,
        /** Executed; no response ever comes (the client's request timeout must fire). */
        DROP,
        /** Executed; then the connection is lost instead of answering (whether it was applied is unknown). */
        DISCONNECT
    }

    final ApiKey api;
    final Integer brokerId;
    final String clientId;
    final String topic;
    final int partition;
    final Action action;
    final ErrorCode error;
    final long delayMs;
    /** Matches left; negative for unlimited. */
    int remaining;
    int hits;
    boolean cancelled;

    /** A rule; null {@code brokerId}, {@code clientId} or {@code topic} match any; {@code times} negative for unlimited. */
    public FaultRule(ApiKey api, Integer brokerId, String clientId, String topic, int partition, int times,
            Action action, ErrorCode error, long delayMs) {
        this.api = api;
        this.brokerId = brokerId;
        this.clientId = clientId;
        this.topic = topic;
        this.partition = partition;
        this.remaining = times;
        this.action = action;
        this.error = error;
        this.delayMs = delayMs;
    }

    boolean active() {
        return !cancelled && remaining != 0;
    }

    boolean matchesPartition(String topic, int partition) {
        return this.topic == null || (this.topic.equals(topic) && this.partition == partition);
    }

    void use() {
        hits++;
        if (remaining > 0) {
            remaining--;
        }
    }

    @Override
    public String toString() {
        return action + (action == Action.ERROR ? " " + error : action == Action.DELAY ? " " + delayMs + " ms" : "")
                + " on " + api.title() + (brokerId != null ? " to broker " + brokerId : "")
                + (clientId != null ? " from client " + clientId : "")
                + (topic != null ? " for " + topic + "-" + partition : "")
                + (remaining < 0 ? " (always)" : " (" + remaining + " left)");
    }
}
