package dev.samsa.internal.consumer;

import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.FetchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The client side of one incremental fetch session with one broker (KIP-227). The first request of a session is a
 * full fetch (session id 0, epoch 0) listing every partition; the broker answers with a session id. Later requests
 * carry that id and the next epoch, and list only the partitions that are new or whose fetch offset, leader epoch or
 * size limit changed; partitions no longer wanted go in {@code forgottenTopicsData}. The broker answers only
 * partitions with news. A session error ({@code FETCH_SESSION_ID_NOT_FOUND}, {@code INVALID_FETCH_SESSION_EPOCH},
 * {@code FETCH_SESSION_TOPIC_ID_ERROR}) or a failed request starts over with a full fetch. One request per session is
 * in flight at a time.
 *
 * <p>Not thread-safe: confined to the consumer's {@link SerialExecutor}.
 */
final class FetchSession {
    /** Session id meaning "none". */
    static final int INVALID_SESSION_ID = 0;
    /** Epoch of a full request that creates a session. */
    static final int INITIAL_EPOCH = 0;

    /** What the session asks for one partition. */
    record PartitionFetch(TopicPartition tp, UUID topicId, long fetchOffset, int leaderEpoch, int lastFetchedEpoch,
            int maxBytes) {
        // Explicit equals / hashCode: the generated ones bootstrap through ObjectMethods on the first incremental
        // fetch, which spins some 75 method-handle classes for this six-field record (and JIT work for them), and
        // then run through that method-handle chain on every fetch. Same values as the generated ones.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof PartitionFetch p && fetchOffset == p.fetchOffset
                    && leaderEpoch == p.leaderEpoch && lastFetchedEpoch == p.lastFetchedEpoch && maxBytes == p.maxBytes
                    && Objects.equals(tp, p.tp) && Objects.equals(topicId, p.topicId);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(tp);
            h = 31 * h + Objects.hashCode(topicId);
            h = 31 * h + Long.hashCode(fetchOffset);
            h = 31 * h + leaderEpoch;
            h = 31 * h + lastFetchedEpoch;
            return 31 * h + maxBytes;
        }
    }

    /** A request built from the session, and what it covers. */
    record Built(FetchRequest request, Map<TopicPartition, PartitionFetch> covered, boolean full,
            Map<UUID, String> topicNames) {
    }

    private int sessionId = INVALID_SESSION_ID;
    private int epoch = INITIAL_EPOCH;
    private Map<TopicPartition, PartitionFetch> session = new LinkedHashMap<>();

    int sessionId() {
        return sessionId;
    }

    int epoch() {
        return epoch;
    }

    /**
     * Builds the next request for {@code wanted}, the partitions to fetch now, in order.
     *
     * @param base the request with its non-partition fields set (wait, sizes, isolation, rack)
     */
    Built build(FetchRequest base, Map<TopicPartition, PartitionFetch> wanted) {
        boolean full = epoch == INITIAL_EPOCH;
        List<PartitionFetch> send = new ArrayList<>();
        List<TopicPartition> forgotten = new ArrayList<>();
        if (full) {
            send.addAll(wanted.values());
        } else {
            for (PartitionFetch p : wanted.values()) {
                if (!p.equals(session.get(p.tp()))) {
                    send.add(p);
                }
            }
            for (TopicPartition tp : session.keySet()) {
                if (!wanted.containsKey(tp)) {
                    forgotten.add(tp);
                }
            }
        }
        Map<String, FetchRequest.FetchTopic> topics = new LinkedHashMap<>();
        Map<UUID, String> names = new LinkedHashMap<>();
        for (PartitionFetch p : wanted.values()) {
            if (p.topicId() != null) {
                names.put(p.topicId(), p.tp().topic());
            }
        }
        for (PartitionFetch p : send) {
            FetchRequest.FetchTopic topic = topics.get(p.tp().topic());
            if (topic == null) {
                topic = new FetchRequest.FetchTopic().setTopic(p.tp().topic())
                        .setTopicId(p.topicId() == null ? new UUID(0, 0) : p.topicId());
                topics.put(p.tp().topic(), topic);
            }
            topic.partitions().add(new FetchRequest.FetchPartition().setPartition(p.tp().partition())
                    .setFetchOffset(p.fetchOffset()).setCurrentLeaderEpoch(p.leaderEpoch())
                    .setLastFetchedEpoch(p.lastFetchedEpoch())
                    .setPartitionMaxBytes(p.maxBytes()).setLogStartOffset(-1));
        }
        Map<String, FetchRequest.ForgottenTopic> forgottenTopics = new LinkedHashMap<>();
        for (TopicPartition tp : forgotten) {
            PartitionFetch old = session.get(tp);
            FetchRequest.ForgottenTopic topic = forgottenTopics.get(tp.topic());
            if (topic == null) {
                topic = new FetchRequest.ForgottenTopic().setTopic(tp.topic())
                        .setTopicId(old.topicId() == null ? new UUID(0, 0) : old.topicId());
                forgottenTopics.put(tp.topic(), topic);
            }
            topic.partitions().add(tp.partition());
            if (old.topicId() != null) {
                names.putIfAbsent(old.topicId(), tp.topic());
            }
        }
        FetchRequest request = base.setSessionId(sessionId).setSessionEpoch(epoch)
                .setTopics(new ArrayList<>(topics.values()))
                .setForgottenTopicsData(new ArrayList<>(forgottenTopics.values()));
        return new Built(request, new LinkedHashMap<>(wanted), full, names);
    }

    /**
     * Records a response to {@code built}.
     *
     * @param errorCode the response's top-level error code
     * @param responseSessionId the session id it carries
     */
    void onResponse(Built built, short errorCode, int responseSessionId) {
        ErrorCode code = ErrorCode.forCode(errorCode);
        if (code != ErrorCode.NONE) {
            reset();
            return;
        }
        if (built.full()) {
            sessionId = responseSessionId;
            epoch = responseSessionId == INVALID_SESSION_ID ? INITIAL_EPOCH : 1;
        } else {
            epoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
        }
        session = built.covered();
    }

    /** The request failed (no response): the next request is a full fetch. */
    void onFailure() {
        reset();
    }

    private void reset() {
        // Keeping the id with epoch 0 asks the broker to close that session and open a new one (KIP-227).
        epoch = INITIAL_EPOCH;
        session = new LinkedHashMap<>();
    }

    /** Whether {@code tp} is in the session with these parameters. */
    boolean contains(TopicPartition tp) {
        return session.containsKey(tp);
    }

    @Override
    public String toString() {
        return "FetchSession(id=" + sessionId + ", epoch=" + epoch + ", partitions=" + session.size() + ")";
    }

}
