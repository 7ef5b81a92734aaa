package dev.samsa.internal.producer;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.InvalidMetadataException;
import dev.samsa.errors.OutOfOrderSequenceException;
import dev.samsa.errors.RetriableException;
import dev.samsa.errors.SamsaException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.errors.DisconnectException;
import dev.samsa.internal.metadata.Cluster;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.InitProducerIdResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.producer.Acks;
import dev.samsa.time.Time;
import dev.samsa.transport.RequestTimeoutException;
import dev.samsa.transport.Transport;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains ready batches from the {@link RecordAccumulator} into Produce requests (API key 0) to each partition's
 * leader, and handles their responses: completion, retries with metadata refresh and backoff, expiry at
 * {@code delivery.timeout.ms}, and the idempotent producer's state (producer id, epoch, per-partition sequences).
 *
 * <h2>Threading: a serial event loop without a thread of its own</h2>
 * All sender state is touched only inside {@link #wakeup()}'s loop, which at most one thread runs at a time
 * (a work-in-progress counter; a wakeup while the loop runs makes it run once more instead of running concurrently).
 * Transport responses and timer expiries are queued as events and processed by the loop. Whoever calls
 * {@code wakeup()} when the loop is idle runs it: an application thread in {@code send}/{@code flush}/{@code close},
 * the transport's I/O thread delivering a response, or the {@link Time} timer thread (linger, backoff, delivery
 * timeout). On {@code ManualTime} everything therefore runs on the threads the test drives, deterministically. User
 * callbacks run inside the loop, so they must not block.
 *
 * <h2>Ordering and idempotence (KIP-98)</h2>
 * With idempotence, each partition's batches get consecutive sequence numbers when first drained; up to
 * {@code max.in.flight.requests.per.connection} requests per broker are in flight. A batch that fails retriably is put
 * back in its queue in sequence order, and a batch that already has a sequence is only resent when it is the lowest
 * unacknowledged one of its partition, so retries go out in order, one at a time (Kafka's rule). {@code
 * OUT_OF_ORDER_SEQUENCE_NUMBER} for a batch behind a failed one is retried; for the lowest one it is fatal for that
 * batch. {@code DUPLICATE_SEQUENCE_NUMBER} counts as success. {@code UNKNOWN_PRODUCER_ID} and
 * {@code INVALID_PRODUCER_EPOCH}, and any batch that fails for good after it got a sequence number (which leaves a gap),
 * make the producer take a fresh producer id once nothing is in flight; sequences then restart at 0 and batches put
 * back get new ones, except a batch an earlier attempt may have written (it got no answer): under a new producer id
 * the broker could not recognise it as a duplicate, so it fails with a {@code TimeoutException} saying its records
 * may have been written, rather than risk writing them twice. Without idempotence and with one request in flight, a
 * partition is muted while its batch is in flight, which keeps order.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final short PRODUCE_MIN_VERSION = 3;
    /** Produce v13 addresses topics by id (KIP-516); v12 by name. */
    private static final short PRODUCE_MAX_VERSION_BY_NAME = 12;
    private static final short PRODUCE_MAX_VERSION_BY_ID = 13;

    private final ProducerSettings settings;
    private final Transport transport;
    private final Time time;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final String clientId;

    private final AtomicInteger wip = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private volatile Thread loopThread;
    private volatile RuntimeException fatalError;

    // Loop-owned state.
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private int inFlightRequests;
    private final Set<ProducerBatch> inFlightBatches = new HashSet<>();
    private final Set<TopicPartition> muted = new HashSet<>();
    /**
     * No incomplete batch expires before this (ms on the producer's clock): the earliest deadline seen by the last
     * full scan, which walked every batch; skipping scans until then keeps {@code delivery.timeout.ms} off the hot
     * path. A batch created just before a scan may expire a few ms late, within the timeout's precision.
     */
    private long expiryScanAtMs = Long.MIN_VALUE;
    private final boolean guaranteeOrder;
    private final Map<TopicPartition, PartitionSequences> sequences = new HashMap<>();
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private boolean needsProducerId;
    private boolean initInFlight;
    private int initAttempts;
    private long initRetryAtMs;
    private int drainIndex;
    private boolean forceClosed;
    private CompletableFuture<Void> closeFuture;
    private Object timerToken;
    private Time.Timeout timer;
    private long timerAtMs = Long.MAX_VALUE;

    Sender(ProducerSettings settings, Transport transport, Metadata metadata, RecordAccumulator accumulator,
            String clientId) {
        this.settings = settings;
        this.transport = transport;
        this.time = transport.time();
        this.metadata = metadata;
        this.accumulator = accumulator;
        this.clientId = clientId;
        this.needsProducerId = settings.idempotence();
        this.guaranteeOrder = !settings.idempotence() && settings.maxInFlight() == 1;
        metadata.addListener(c -> wakeup());
    }

    /** A fatal error that ended the idempotent producer's session (e.g. authorization to idempotent writes), or null. */
    RuntimeException fatalError() {
        return fatalError;
    }

    /** Whether the calling thread is running the sender loop (inside a callback). */
    boolean isLoopThread() {
        return loopThread == Thread.currentThread();
    }

    /** Runs the loop on this thread if idle, else makes the running loop go round once more. Never blocks. */
    void wakeup() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        Thread me = Thread.currentThread();
        int missed = 1;
        while (true) {
            loopThread = me;
            try {
                runOnce();
            } catch (Throwable t) {
                log.error("[{}] Producer sender loop failed; continuing", clientId, t);
            } finally {
                loopThread = null;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /**
     * Starts closing: pending batches are sent at once (the accumulator is closed).
     *
     * @return a future completed when no batch is pending
     */
    CompletableFuture<Void> initiateClose() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        events.add(() -> {
            closeFuture = f;
        });
        wakeup();
        return f;
    }

    /** Fails every pending batch, queued or in flight, with {@code e}, and stops sending. */
    void forceClose(RuntimeException e) {
        events.add(() -> {
            forceClosed = true;
            for (ProducerBatch b : accumulator.drainAll()) {
                fail(b, e, false);
            }
            for (ProducerBatch b : new ArrayList<>(inFlightBatches)) {
                fail(b, e, false);
            }
            for (ProducerBatch b : accumulator.incompleteBatches()) {
                fail(b, e, false);
            }
            cancelTimer();
            if (closeFuture != null) {
                closeFuture.complete(null);
            }
        });
        wakeup();
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    private void runOnce() {
        Runnable event;
        while ((event = events.poll()) != null) {
            event.run();
        }
        if (forceClosed) {
            return;
        }
        long now = nowMs();
        long next = expire(now);
        RuntimeException fatal = fatalError;
        if (fatal != null) {
            for (ProducerBatch b : accumulator.drainAll()) {
                fail(b, fatal, false);
            }
        } else if (needsProducerId) {
            if (inFlightRequests == 0 && !initInFlight) {
                if (now >= initRetryAtMs) {
                    sendInitProducerId(now);
                } else {
                    next = Math.min(next, initRetryAtMs);
                }
            }
        } else {
            next = Math.min(next, sendProducerData(now));
        }
        if (closeFuture != null && !accumulator.hasIncomplete()) {
            closeFuture.complete(null);
        }
        arm(next, now);
    }

    /** Fails batches past {@code delivery.timeout.ms}; returns the earliest deadline still pending. */
    private long expire(long now) {
        if (now < expiryScanAtMs) {
            return expiryScanAtMs; // nothing can have expired yet: batches created since expire later
        }
        long next = Long.MAX_VALUE;
        long timeout = settings.deliveryTimeoutMs();
        List<ProducerBatch> expired = accumulator.removeIf(b -> now >= b.createdMs + timeout);
        for (ProducerBatch b : expired) {
            fail(b, expiredException(b, now), true);
        }
        for (ProducerBatch b : new ArrayList<>(inFlightBatches)) {
            if (!b.isDone() && now >= b.createdMs + timeout) {
                fail(b, expiredException(b, now), true);
            }
        }
        for (ProducerBatch b : accumulator.incompleteBatches()) {
            next = Math.min(next, b.createdMs + timeout);
        }
        expiryScanAtMs = Math.min(next, now + timeout);
        return next;
    }

    private TimeoutException expiredException(ProducerBatch b, long now) {
        return new TimeoutException("Expiring " + b.recordCount() + " record(s) for " + b.tp + ": " + (now - b.createdMs)
                + " ms has passed since batch creation (delivery.timeout.ms " + settings.deliveryTimeoutMs() + " ms"
                + (b.attempts > 0 ? ", " + b.attempts + " attempt(s)" : ", never sent") + ")");
    }

    /** Sends what is ready; returns when the next batch becomes ready (or Long.MAX_VALUE). */
    private long sendProducerData(long now) {
        Cluster cluster = metadata.cluster();
        RecordAccumulator.ReadyCheck check = accumulator.ready(cluster, now, muted::contains);
        if (!check.unknownLeaderTopics().isEmpty()) {
            // Topics may have been dropped as idle while their batches waited: ask for them again (as Kafka does).
            check.unknownLeaderTopics().forEach(metadata::touch);
            metadata.requestUpdate();
        }
        for (Node node : check.readyNodes()) {
            boolean first = true;
            while (inFlightPerNode.getOrDefault(node.id(), 0) < settings.maxInFlight()) {
                List<ProducerBatch> batches = drain(node, cluster, now, first);
                first = false;
                if (batches.isEmpty()) {
                    break;
                }
                sendProduce(node, batches, cluster, now);
            }
        }
        return check.nextCheckMs();
    }

    /**
     * Takes at most one batch per partition led by {@code node}, up to {@code max.request.size} bytes. On the first
     * drain of a ready node every partition's head batch rides along, lingering or not (as Kafka does: the request
     * goes anyway); later drains take only sendable batches.
     */
    private List<ProducerBatch> drain(Node node, Cluster cluster, long now, boolean piggyback) {
        boolean urgent = accumulator.urgent();
        long[] ignored = {Long.MAX_VALUE};
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : accumulator.queues().entrySet()) {
            Node leader = cluster.leaderFor(e.getKey());
            if (leader != null && leader.id() == node.id()) {
                partitions.add(e.getKey());
            }
        }
        List<ProducerBatch> out = new ArrayList<>();
        if (partitions.isEmpty()) {
            return out;
        }
        int size = 0;
        int start = Math.floorMod(drainIndex++, partitions.size());
        for (int i = 0; i < partitions.size(); i++) {
            TopicPartition tp = partitions.get((start + i) % partitions.size());
            if (muted.contains(tp)) {
                continue;
            }
            Deque<ProducerBatch> deque = accumulator.queues().get(tp);
            ProducerBatch batch;
            synchronized (deque) {
                batch = deque.peekFirst();
                if (batch == null || (batch.attempts > 0 && now < batch.retryAtMs)) {
                    continue;
                }
                if (!piggyback && !accumulator.sendable(deque, now, urgent, ignored)) {
                    continue;
                }
                if (!out.isEmpty() && size + batch.sizeInBytes() > settings.maxRequestSize()) {
                    break;
                }
                if (settings.idempotence() && batch.baseSequence >= 0
                        && seq(tp).firstInFlight() != batch.baseSequence) {
                    continue; // a retry waits until it is the lowest unacknowledged batch of its partition
                }
                if (settings.idempotence() && batch.baseSequence < 0 && !seq(tp).established
                        && !seq(tp).inFlight.isEmpty()) {
                    // A broker accepts any first sequence from a producer id it has no state for, so if the first
                    // batch failed (say NOT_LEADER_OR_FOLLOWER on a partition just created) a second one in flight
                    // could be appended ahead of it. Until the partition's first batch is acknowledged, one at a time.
                    continue;
                }
                deque.pollFirst();
            }
            float ratio;
            if (settings.idempotence()) {
                PartitionSequences ps = seq(tp);
                if (batch.baseSequence < 0) {
                    int base = ps.next;
                    ps.next = incrementSequence(base, batch.recordCount());
                    ratio = batch.build(producerId, producerEpoch, base);
                    ps.inFlight.put(base, batch);
                } else {
                    ratio = batch.build(producerId, producerEpoch, batch.baseSequence);
                }
            } else {
                ratio = batch.build(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                        RecordBatch.NO_SEQUENCE);
            }
            accumulator.updateCompressionRatio(ratio);
            size += batch.sizeInBytes();
            out.add(batch);
            if (guaranteeOrder) {
                muted.add(tp);
            }
        }
        return out;
    }

    private static int incrementSequence(int sequence, int increment) {
        return sequence > Integer.MAX_VALUE - increment ? increment - (Integer.MAX_VALUE - sequence) - 1
                : sequence + increment;
    }

    private PartitionSequences seq(TopicPartition tp) {
        return sequences.computeIfAbsent(tp, k -> new PartitionSequences());
    }

    private void sendProduce(Node node, List<ProducerBatch> batches, Cluster cluster, long now) {
        inFlightRequests++;
        inFlightPerNode.merge(node.id(), 1, Integer::sum);
        Map<String, ProduceRequest.TopicProduceData> byTopic = new LinkedHashMap<>();
        boolean allIds = true;
        for (ProducerBatch b : batches) {
            b.attempts++;
            b.lastAttemptMs = now;
            b.inFlight = true;
            inFlightBatches.add(b);
            ProduceRequest.TopicProduceData topic = byTopic.computeIfAbsent(b.tp.topic(), name -> {
                UUID id = cluster.topicId(name);
                ProduceRequest.TopicProduceData t = new ProduceRequest.TopicProduceData().setName(name);
                if (id != null) {
                    t.setTopicId(id);
                }
                return t;
            });
            if (cluster.topicId(b.tp.topic()) == null) {
                allIds = false;
            }
            topic.partitionData().add(new ProduceRequest.PartitionProduceData().setIndex(b.tp.partition())
                    .setRecords(b.records()));
        }
        ProduceRequest request = new ProduceRequest().setAcks(settings.acks().wireValue())
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, settings.requestTimeoutMs()))
                .setTopicData(new ArrayList<>(byTopic.values()));
        Map<UUID, String> names = new HashMap<>();
        for (ProduceRequest.TopicProduceData t : byTopic.values()) {
            if (t.topicId() != null) {
                names.put(t.topicId(), t.name());
            }
        }
        short maxVersion = allIds ? PRODUCE_MAX_VERSION_BY_ID : PRODUCE_MAX_VERSION_BY_NAME;
        log.trace("[{}] Sending Produce with {} batch(es) to {}", clientId, batches.size(), node);
        CompletableFuture<ProduceResponse> future;
        try {
            future = transport.send(node, request, PRODUCE_MIN_VERSION, maxVersion);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        withRequestTimeout(future, "Produce", node).whenComplete((response, error) -> {
            events.add(() -> onProduceResponse(node, batches, names, response, error));
            wakeup();
        });
    }

    private void onProduceResponse(Node node, List<ProducerBatch> batches, Map<UUID, String> names,
            ProduceResponse response, Throwable error) {
        inFlightRequests--;
        inFlightPerNode.merge(node.id(), -1, Integer::sum);
        long now = nowMs();
        Map<TopicPartition, ProduceResponse.PartitionProduceResponse> byPartition = new HashMap<>();
        if (response != null) {
            for (ProduceResponse.TopicProduceResponse t : response.responses()) {
                String name = t.name() != null && !t.name().isEmpty() ? t.name() : names.get(t.topicId());
                if (name == null) {
                    continue;
                }
                for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                    byPartition.put(new TopicPartition(name, p.index()), p);
                }
            }
        }
        RuntimeException failure = error == null ? null : Waits.unwrap(error);
        for (ProducerBatch b : batches) {
            inFlightBatches.remove(b);
            if (guaranteeOrder) {
                muted.remove(b.tp);
            }
            try {
                if (failure != null) {
                    onError(b, failure, null, now);
                } else if (settings.acks() == Acks.NONE || response == null) {
                    succeed(b, -1, -1);
                } else {
                    ProduceResponse.PartitionProduceResponse p = byPartition.get(b.tp);
                    if (p == null) {
                        onError(b, new DisconnectException("The Produce response from " + node + " had no answer for "
                                + b.tp), null, now);
                        continue;
                    }
                    ErrorCode code = ErrorCode.forCode(p.errorCode());
                    if (code == ErrorCode.NONE || code == ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
                        succeed(b, p.baseOffset(), p.logAppendTimeMs());
                    } else {
                        String message = "Produce to " + b.tp + " on " + node + " failed: " + code.name()
                                + (p.errorMessage() != null ? " (" + p.errorMessage() + ")" : ": "
                                        + code.description());
                        onError(b, ErrorCode.exceptionFor(p.errorCode(), message), code, now);
                    }
                }
            } finally {
                b.requestDone();
            }
        }
    }

    private void succeed(ProducerBatch b, long baseOffset, long logAppendTime) {
        if (settings.idempotence() && b.baseSequence >= 0) {
            PartitionSequences ps = seq(b.tp);
            ps.inFlight.remove(b.baseSequence, b);
            ps.established = true;
        }
        b.complete(baseOffset, logAppendTime);
        accumulator.completed(b);
    }

    private void onError(ProducerBatch b, RuntimeException e, ErrorCode code, long now) {
        if (b.isDone()) { // expired or force-failed while in flight
            if (settings.idempotence() && b.baseSequence >= 0) {
                seq(b.tp).inFlight.remove(b.baseSequence, b);
            }
            return;
        }
        if (e instanceof InvalidMetadataException || e instanceof DisconnectException
                || e instanceof TimeoutException) {
            metadata.requestUpdate();
        }
        boolean retriable = e instanceof RetriableException;
        if (code == null || code == ErrorCode.REQUEST_TIMED_OUT
                || code == ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND) {
            b.unknownOutcome = e; // no answer, or the broker appended before failing: the records may be written
        }
        if (settings.idempotence() && code != null) {
            switch (code) {
                case OUT_OF_ORDER_SEQUENCE_NUMBER -> {
                    if (!needsProducerId && seq(b.tp).firstInFlight() == b.baseSequence) {
                        fail(b, new OutOfOrderSequenceException("The broker received an out of order sequence "
                                + "number for " + b.tp + " (base sequence " + b.baseSequence + ", producer id "
                                + b.producerId + "): records may have been lost"), true);
                        return;
                    }
                    retriable = true; // behind a batch that failed: resend in order
                }
                case UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH -> {
                    // The broker lost (or fenced) our producer state: take a fresh producer id and resend.
                    needsProducerId = true;
                    retriable = true;
                }
                default -> {
                }
            }
        }
        boolean withinTimeout = now < b.createdMs + settings.deliveryTimeoutMs();
        if (retriable && b.attempts <= settings.retries() && withinTimeout) {
            b.retryAtMs = now + accumulator.backoffMs(b.attempts);
            log.debug("[{}] Retrying {} (attempt {}) after {}", clientId, b, b.attempts + 1, e.toString());
            accumulator.reenqueue(b);
        } else {
            fail(b, e, true);
        }
    }

    /**
     * Fails a batch for good.
     *
     * @param resetIfSequenced with idempotence, whether a sequence gap left behind requires a fresh producer id
     */
    private void fail(ProducerBatch b, RuntimeException e, boolean resetIfSequenced) {
        if (settings.idempotence() && b.baseSequence >= 0) {
            seq(b.tp).inFlight.remove(b.baseSequence, b);
            if (resetIfSequenced && !b.isDone()) {
                needsProducerId = true;
            }
        }
        if (b.fail(e)) {
            log.debug("[{}] {} failed: {}", clientId, b, e.toString());
        }
        accumulator.completed(b);
    }

    /**
     * Bounds a request by this producer's {@code request.timeout.ms} on its own clock, whatever the transport does:
     * a response that never comes (a broker that stalls, a mock that drops it) becomes a retriable
     * {@link RequestTimeoutException}, and the batch is retried within {@code delivery.timeout.ms}. A late response
     * is ignored; an idempotent resend is deduplicated by the broker.
     */
    private <T> CompletableFuture<T> withRequestTimeout(CompletableFuture<T> future, String api, Node node) {
        if (future.isDone()) {
            return future;
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        Time.Timeout timer = time.schedule(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS, () ->
                bounded.completeExceptionally(new RequestTimeoutException(api + " to " + node
                        + " got no response within request.timeout.ms=" + settings.requestTimeoutMs())));
        future.whenComplete((response, error) -> {
            timer.cancel();
            if (error != null) {
                bounded.completeExceptionally(error);
            } else {
                bounded.complete(response);
            }
        });
        return bounded;
    }

    private void sendInitProducerId(long now) {
        Node node = anyNode();
        initInFlight = true;
        InitProducerIdRequest request = new InitProducerIdRequest().setTransactionalId(null)
                .setTransactionTimeoutMs(60_000).setProducerId(-1L).setProducerEpoch((short) -1);
        log.debug("[{}] Requesting a producer id from {}", clientId, node);
        CompletableFuture<InitProducerIdResponse> future;
        try {
            future = transport.send(node, request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        withRequestTimeout(future, "InitProducerId", node).whenComplete((response, error) -> {
            events.add(() -> onInitProducerId(node, response, error));
            wakeup();
        });
    }

    private void onInitProducerId(Node node, InitProducerIdResponse response, Throwable error) {
        initInFlight = false;
        long now = nowMs();
        RuntimeException failure = null;
        if (error != null) {
            failure = Waits.unwrap(error);
        } else if (response.errorCode() != 0) {
            failure = ErrorCode.exceptionFor(response.errorCode(), "InitProducerId on " + node + " failed: "
                    + ErrorCode.forCode(response.errorCode()).description());
        }
        if (failure == null) {
            producerId = response.producerId();
            producerEpoch = response.producerEpoch();
            needsProducerId = false;
            initAttempts = 0;
            sequences.clear();
            failBatchesOfUnknownOutcome();
            for (Deque<ProducerBatch> deque : accumulator.queues().values()) {
                synchronized (deque) {
                    for (ProducerBatch b : deque) {
                        b.baseSequence = RecordBatch.NO_SEQUENCE; // renumbered under the new producer id
                    }
                }
            }
            log.info("[{}] Producer id {} epoch {}", clientId, producerId, producerEpoch);
            return;
        }
        if (failure instanceof RetriableException || failure instanceof ApiException ae
                && ae.errorCode() != null && ae.errorCode().isRetriable()) {
            initAttempts++;
            initRetryAtMs = now + ExponentialBackoff.backoffMs(settings.retryBackoffMs(),
                    settings.retryBackoffMaxMs(), initAttempts);
            log.debug("[{}] InitProducerId failed ({}); retrying", clientId, failure.toString());
            metadata.requestUpdate();
        } else {
            log.error("[{}] InitProducerId failed fatally; the producer cannot send", clientId, failure);
            fatalError = failure instanceof SamsaException ? failure
                    : new SamsaException("InitProducerId failed: " + failure, failure);
        }
    }

    /**
     * Before queued batches are renumbered under a new producer id (or epoch): fails those an earlier attempt may
     * have written ({@link ProducerBatch#unknownOutcome}). The broker deduplicates a resend only under the producer
     * id, epoch and sequence it was written with; renumbered, it would be written twice.
     */
    private void failBatchesOfUnknownOutcome() {
        for (ProducerBatch b : accumulator.removeIf(b -> b.unknownOutcome != null)) {
            fail(b, new TimeoutException("Not retrying " + b.recordCount() + " record(s) for " + b.tp + ": an earlier "
                    + "attempt got no answer (" + b.unknownOutcome.getMessage() + ") and the producer has since "
                    + "taken a new producer id, under which the broker could not tell a resend from new records; "
                    + "they may have been written", b.unknownOutcome), false);
        }
    }

    private Node anyNode() {
        List<Node> nodes = new ArrayList<>(metadata.cluster().nodes());
        if (nodes.isEmpty()) {
            nodes = transport.bootstrapNodes();
        }
        return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
    }

    private void arm(long atMs, long now) {
        if (atMs == Long.MAX_VALUE || (timer != null && timerAtMs <= atMs)) {
            return;
        }
        cancelTimer();
        Object token = new Object();
        timerToken = token;
        timerAtMs = atMs;
        timer = time.schedule(Math.max(0, atMs - now), TimeUnit.MILLISECONDS, () -> {
            events.add(() -> {
                if (timerToken == token) {
                    timer = null;
                    timerToken = null;
                    timerAtMs = Long.MAX_VALUE;
                }
            });
            wakeup();
        });
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
            timerToken = null;
            timerAtMs = Long.MAX_VALUE;
        }
    }

    /** Sequence state of one partition under the current producer id. */
    private static final class PartitionSequences {
        /** The base sequence of the next batch drained for the first time. */
        int next;
        /** Batches with a sequence that are not acknowledged: in flight or put back to retry. */
        final TreeMap<Integer, ProducerBatch> inFlight = new TreeMap<>();
        /** Whether the leader acknowledged a batch of this producer id, so it holds state to order the next ones. */
        boolean established;

        int firstInFlight() {
            return inFlight.isEmpty() ? -1 : inFlight.firstKey();
        }
    }

    /** For tests: the current producer id, or -1. */
    long producerId() {
        return producerId;
    }
}
