package dev.samsa.mock;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.mock.internal.ClusterState;
import dev.samsa.mock.internal.FaultRule;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Fault injection for one {@link MockCluster}: failing, delaying or dropping the responses to chosen requests, and
 * broker, leadership and connection events. Everything is deterministic: faults apply to the next matching
 * requests in arrival order, delays run on the cluster's clock.
 *
 * <pre>{@code
 * cluster.faults().on(KafkaApi.PRODUCE).forPartition("orders", 0).times(2)
 *         .failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
 * cluster.faults().on(KafkaApi.FETCH).delayResponse(Duration.ofSeconds(1));
 * cluster.faults().stopBroker(1);
 * }</pre>
 *
 * <p>Rules are tried in the order they were added; the first active rule that matches a request applies to it and
 * uses up one of its times. Thread-safe.
 */
public final class Faults {
    /** APIs whose requests name partitions, so that {@link Builder#forPartition} can match them. */
    private static final Set<KafkaApi> PARTITIONED = Set.of(KafkaApi.PRODUCE, KafkaApi.FETCH, KafkaApi.LIST_OFFSETS,
            KafkaApi.OFFSET_COMMIT, KafkaApi.OFFSET_FETCH, KafkaApi.OFFSET_FOR_LEADER_EPOCH);

    private final MockCluster mock;
    private final ClusterState cluster;

    Faults(MockCluster mock, ClusterState cluster) {
        this.mock = mock;
        this.cluster = cluster;
    }

    /**
     * Starts a rule for requests of {@code api}; by default it matches the next one such request, to any broker,
     * from any client.
     *
     * @param api the API whose requests the rule matches
     * @return the rule's builder; nothing is installed until one of its actions is called
     * @throws IllegalArgumentException if the mock does not serve {@code api}
     * @throws NullPointerException if {@code api} is null
     */
    public Builder on(KafkaApi api) {
        Objects.requireNonNull(api, "api");
        ApiKey key = ApiKey.forId(api.id());
        if (cluster.versions(key) == null) {
            throw new IllegalArgumentException("the mock broker does not serve " + api.title()
                    + "; a fault on it would never fire");
        }
        return new Builder(api, key);
    }

    /**
     * Stops a broker, as if its process died: its connections close, requests to it are refused
     * ({@code ConnectionRefusedException} in process, a refused connection over TCP), requests parked on it fail
     * with a disconnect, it leaves the ISR of its partitions and the next in-sync replica leads those it led (none,
     * with leader -1, if no in-sync replica runs). Group coordination moves to another broker with the groups'
     * state. Idempotent.
     *
     * @throws IllegalArgumentException if there is no such broker
     */
    public void stopBroker(int brokerId) {
        cluster.stopBroker(brokerId);
        mock.onBrokerStopped(brokerId);
    }

    /**
     * Restarts a stopped broker (over TCP on the same port): it rejoins the ISR of its partitions at once and leads
     * those that had no leader if it was their last in-sync replica. Leadership it lost does not move back.
     * Idempotent.
     *
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if its TCP port cannot be bound again
     */
    public void startBroker(int brokerId) {
        cluster.startBroker(brokerId);
        mock.onBrokerStarted(brokerId);
    }

    /**
     * Moves the leadership of a partition to another of its replicas, bumping its leader epoch: requests to the
     * old leader get NOT_LEADER_OR_FOLLOWER, fetches parked there complete.
     *
     * @throws IllegalArgumentException if the topic, partition or broker does not exist, the broker is not a
     *     replica of the partition, or it is stopped
     */
    public void moveLeader(String topic, int partition, int brokerId) {
        cluster.moveLeader(topic, partition, brokerId);
    }

    /**
     * Simulates an unclean leader election: {@code brokerId} (a running replica, in sync or not) becomes the leader of
     * a partition, bumping its leader epoch, with a log that ends at {@code logEndOffset}. The records from there on
     * are lost; later writes reuse their offsets under the new epoch, and the epoch history answers
     * OffsetsForLeaderEpoch as Kafka's would (the older epochs now end at {@code logEndOffset}), so a consumer that
     * read past it detects the truncation (KIP-320). The other replicas leave the ISR. Producer state is kept as is.
     *
     * @throws IllegalArgumentException if the topic, partition or broker does not exist, the broker is not a
     *     replica of the partition or is stopped, or {@code logEndOffset} is outside the log or inside a batch
     */
    public void electUncleanLeader(String topic, int partition, int brokerId, long logEndOffset) {
        cluster.electUncleanLeader(topic, partition, brokerId, logEndOffset);
    }

    /**
     * Takes a follower out of a partition's ISR while it keeps running, as Kafka's leader does when a follower falls
     * behind by more than {@code replica.lag.time.max.ms}: the Metadata responses' {@code isr_nodes} leave it out,
     * acks=all produces fail with NOT_ENOUGH_REPLICAS once the ISR is smaller than the topic's
     * {@code min.insync.replicas}, and the rack-aware replica selector (KIP-392) no longer names it as a preferred
     * read replica. The follower still answers consumer fetches sent to it (the mock's followers share the leader's
     * log). The leader and its epoch stay; as in Kafka, an ISR change bumps no leader epoch (the mock models no
     * partition epoch). It stays out until {@link #expandIsr}, a {@link #moveLeader} to it, or a restart
     * ({@link #stopBroker} then {@link #startBroker}). A no-op if it is already out of the ISR. Thread-safe.
     *
     * @throws IllegalArgumentException if the topic, partition or broker does not exist, the broker is not a replica
     *     of the partition, it is the partition's leader (a leader cannot leave its own ISR), or the partition has no
     *     leader and the broker is its last in-sync replica
     */
    public void shrinkIsr(String topic, int partition, int brokerId) {
        cluster.shrinkIsr(topic, partition, brokerId);
    }

    /**
     * Puts a running replica of a partition back into its ISR, as Kafka's leader does once the follower has caught up
     * (the mock's replicas catch up at once): the Metadata responses' {@code isr_nodes} include it again, it counts
     * towards {@code min.insync.replicas} for acks=all produces, and the rack-aware replica selector (KIP-392) may
     * name it again. No leader epoch bump, as in Kafka. A no-op if it is already in the ISR. Thread-safe.
     *
     * @throws IllegalArgumentException if the topic, partition or broker does not exist, the broker is not a replica
     *     of the partition, it is stopped, or the partition has no leader
     */
    public void expandIsr(String topic, int partition, int brokerId) {
        cluster.expandIsr(topic, partition, brokerId);
    }

    /**
     * Moves the coordinator of a group to {@code brokerId} (it stays there while that broker runs): the old one
     * answers NOT_COORDINATOR, including to JoinGroup and SyncGroup requests parked on it; the group's members,
     * generation and offsets move along.
     *
     * @throws IllegalArgumentException if there is no such broker
     */
    public void moveCoordinator(String groupId, int brokerId) {
        cluster.moveCoordinator(groupId, brokerId);
    }

    /**
     * Drops every connection of the clients with this client id (over TCP: the {@code client.id} of the request
     * headers; in process: the transport's name given to {@link MockCluster#transport(String)}): requests in
     * flight fail with a disconnect; the clients may reconnect at once.
     *
     * @return how many connections (TCP) or transports (in process) were dropped
     */
    public int disconnectClient(String clientId) {
        return mock.disconnectClient(clientId);
    }

    /** Cancels every rule added with {@link #on}. */
    public void clear() {
        cluster.withLock(() -> {
            cluster.clearFaults();
            return null;
        });
    }

    /**
     * A rule being built: narrow what it matches, then install it with one of {@link #failWith},
     * {@link #delayResponse}, {@link #dropResponse} or {@link #disconnect}. Not thread-safe; single use.
     */
    public final class Builder {
        private final KafkaApi api;
        private final ApiKey key;
        private Integer brokerId;
        private String clientId;
        private String topic;
        private int partition = -1;
        private int times = 1;

        private Builder(KafkaApi api, ApiKey key) {
            this.api = api;
            this.key = key;
        }

        /** Only requests sent to this broker. */
        public Builder toBroker(int brokerId) {
            this.brokerId = brokerId;
            return this;
        }

        /** Only requests from this client id (see {@link Faults#disconnectClient}). */
        public Builder fromClient(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * Only requests that name this partition; with {@link #failWith}, only this partition fails and the rest of
         * the request is served.
         *
         * @throws IllegalArgumentException if the API's requests name no partitions (they are Produce, Fetch,
         *     ListOffsets, OffsetCommit, OffsetFetch and OffsetForLeaderEpoch)
         */
        public Builder forPartition(String topic, int partition) {
            if (!PARTITIONED.contains(api)) {
                throw new IllegalArgumentException(api.title() + " requests name no partitions; forPartition "
                        + "works for " + PARTITIONED);
            }
            this.topic = Objects.requireNonNull(topic, "topic");
            this.partition = partition;
            return this;
        }

        /**
         * How many matching requests it hits; default 1.
         *
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder times(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("times: " + n + " (expected: > 0; use always() for no limit)");
            }
            this.times = n;
            return this;
        }

        /** Hits every matching request until cancelled. */
        public Builder always() {
            this.times = -1;
            return this;
        }

        /**
         * The matching requests are not executed; they are answered with {@code error}, in each partition (or the
         * one named by {@link #forPartition}) or at the top level, wherever the API reports errors.
         *
         * @throws IllegalArgumentException if {@code error} is {@code NONE}
         */
        public Fault failWith(ErrorCode error) {
            Objects.requireNonNull(error, "error");
            if (error == ErrorCode.NONE) {
                throw new IllegalArgumentException("failWith(NONE) would inject nothing");
            }
            return install(FaultRule.Action.ERROR, error, 0);
        }

        /**
         * The matching requests are executed; their responses arrive {@code delay} later on the cluster's clock
         * (with a {@code ManualTime}, when the test advances it). Later responses on the same connection wait
         * behind them, as on a real connection.
         *
         * <p>Each hit request is delayed from the moment the broker handles it, not from when the rule was
         * installed. With {@link #times} or {@link #always}, a client that sends the next matching request only once
         * an earlier held response arrived (an idempotent producer sends one batch per partition until the first
         * is acknowledged; a consumer fetches again after each response) has that request held for another
         * {@code delay}: on a {@code ManualTime}, one {@code advance(delay)} releases only the first round, and a
         * blocking call such as {@code Producer.flush()} made on the thread that advances the clock then waits for
         * ever. Advance in steps until the awaited condition holds, or block in another thread while advancing.
         *
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public Fault delayResponse(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
            }
            return install(FaultRule.Action.DELAY, null, delay.toMillis());
        }

        /**
         * The matching requests are executed but never answered: the client's request timeout must fire. Over TCP,
         * later responses on the same connection wait behind the missing one, as on a real connection, until the
         * client gives up on it and reconnects; in process, the lost request's future never completes and later
         * responses are not held back (there is no connection for the client to close).
         */
        public Fault dropResponse() {
            return install(FaultRule.Action.DROP, null, 0);
        }

        /**
         * The matching requests are executed, then the connection is lost instead of the response: the client
         * cannot tell whether they took effect (a retried produce must then be caught as a duplicate).
         */
        public Fault disconnect() {
            return install(FaultRule.Action.DISCONNECT, null, 0);
        }

        private Fault install(FaultRule.Action action, ErrorCode error, long delayMs) {
            FaultRule rule = new FaultRule(key, brokerId, clientId, topic, partition, times, action, error, delayMs);
            cluster.withLock(() -> {
                cluster.addFault(rule);
                return null;
            });
            return new Fault(cluster, rule);
        }
    }
}
