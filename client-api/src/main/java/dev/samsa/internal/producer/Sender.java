package dev.samsa.internal.producer;

import dev.samsa.common.Node;
import dev.samsa.common.TopicPartition;
import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.InvalidMetadataException;
import dev.samsa.errors.RecordTooLargeException;
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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * Transport responses and timer expiries are queued and processed by the loop. Whoever calls
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
 * OUT_OF_ORDER_SEQUENCE_NUMBER} for a batch behind a failed one is retried. {@code DUPLICATE_SEQUENCE_NUMBER} counts
 * as success. KIP-360: {@code UNKNOWN_PRODUCER_ID}, {@code OUT_OF_ORDER_SEQUENCE_NUMBER} for the lowest
 * unacknowledged batch, and any batch that fails for good after it got a sequence number (which leaves a gap) make
 * the producer bump its epoch once nothing is in flight, keeping its producer id, as Kafka's idempotent producer does;
 * sequences then restart at 0 and the batches put back get new ones. {@code INVALID_PRODUCER_EPOCH} (fenced), or the
 * last epoch, takes a fresh producer id instead. Either way, a batch an earlier attempt may have written (it got no
 * answer) is not renumbered: under the new epoch or producer id the broker could not recognise it as a duplicate, so
 * it fails with a {@code TimeoutException} saying its records may have been written, rather than risk writing them
 * twice. Sequences wrap from {@code Integer.MAX_VALUE} to 0 as Kafka's do;
 * batches are ordered by their unwrapped position. Without idempotence and with one request in flight, a partition is
 * muted while its batch is in flight, which keeps order.
 *
 * <h2>Batches too large for the broker</h2>
 * {@code MESSAGE_TOO_LARGE} for a batch of several records splits it in two halves that take its place in the queue
 * (and its sequence range), as Kafka's producer splits such batches; halves still too large are split again. A single
 * record the broker refuses fails with a {@link RecordTooLargeException} naming its size.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final short PRODUCE_MIN_VERSION = 3;
    /** Produce v13 addresses topics by id (KIP-516); v12 by name. */
    private static final short PRODUCE_MAX_VERSION_BY_NAME = 12;
    private static final short PRODUCE_MAX_VERSION_BY_ID = 13;
    /** Up to this many batches per request, {@link #answers} matches answers by a scan instead of a map. */
    private static final int LINEAR_MATCH_MAX_BATCHES = 16;

    private final ProducerSettings settings;
    private final Transport transport;
    private final Time time;
    /** Requests awaiting a response, oldest first, for {@code request.timeout.ms}; guarded by itself. */
    private final ArrayDeque<PendingRequest<?>> timeouts = new ArrayDeque<>();
    /** Whether a timer is armed for the oldest of {@link #timeouts}; guarded by {@link #timeouts}. */
    private boolean timeoutArmed;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final String clientId;

    private final AtomicInteger wip = new AtomicInteger();
    /**
     * Work for the loop from other threads, newest first, linked through {@link Event#next}: a stack that the loop
     * takes whole with one {@code getAndSet} and reverses. A {@code ConcurrentLinkedQueue} polled per pass put its
     * {@code poll} (a retry loop) into the loop's compiled code once per queue and once more where C2 peeled the
     * loop: most of the loop's bytecode, compiled for a queue that is empty on nearly every pass.
     */
    private final AtomicReference<Event> events = new AtomicReference<>();
    /**
     * Answered Produce requests, newest first, linked through {@link ProduceCall#nextAnswered} (no node per request),
     * taken whole by the loop like {@link #events}. A stack of their own rather than an event each, so the loop calls
     * {@link #onProduceResponse} directly instead of through a call site shared with timer and close events, which
     * C2 compiled for the types it had seen and recompiled the whole loop for each new one.
     */
    private final AtomicReference<ProduceCall> answered = new AtomicReference<>();
    private volatile Thread loopThread;
    private volatile RuntimeException fatalError;

    // Loop-owned state.
    /**
     * Produce requests in flight per broker id, as a mutable count per broker: a send or an answer looks its broker up
     * once and boxes nothing (a map of Integer counts took {@code merge} and {@code getOrDefault} per request, which C2
     * compiled late in a run for no gain).
     */
    private final Map<Integer, InFlightCount> inFlightPerNode = new HashMap<>();
    private int inFlightRequests;
    private final Set<TopicPartition> muted = new HashSet<>();
    /** The metadata snapshot {@link #slotsCounts} was made for. */
    private Cluster slotsCluster;
    /** The in-flight entries of {@link #slotsCluster}'s brokers, for {@link #allSlotsTaken}. */
    private InFlightCount[] slotsCounts = new InFlightCount[0];
    /** {@link #drain}'s list of the node's queues, the loop's own, cleared by each drain. */
    private final List<RecordAccumulator.PartitionQueue> drainQueues = new ArrayList<>();
    /** {@link RecordAccumulator#sendable}'s out parameter in {@link #drain}, which has no use for it. */
    private final long[] ignoredNextReady = new long[1];
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
    /**
     * KIP-360: the broker lost or refused this producer's sequence state for a partition (UNKNOWN_PRODUCER_ID,
     * OUT_OF_ORDER_SEQUENCE_NUMBER for the lowest unacknowledged batch, or a batch that failed for good after it got a
     * sequence): once nothing is in flight, the producer bumps its epoch and every partition starts again at
     * sequence 0, as Kafka's idempotent producer does (a broker takes sequence 0 under a higher epoch of a producer id
     * it knows). Only at epoch {@code Short.MAX_VALUE} does it ask for a fresh producer id.
     */
    private boolean epochBumpRequired;
    private boolean initInFlight;
    private int initAttempts;
    private long initRetryAtMs;
    private int drainIndex;
    private boolean forceClosed;
    /** Set by {@link #initiateClose} on the closing thread, read by the loop (not an event: see there). */
    private volatile CompletableFuture<Void> closeFuture;
    private Object timerToken;
    private Time.Timeout timer;
    private long timerAtMs = Long.MAX_VALUE;
    /** Told which ready leaders were sent a request, for {@code partitioner.availability.timeout.ms} (KIP-794). */
    private volatile StickyPartitioner partitioner;

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
        runPasses();
    }

    /**
     * Starts closing: pending batches are sent at once (the accumulator is closed).
     *
     * @return a future completed when no batch is pending
     */
    CompletableFuture<Void> initiateClose() {
        // Set here, not by an event on the loop: the event queue is empty while the loop is profiled, and C2 compiled
        // it as always empty, so an event at close deoptimised the sender loop just as it drained the last batches.
        CompletableFuture<Void> f = new CompletableFuture<>();
        closeFuture = f;
        wakeup();
        return f;
    }

    /** Fails every pending batch, queued or in flight, with {@code e}, and stops sending. */
    void forceClose(RuntimeException e) {
        submit(() -> {
            forceClosed = true;
            for (ProducerBatch b : accumulator.drainAll()) {
                fail(b, e, false);
            }
            for (ProducerBatch b : accumulator.incompleteBatches()) { // the rest are in flight
                fail(b, e, false);
            }
            cancelTimer();
            if (closeFuture != null) {
                closeFuture.complete(null);
            }
        });
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    /**
     * Runs sender passes on this thread until no wakeup came in meanwhile (the {@link #wip} count). The pass is written
     * out here rather than in a method of its own on purpose: its bytecode then stays above C2's inlining limit for hot
     * callees (FreqInlineSize, 325 bytes), so this is compiled once, as itself. A pass method just under that limit was
     * inlined into {@link #wakeup}, and through it into every caller of {@code wakeup} (the transport's response path,
     * the request timeout, the send path), each compiling its own copy of the whole pass (JIT logs).
     */
    private void runPasses() {
        Thread me = Thread.currentThread();
        int missed = 1;
        while (true) {
            loopThread = me;
            try {
                // Before anything is read: an append that still sees the flag set relies on this pass to find its
                // batch.
                if (accumulator.slotsAllTaken()) {
                    accumulator.slotsAllTaken(false);
                }
                // In the order they were answered: each connection's answers come in the order of its requests.
                ProduceCall call = answered.getAndSet(null);
                ProduceCall oldest = null;
                while (call != null) {
                    ProduceCall newer = oldest;
                    oldest = call;
                    call = call.nextAnswered;
                    oldest.nextAnswered = newer;
                }
                while (oldest != null) {
                    call = oldest;
                    oldest = call.nextAnswered;
                    call.nextAnswered = null;
                    try {
                        onProduceResponse(call);
                    } catch (Throwable t) { // the rest, off the stack already, must still be handled
                        log.error("[{}] Producer sender loop failed on a Produce response; continuing", clientId, t);
                    }
                }
                Event event = events.getAndSet(null);
                if (event != null) {
                    runEvents(event);
                }
                if (!forceClosed) {
                    long now = nowMs();
                    long next = expire(now);
                    // Read once for this pass: the readiness check, every drain, and the close's end.
                    boolean urgent = accumulator.urgent();
                    RuntimeException fatal = fatalError;
                    if (fatal != null) {
                        for (ProducerBatch b : accumulator.drainAll()) {
                            fail(b, fatal, false);
                        }
                    } else {
                        if (epochBumpRequired && !needsProducerId && inFlightRequests == 0) {
                            bumpEpoch();
                        }
                        if (needsProducerId) {
                            if (inFlightRequests == 0 && !initInFlight) {
                                if (now >= initRetryAtMs) {
                                    sendInitProducerId(now);
                                } else {
                                    next = Math.min(next, initRetryAtMs);
                                }
                            }
                        } else if (!epochBumpRequired) {
                            next = Math.min(next, sendProducerData(now, urgent));
                            if (allSlotsTaken()) {
                                accumulator.slotsAllTaken(true); // cleared above, at this pass's start
                            }
                        }
                    }
                    // In this order: a closed accumulator is urgent, a test C2 has seen true (threads wait for
                    // memory), and while threads wait for memory batches are incomplete; so only the close's last
                    // pass, with nothing left to send, meets a test the loop's compiled code has not seen. A test of
                    // closeFuture first deoptimised the loop as soon as the close began.
                    CompletableFuture<Void> closing;
                    if (urgent && !accumulator.hasIncomplete() && (closing = closeFuture) != null) {
                        closing.complete(null);
                    }
                    arm(next, now);
                }
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

    /** Runs {@code newest} and the events it links to, oldest first; one that throws does not stop the others. */
    private void runEvents(Event newest) {
        Event oldest = null;
        while (newest != null) {
            Event newer = oldest;
            oldest = newest;
            newest = newest.next;
            oldest.next = newer;
        }
        for (Event e = oldest; e != null; e = e.next) {
            try {
                e.action.run();
            } catch (Throwable t) {
                log.error("[{}] Producer sender event failed; continuing", clientId, t);
            }
        }
    }

    /** Queues {@code action} for the loop, and wakes it. */
    private void submit(Runnable action) {
        Event e = new Event(action);
        Event head;
        do {
            head = events.get();
            e.next = head;
        } while (!events.compareAndSet(head, e));
        wakeup();
    }

    /** An entry of {@link #events}. */
    private static final class Event {
        final Runnable action;
        /** The event queued before this one; written before this is published. */
        Event next;

        Event(Runnable action) {
            this.action = action;
        }
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
        // What is left is in flight (the accumulator tracks every batch until it completes, so no set of in-flight
        // batches is kept per send and response); an expired one's response is ignored when it comes.
        for (ProducerBatch b : accumulator.incompleteBatches()) {
            if (b.inFlight && !b.isDone() && now >= b.createdMs + timeout) {
                fail(b, expiredException(b, now), true);
            } else {
                next = Math.min(next, b.createdMs + timeout);
            }
        }
        expiryScanAtMs = Math.min(next, now + timeout);
        return next;
    }

    private TimeoutException expiredException(ProducerBatch b, long now) {
        return new TimeoutException("Expiring " + b.recordCount() + " record(s) for " + b.tp + ": " + (now - b.createdMs)
                + " ms has passed since batch creation (delivery.timeout.ms " + settings.deliveryTimeoutMs() + " ms"
                + (b.attempts > 0 ? ", " + b.attempts + " attempt(s)" : ", never sent") + ")");
    }

    /** Sets the partitioner to tell which ready leaders were sent a request; before the first send. */
    void partitioner(StickyPartitioner partitioner) {
        this.partitioner = partitioner;
    }

    /** Sends what is ready; returns when the next batch becomes ready (or Long.MAX_VALUE). */
    private long sendProducerData(long now, boolean urgent) {
        Cluster cluster = metadata.cluster();
        RecordAccumulator.ReadyCheck check = accumulator.ready(cluster, now, urgent, guaranteeOrder ? muted : null);
        if (!check.unknownLeaderTopics.isEmpty()) {
            requestUnknownLeaders(check.unknownLeaderTopics);
        }
        StickyPartitioner sticky = partitioner;
        List<Node> readyNodes = check.readyNodes;
        for (int n = 0; n < readyNodes.size(); n++) {
            Node node = readyNodes.get(n);
            boolean first = true;
            boolean drained = false;
            // Only this loop sends, and responses are handled between passes: the count changes only by our sends.
            InFlightCount count = inFlightCount(node);
            while (count.requests < settings.maxInFlight()) {
                List<ProducerBatch> batches = drain(node, check.queues, now, first, urgent);
                first = false;
                if (batches == null) {
                    break;
                }
                sendProduce(node, count, batches, cluster, now);
                drained = true;
            }
            if (sticky != null) {
                sticky.nodeReady(node.id(), now, drained);
            }
        }
        return check.nextCheckMs;
    }

    /**
     * Whether every known broker has {@code max.in.flight.requests.per.connection} requests in flight: then no batch
     * can be sent before a response is handled, whichever partition it is for (a leader is a known broker; a new
     * leader comes with new metadata, whose listener wakes the loop).
     */
    private boolean allSlotsTaken() {
        int max = settings.maxInFlight();
        Cluster cluster = metadata.cluster();
        if (cluster != slotsCluster) {
            slotsFor(cluster);
        }
        InFlightCount[] counts = slotsCounts;
        if (counts.length == 0 || inFlightRequests < (long) max * counts.length) {
            return false; // one test per pass while slots are free, without a lookup per broker
        }
        for (InFlightCount count : counts) {
            if (count.requests < max) {
                return false;
            }
        }
        return true;
    }

    /**
     * Points {@link #slotsCounts} at the in-flight entries of {@code cluster}'s brokers (once per metadata snapshot):
     * {@link #allSlotsTaken} then walks an array each pass, not the snapshot's broker map and a lookup per broker.
     */
    private void slotsFor(Cluster cluster) {
        Collection<Node> nodes = cluster.nodes();
        InFlightCount[] counts = new InFlightCount[nodes.size()];
        int i = 0;
        for (Node node : nodes) {
            counts[i++] = inFlightCount(node);
        }
        slotsCounts = counts;
        slotsCluster = cluster;
    }

    /** Topics may have been dropped as idle while their batches waited: asks for them again (as Kafka does). */
    private void requestUnknownLeaders(Set<String> topics) {
        for (String topic : topics) {
            metadata.touch(topic);
        }
        metadata.requestUpdate();
    }

    /**
     * Takes at most one batch per partition led by {@code node}, up to {@code max.request.size} bytes. On the first
     * drain of a ready node every partition's head batch rides along, lingering or not (as Kafka does: the request
     * goes anyway); later drains take only sendable batches.
     *
     * @param queues the queues of this pass's readiness check, with their leaders ({@code PartitionQueue.leader})
     * @return the batches taken, or null if none
     */
    private List<ProducerBatch> drain(Node node, RecordAccumulator.PartitionQueue[] queues, long now,
            boolean piggyback, boolean urgent) {
        // The queues themselves, not their partitions: looking each queue up again cost a hash of its partition.
        // The list is the loop's own, cleared per drain; the readiness check found each queue's leader.
        List<RecordAccumulator.PartitionQueue> partitions = drainQueues;
        partitions.clear();
        int nodeId = node.id();
        for (RecordAccumulator.PartitionQueue q : queues) {
            Node leader = q.leader;
            if (leader != null && leader.id() == nodeId) {
                partitions.add(q);
            }
        }
        if (partitions.isEmpty()) {
            return null;
        }
        List<ProducerBatch> out = null;
        int size = 0;
        int start = Math.floorMod(drainIndex++, partitions.size());
        for (int i = 0; i < partitions.size(); i++) {
            RecordAccumulator.PartitionQueue deque = partitions.get((start + i) % partitions.size());
            TopicPartition tp = deque.tp;
            if (guaranteeOrder && muted.contains(tp)) {
                continue;
            }
            ProducerBatch batch;
            PartitionSequences ps = null; // with idempotence: looked up once per batch taken
            synchronized (deque) {
                batch = deque.peekFirst();
                if (batch == null || (batch.attempts > 0 && now < batch.retryAtMs)) {
                    continue;
                }
                if (!piggyback && !accumulator.sendable(deque, now, urgent, ignoredNextReady)) {
                    continue;
                }
                if (out != null && size + batch.sizeInBytes() > settings.maxRequestSize()) {
                    break;
                }
                if (settings.idempotence()) {
                    ps = seq(tp);
                    if (batch.sequenceOrder >= 0 && ps.first() != batch) {
                        continue; // a retry waits until it is the lowest unacknowledged batch of its partition
                    }
                    if (batch.sequenceOrder < 0 && !ps.established && !ps.inFlight.isEmpty()) {
                        // A broker accepts any first sequence from a producer id it has no state for, so if the first
                        // batch failed (say NOT_LEADER_OR_FOLLOWER on a partition just created) a second one in
                        // flight could be appended ahead of it. Until the partition's first batch is acknowledged,
                        // one at a time.
                        continue;
                    }
                }
                deque.pollFirst();
            }
            float ratio;
            if (ps != null) {
                if (batch.sequenceOrder < 0) {
                    long first = ps.next;
                    ps.next = first + batch.recordCount();
                    batch.sequenceOrder = first;
                    ratio = batch.build(producerId, producerEpoch, sequenceAt(first));
                    ps.inFlight.put(first, batch);
                } else {
                    ratio = batch.build(producerId, producerEpoch, batch.baseSequence);
                }
            } else {
                ratio = batch.build(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                        RecordBatch.NO_SEQUENCE);
            }
            accumulator.updateCompressionRatio(ratio);
            size += batch.sizeInBytes();
            if (out == null) {
                out = new ArrayList<>(partitions.size());
            }
            out.add(batch);
            if (guaranteeOrder) {
                muted.add(tp);
            }
        }
        return out;
    }

    /**
     * The sequence number of a partition's {@code position}-th record under the current producer id and epoch:
     * sequences run from 0 to {@code Integer.MAX_VALUE} and then wrap to 0, as Kafka's do (the broker computes a
     * batch's last sequence the same way). Positions do not wrap, so batches keep their order across the wrap.
     */
    static int sequenceAt(long position) {
        return (int) (position & Integer.MAX_VALUE);
    }

    /** {@code node}'s entry in {@link #inFlightPerNode}, created if needed. */
    private InFlightCount inFlightCount(Node node) {
        InFlightCount count = inFlightPerNode.get(node.id());
        if (count == null) {
            count = new InFlightCount();
            inFlightPerNode.put(node.id(), count);
        }
        return count;
    }

    /** A broker's entry in {@link #inFlightPerNode}. */
    private static final class InFlightCount {
        int requests;
    }

    private PartitionSequences seq(TopicPartition tp) {
        return sequences.computeIfAbsent(tp, k -> new PartitionSequences());
    }

    /** @param count {@code node}'s entry in {@link #inFlightPerNode}, which the request's answer counts down */
    private void sendProduce(Node node, InFlightCount count, List<ProducerBatch> batches, Cluster cluster, long now) {
        inFlightRequests++;
        count.requests++;
        // Topics in order of first appearance; the previous batch's topic is checked first, as a request mostly
        // holds runs of one topic's partitions.
        RequestTopics topics = new RequestTopics();
        ProduceRequest.TopicProduceData topic = null;
        for (int i = 0; i < batches.size(); i++) {
            ProducerBatch b = batches.get(i);
            b.attempts++;
            b.lastAttemptMs = now;
            b.inFlight = true;
            String name = b.tp.topic();
            if (topic == null || !topic.name().equals(name)) {
                topic = topics.get(name, cluster);
            }
            topic.partitionData().add(new ProduceRequest.PartitionProduceData().setIndex(b.tp.partition())
                    .setRecords(b.records()));
        }
        List<ProduceRequest.TopicProduceData> topicData = topics.list;
        ProduceRequest request = new ProduceRequest().setAcks(settings.acks().wireValue())
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, settings.requestTimeoutMs()))
                .setTopicData(topicData);
        short maxVersion = topics.allIds ? PRODUCE_MAX_VERSION_BY_ID : PRODUCE_MAX_VERSION_BY_NAME;
        if (log.isTraceEnabled()) {
            log.trace("[{}] Sending Produce with {} batch(es) to {}", clientId, batches.size(), node);
        }
        ProduceCall call = new ProduceCall(node, count, batches, topicData);
        trackTimeout(call);
        try {
            // The call is the transport's listener itself: no future and completion stage per request.
            transport.send(node, request, PRODUCE_MIN_VERSION, maxVersion, call);
        } catch (RuntimeException e) {
            call.onComplete(null, e);
        }
    }

    /**
     * A Produce request in flight, which queues itself for the loop with its outcome once answered (by the transport
     * or by {@code request.timeout.ms}, whichever comes first).
     */
    private final class ProduceCall extends PendingRequest<ProduceResponse> {
        /** The broker's in-flight count, which the answer counts down (loop only). */
        final InFlightCount inFlight;
        final List<ProducerBatch> batches;
        final List<ProduceRequest.TopicProduceData> topics;
        /** The outcome, written before this is queued in {@link #answered}, which publishes it to the loop. */
        ProduceResponse response;
        Throwable error;
        /** The call answered before this one, in {@link #answered}; written before this is published. */
        ProduceCall nextAnswered;

        ProduceCall(Node node, InFlightCount inFlight, List<ProducerBatch> batches,
                List<ProduceRequest.TopicProduceData> topics) {
            super("Produce", node);
            this.inFlight = inFlight;
            this.batches = batches;
            this.topics = topics;
        }

        @Override
        void onAnswer(ProduceResponse response, Throwable error) {
            this.response = response;
            this.error = error;
            ProduceCall head;
            do {
                head = answered.get();
                nextAnswered = head;
            } while (!answered.compareAndSet(head, this));
            wakeup();
        }
    }

    /**
     * A Produce request's topics, in order of first appearance, looked up by name: by a scan while they are few (a
     * request mostly holds one topic), by a map once they are many. No map per request for the common case, and the
     * request's list is the request's topic data itself.
     */
    private static final class RequestTopics {
        /** Up to this many topics, {@link #get} scans the list instead of keeping a map. */
        private static final int LINEAR_LOOKUP_MAX_TOPICS = 8;

        final List<ProduceRequest.TopicProduceData> list = new ArrayList<>(2);
        /** Whether every topic has a topic id (KIP-516), so that Produce v13 may address them by id. */
        boolean allIds = true;
        private Map<String, ProduceRequest.TopicProduceData> byName;

        /** The topic's entry, added with its topic id (if known) on first use. */
        ProduceRequest.TopicProduceData get(String name, Cluster cluster) {
            ProduceRequest.TopicProduceData t = byName != null ? byName.get(name) : scan(name);
            if (t != null) {
                return t;
            }
            t = new ProduceRequest.TopicProduceData().setName(name);
            UUID id = cluster.topicId(name);
            if (id != null) {
                t.setTopicId(id);
            } else {
                allIds = false;
            }
            list.add(t);
            if (byName != null) {
                byName.put(name, t);
            } else if (list.size() > LINEAR_LOOKUP_MAX_TOPICS) {
                index();
            }
            return t;
        }

        private ProduceRequest.TopicProduceData scan(String name) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).name().equals(name)) {
                    return list.get(i);
                }
            }
            return null;
        }

        private void index() {
            byName = new HashMap<>();
            for (ProduceRequest.TopicProduceData t : list) {
                byName.put(t.name(), t);
            }
        }
    }

    private void onProduceResponse(ProduceCall call) {
        Node node = call.node;
        List<ProducerBatch> batches = call.batches;
        ProduceResponse response = call.response;
        Throwable error = call.error;
        inFlightRequests--;
        call.inFlight.requests--; // counted by sendProduce
        long now = nowMs();
        ProduceResponse.PartitionProduceResponse[] answers = response == null ? null
                : answers(batches, call.topics, response);
        RuntimeException failure = error == null ? null : Waits.unwrap(error);
        for (int i = 0; i < batches.size(); i++) {
            ProducerBatch b = batches.get(i);
            if (guaranteeOrder) {
                muted.remove(b.tp);
            }
            try {
                if (failure != null) {
                    onError(b, failure, null, now);
                } else if (settings.acks() == Acks.NONE || response == null) {
                    succeed(b, -1, -1);
                } else {
                    ProduceResponse.PartitionProduceResponse p = answers[i];
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

    /**
     * The response's answer for each batch of the request, by the batch's index in {@code batches} (null where the
     * response has none; if it answers a partition twice, the last answer counts). A broker answers in an order of its
     * own, so each answer is looked up among the request's few batches by partition index, then topic name, without
     * a map or a {@link TopicPartition} per answer; a request of many batches uses a map.
     *
     * @param topics the request's topics, which name the response's topics given by topic id (Produce v13)
     */
    private static ProduceResponse.PartitionProduceResponse[] answers(List<ProducerBatch> batches,
            List<ProduceRequest.TopicProduceData> topics, ProduceResponse response) {
        int n = batches.size();
        ProduceResponse.PartitionProduceResponse[] out = new ProduceResponse.PartitionProduceResponse[n];
        if (n <= LINEAR_MATCH_MAX_BATCHES) {
            for (ProduceResponse.TopicProduceResponse t : response.responses()) {
                String name = topicName(t, topics);
                if (name == null) {
                    continue;
                }
                for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                    for (int i = 0; i < n; i++) {
                        TopicPartition tp = batches.get(i).tp;
                        if (tp.partition() == p.index() && name.equals(tp.topic())) {
                            out[i] = p;
                            break;
                        }
                    }
                }
            }
            return out;
        }
        return answersByMap(batches, topics, response, out);
    }

    private static ProduceResponse.PartitionProduceResponse[] answersByMap(List<ProducerBatch> batches,
            List<ProduceRequest.TopicProduceData> topics, ProduceResponse response,
            ProduceResponse.PartitionProduceResponse[] out) {
        Map<UUID, String> names = new HashMap<>();
        for (ProduceRequest.TopicProduceData t : topics) {
            names.put(t.topicId(), t.name());
        }
        Map<TopicPartition, ProduceResponse.PartitionProduceResponse> byPartition = new HashMap<>();
        for (ProduceResponse.TopicProduceResponse t : response.responses()) {
            String name = t.name() != null && !t.name().isEmpty() ? t.name() : names.get(t.topicId());
            if (name == null) {
                continue;
            }
            for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                byPartition.put(new TopicPartition(name, p.index()), p);
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = byPartition.get(batches.get(i).tp);
        }
        return out;
    }

    /**
     * A response topic's name: by name up to Produce v12, by topic id (KIP-516) from v13, found among the request's
     * few topics (at most as many as its batches); null if unknown.
     */
    private static String topicName(ProduceResponse.TopicProduceResponse t,
            List<ProduceRequest.TopicProduceData> topics) {
        if (t.name() != null && !t.name().isEmpty()) {
            return t.name();
        }
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i).topicId().equals(t.topicId())) {
                return topics.get(i).name();
            }
        }
        return null;
    }

    private void succeed(ProducerBatch b, long baseOffset, long logAppendTime) {
        if (settings.idempotence() && b.baseSequence >= 0) {
            PartitionSequences ps = seq(b.tp);
            ps.inFlight.remove(b.sequenceOrder, b);
            ps.established = true;
        }
        b.complete(baseOffset, logAppendTime);
        accumulator.completed(b);
    }

    private void onError(ProducerBatch b, RuntimeException e, ErrorCode code, long now) {
        if (b.isDone()) { // expired or force-failed while in flight
            if (settings.idempotence() && b.sequenceOrder >= 0) {
                seq(b.tp).inFlight.remove(b.sequenceOrder, b);
            }
            return;
        }
        if (code == ErrorCode.MESSAGE_TOO_LARGE) {
            if (b.recordCount() > 1) {
                splitAndRequeue(b, e);
            } else {
                fail(b, new RecordTooLargeException("The record sent to " + b.tp + " is " + b.sizeInBytes()
                        + " bytes in a batch of its own, more than the broker accepts (the topic's max.message.bytes "
                        + "or the broker's message.max.bytes): " + e.getMessage(), e), true);
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
                    if (seq(b.tp).first() == b && b.producerEpoch == producerEpoch && b.producerId == producerId) {
                        // The lowest unacknowledged batch: the broker's state has a gap. KIP-360: bump the epoch,
                        // restart the sequences at 0 and resend (Kafka's idempotent producer does the same).
                        log.warn("[{}] {}: OUT_OF_ORDER_SEQUENCE_NUMBER for the lowest unacknowledged batch; bumping "
                                + "the producer epoch", clientId, b);
                        epochBumpRequired = true;
                    }
                    retriable = true; // behind a batch that failed: resend in order
                }
                case UNKNOWN_PRODUCER_ID -> {
                    // The broker lost our producer state (e.g. retention removed the producer's last batch).
                    if (b.producerEpoch == producerEpoch && b.producerId == producerId) {
                        epochBumpRequired = true;
                    }
                    retriable = true;
                }
                case INVALID_PRODUCER_EPOCH -> {
                    // Fenced by a newer epoch of our producer id: take a fresh producer id and resend.
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
     * MESSAGE_TOO_LARGE for a batch of several records: send its two halves instead (as Kafka's producer splits such a
     * batch), in its place in the queue. With idempotence the halves take over the batch's sequence range, so the
     * sequences behind it stay valid.
     */
    private void splitAndRequeue(ProducerBatch b, RuntimeException e) {
        List<ProducerBatch> halves = b.split();
        log.debug("[{}] Splitting {} into batches of {} and {} records after {}", clientId, b,
                halves.get(0).recordCount(), halves.get(1).recordCount(), e.toString());
        if (settings.idempotence() && b.sequenceOrder >= 0) {
            PartitionSequences ps = seq(b.tp);
            ps.inFlight.remove(b.sequenceOrder, b);
            long position = b.sequenceOrder;
            for (ProducerBatch h : halves) {
                h.sequenceOrder = position;
                h.baseSequence = sequenceAt(position);
                ps.inFlight.put(position, h);
                position += h.recordCount();
            }
        }
        accumulator.completed(b);
        for (int i = halves.size() - 1; i >= 0; i--) {
            accumulator.track(halves.get(i));
            accumulator.reenqueue(halves.get(i)); // last half first: without sequences both go to the front
        }
    }

    /**
     * Fails a batch for good.
     *
     * @param resetIfSequenced with idempotence, whether a sequence gap left behind requires a fresh producer id
     */
    private void fail(ProducerBatch b, RuntimeException e, boolean resetIfSequenced) {
        if (settings.idempotence() && b.sequenceOrder >= 0) {
            seq(b.tp).inFlight.remove(b.sequenceOrder, b);
            if (resetIfSequenced && !b.isDone()) {
                epochBumpRequired = true; // the sequences behind it would leave a gap: restart them (KIP-360)
            }
        }
        if (b.fail(e)) {
            log.debug("[{}] {} failed: {}", clientId, b, e.toString());
        }
        accumulator.completed(b);
    }

    /**
     * Queues a request for its {@code request.timeout.ms} deadline, on this producer's own clock, whatever the
     * transport does: a response that never comes (a broker that stalls, a mock that drops it) becomes a retriable
     * {@link RequestTimeoutException}, and the batch is retried within {@code delivery.timeout.ms}. A late response
     * is ignored; an idempotent resend is deduplicated by the broker. Whichever of the answer and the timeout comes
     * first answers the {@link PendingRequest}. Called before the request is sent, so that {@code pending}, not
     * answered yet, ends the scan for answered requests at the queue's front: a scan that could empty the queue (all
     * answered, the new one too when its response came first) had an exit that C2 compiled as never taken in some
     * runs, and recompiled the sender when it was.
     *
     * <p>All requests share that timeout, so deadlines come in send order: one timer armed for the oldest
     * outstanding deadline serves them all, instead of a timer scheduled and cancelled per request (the cancel alone
     * took 8% of the event loop's CPU at high rates).
     */
    private void trackTimeout(PendingRequest<?> pending) {
        long delay;
        synchronized (timeouts) {
            long now = nowMs();
            pending.deadlineMs = now + settings.requestTimeoutMs();
            timeouts.addLast(pending);
            // Not sent yet, pending is not answered (only this method's caller sends it, and the timer takes this
            // lock), so the scan stops at it at the latest: its only exit is an unanswered request.
            while (timeouts.peekFirst().isAnswered()) {
                timeouts.pollFirst();
            }
            if (timeoutArmed) {
                return;
            }
            timeoutArmed = true;
            delay = timeouts.peekFirst().deadlineMs - now;
        }
        time.schedule(Math.max(0, delay), TimeUnit.MILLISECONDS, this::expireTimeouts);
    }

    /** Fails the requests past their deadline and arms the timer for the next outstanding one. */
    private void expireTimeouts() {
        List<PendingRequest<?>> expired = new ArrayList<>();
        long delay;
        synchronized (timeouts) {
            long now = nowMs();
            PendingRequest<?> head;
            while ((head = timeouts.peekFirst()) != null && (head.isAnswered() || head.deadlineMs <= now)) {
                timeouts.pollFirst();
                if (!head.isAnswered()) {
                    expired.add(head);
                }
            }
            if (head == null) {
                timeoutArmed = false;
                delay = -1;
            } else {
                delay = Math.max(1, head.deadlineMs - now);
            }
        }
        if (delay > 0) {
            time.schedule(delay, TimeUnit.MILLISECONDS, this::expireTimeouts);
        }
        for (PendingRequest<?> p : expired) {
            p.onComplete(null, new RequestTimeoutException(p.api + " to " + p.node
                    + " got no response within request.timeout.ms=" + settings.requestTimeoutMs()));
        }
    }

    /**
     * A request awaiting its response, for {@link #trackTimeout}: the transport's listener and the timeout's target;
     * the first of the two to call {@link #onComplete} runs {@link #onAnswer}, exactly once.
     */
    private abstract static class PendingRequest<R> implements Transport.ResponseListener<R> {
        private static final VarHandle ANSWERED;

        static {
            try {
                ANSWERED = MethodHandles.lookup().findVarHandle(PendingRequest.class, "done", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Whether the answer or the timeout came; set once. */
        private volatile boolean done;
        final String api;
        final Node node;
        /** Send time plus {@code request.timeout.ms}, on the producer's monotonic clock; guarded by the queue. */
        long deadlineMs;

        PendingRequest(String api, Node node) {
            this.api = api;
            this.node = node;
        }

        boolean isAnswered() {
            return done;
        }

        /** Runs {@link #onAnswer} with the outcome, unless the other of answer and timeout came first. */
        @Override
        public final void onComplete(R response, Throwable error) {
            if (ANSWERED.compareAndSet(this, false, true)) {
                onAnswer(response, error);
            }
        }

        /** The request's outcome: a response, or why there is none (the transport's error or the timeout). */
        abstract void onAnswer(R response, Throwable error);
    }

    private void sendInitProducerId(long now) {
        Node node = anyNode();
        initInFlight = true;
        InitProducerIdRequest request = new InitProducerIdRequest().setTransactionalId(null)
                .setTransactionTimeoutMs(60_000).setProducerId(-1L).setProducerEpoch((short) -1);
        log.debug("[{}] Requesting a producer id from {}", clientId, node);
        PendingRequest<InitProducerIdResponse> pending = new PendingRequest<>("InitProducerId", node) {
            @Override
            void onAnswer(InitProducerIdResponse response, Throwable error) {
                submit(() -> onInitProducerId(node, response, error));
            }
        };
        trackTimeout(pending);
        try {
            transport.send(node, request).whenComplete(pending::onComplete);
        } catch (RuntimeException e) {
            pending.onComplete(null, e);
        }
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
            epochBumpRequired = false;
            initAttempts = 0;
            resetSequences();
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
     * KIP-360 for an idempotent producer: the same producer id with the next epoch, every partition's sequences
     * restarting at 0. Called with nothing in flight, so every unacknowledged batch is queued and gets renumbered. At
     * the last epoch, a fresh producer id instead (as Kafka's client does).
     */
    private void bumpEpoch() {
        epochBumpRequired = false;
        if (producerEpoch == Short.MAX_VALUE || producerId < 0) {
            needsProducerId = true;
            return;
        }
        producerEpoch++;
        resetSequences();
        log.info("[{}] Bumped the epoch of producer id {} to {}; sequences restart at 0", clientId, producerId,
                producerEpoch);
    }

    /**
     * Forgets every partition's sequences; queued batches get new ones when next drained, except those of unknown
     * outcome, which fail first.
     */
    private void resetSequences() {
        failBatchesOfUnknownOutcome();
        sequences.clear();
        for (Deque<ProducerBatch> deque : accumulator.queues().values()) {
            synchronized (deque) {
                for (ProducerBatch b : deque) {
                    b.baseSequence = RecordBatch.NO_SEQUENCE;
                    b.sequenceOrder = -1;
                }
            }
        }
    }

    /** For tests: makes {@code tp}'s next new batch start at {@code sequence} (to cross the wrap quickly). */
    void startSequencesAt(TopicPartition tp, int sequence) {
        submit(() -> seq(tp).next = sequence);
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
                    + "taken a new producer id or epoch, under which the broker could not tell a resend from new records; "
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
            submit(() -> {
                if (timerToken == token) {
                    timer = null;
                    timerToken = null;
                    timerAtMs = Long.MAX_VALUE;
                }
            });
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
        /** The position (unwrapped sequence, see {@link #sequenceAt}) of the next batch drained for the first time. */
        long next;
        /** Batches with a sequence that are not acknowledged, in flight or put back to retry, by position. */
        final TreeMap<Long, ProducerBatch> inFlight = new TreeMap<>();
        /** Whether the leader acknowledged a batch of this producer id, so it holds state to order the next ones. */
        boolean established;

        /** The lowest unacknowledged batch, or null. */
        ProducerBatch first() {
            return inFlight.isEmpty() ? null : inFlight.firstEntry().getValue();
        }
    }

    /** For tests: whether the last pass left every broker's request slots taken (appends then skip the wakeup). */
    boolean slotsAllTaken() {
        return accumulator.slotsAllTaken();
    }

    /** For tests: the current producer id, or -1. */
    long producerId() {
        return producerId;
    }
}
