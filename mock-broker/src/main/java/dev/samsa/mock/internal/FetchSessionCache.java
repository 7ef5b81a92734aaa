package dev.samsa.mock.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * One broker's incremental fetch sessions (KIP-227): per session, the partitions it covers with the fetch state
 * the client last sent and the partition state the broker last returned, so that an incremental response carries
 * only what changed. Guarded by the cluster lock.
 */
final class FetchSessionCache {
    /** Kafka's {@code max.incremental.fetch.session.cache.slots}. */
    static final int MAX_SESSIONS = 1000;

    private final Map<Integer, Session> sessions = new HashMap<>();

    /** Key of a partition in a session: by topic id for Fetch v13+, by name below. */
    record Key(UUID topicId, String topic, int partition) {
    }

    /** What the client asked for a partition, and what the broker last told it. */
    static final class Cached {
        final UUID topicId;
        final String topic;
        final int partition;
        long fetchOffset;
        int maxBytes;
        int currentLeaderEpoch;
        /** The epoch of the last record the client fetched (v12+, KIP-595), or -1. */
        int lastFetchedEpoch = -1;
        long sentHighWatermark = -1;
        long sentLastStableOffset = -1;
        long sentLogStartOffset = -1;

        Cached(UUID topicId, String topic, int partition) {
            this.topicId = topicId;
            this.topic = topic;
            this.partition = partition;
        }
    }

    static final class Session {
        final int id;
        final boolean usesTopicIds;
        /** The epoch the next incremental request must carry. */
        int nextEpoch = 1;
        final LinkedHashMap<Key, Cached> partitions = new LinkedHashMap<>();

        Session(int id, boolean usesTopicIds) {
            this.id = id;
            this.usesTopicIds = usesTopicIds;
        }
    }

    Session get(int id) {
        return sessions.get(id);
    }

    void remove(int id) {
        sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }

    /** The broker stopped: its sessions are gone (clients get FETCH_SESSION_ID_NOT_FOUND and start over). */
    void clear() {
        sessions.clear();
    }

    /** A new session with a fresh non-zero id, or null if the cache is full (the fetch is then sessionless). */
    Session create(Random random, boolean usesTopicIds) {
        if (sessions.size() >= MAX_SESSIONS) {
            return null;
        }
        int id;
        do {
            id = random.nextInt(Integer.MAX_VALUE - 1) + 1;
        } while (sessions.containsKey(id));
        Session s = new Session(id, usesTopicIds);
        sessions.put(id, s);
        return s;
    }

    static Key key(boolean usesTopicIds, UUID topicId, String topic, int partition) {
        return usesTopicIds ? new Key(Objects.requireNonNull(topicId), null, partition)
                : new Key(null, topic, partition);
    }
}
