package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.DisconnectException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdempotenceTest {
    private final FakeTransport transport = new FakeTransport().topic("t", 1);

    /** Requests the test left unanswered end, so that their batches' buffers are freed. */
    @AfterEach
    void endPendingRequests() {
        transport.endPending();
    }

    /** Producer id and base sequence of the single batch of a request, read before the producer releases it. */
    private static int[] state(ProduceRequest r) {
        RecordBatch b = RecordBatch.wrap(r.topicData().get(0).partitionData().get(0).records());
        return new int[] {(int) b.producerId(), b.baseSequence(), b.recordCount(), b.producerEpoch()};
    }

    private static List<String> values(FakeTransport transport) {
        return transport.log("t", 0).stream().map(FakeTransport.Stored::valueString).toList();
    }

    @Test
    void batchesCarryTheProducerIdAndConsecutiveSequences() {
        List<int[]> states = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            transport.onNextProduce(r -> {
                states.add(state(r));
                return null;
            });
        }
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        for (int i = 0; i < 4; i++) {
            producer.send(new ProducerRecord<>("t", "k", "v" + i)).join();
        }
        assertThat(transport.count(InitProducerIdRequest.class)).isEqualTo(1);
        assertThat(states).extracting(s -> s[0]).containsOnly(1000);
        assertThat(states).extracting(s -> s[1]).containsExactly(0, 1, 2, 3);
        assertThat(transport.log("t", 0)).extracting(FakeTransport.Stored::sequence).containsExactly(0, 1, 2, 3);
        producer.close(Duration.ZERO);
    }

    @Test
    void aLostResponseIsRetriedWithTheSameSequenceAndNotDuplicated() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        // The leader appends the batch, but the response is lost on the way back.
        transport.onNextProduce(r -> {
            transport.append(r);
            return new DisconnectException("connection lost with the request in flight");
        });
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "once"));
        assertThat(f).isNotDone();
        transport.time.advance(Duration.ofMillis(200));
        assertThat(f).isDone();
        assertThat(f.join().offset()).as("the duplicate is answered with the original offset").isZero();
        assertThat(values(transport)).containsExactly("once");
        producer.close(Duration.ZERO);
    }

    @Test
    void fiveInFlightWithAFailureInFrontStayInOrderWithoutDuplicates() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).batchSize(1).build();
        // The leader learns this producer id from a first acknowledged batch; only then does the producer pipeline.
        producer.send(new ProducerRecord<>("t", "k", "first")).join();
        transport.autoProduce = false;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(producer.send(new ProducerRecord<>("t", "k", "v" + i)));
        }
        // One batch per record (batch.size 1): five requests in flight to the leader, three batches wait.
        List<FakeTransport.Pending> pending = transport.pending();
        assertThat(pending).hasSize(5);
        assertThat(pending).extracting(p -> state(p.request())[1]).containsExactly(1, 2, 3, 4, 5);
        // The first fails retriably; the leader then rejects 2..5 as out of order (sequence 1 is missing).
        transport.takePending().future().complete(FakeTransport.errorResponse(pending.get(0).request(),
                ErrorCode.NOT_LEADER_OR_FOLLOWER));
        for (int i = 1; i < 5; i++) {
            FakeTransport.Pending p = transport.takePending();
            p.future().complete(transport.append(p.request()));
        }
        assertThat(transport.log("t", 0)).hasSize(1);
        transport.autoProduce = true;
        for (int i = 0; i < 500 && !futures.stream().allMatch(CompletableFuture::isDone); i++) {
            transport.time.advance(Duration.ofMillis(10));
        }
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(values(transport)).containsExactlyElementsOf(java.util.stream.Stream.concat(
                java.util.stream.Stream.of("first"), IntStream.range(0, 8).mapToObj(i -> "v" + i)).toList());
        assertThat(futures).extracting(f -> f.join().offset()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(transport.count(InitProducerIdRequest.class)).isEqualTo(1);
        producer.close(Duration.ZERO);
    }

    @Test
    void retriesAreSentOneAtATimeInSequenceOrder() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).batchSize(1).build();
        producer.send(new ProducerRecord<>("t", "k", "first")).join(); // the leader now knows the producer id
        transport.autoProduce = false;
        for (int i = 0; i < 3; i++) {
            producer.send(new ProducerRecord<>("t", "k", "v" + i));
        }
        List<FakeTransport.Pending> first = transport.pending();
        for (FakeTransport.Pending p : first) {
            transport.takePending().future().complete(FakeTransport.errorResponse(p.request(),
                    ErrorCode.NOT_ENOUGH_REPLICAS));
        }
        transport.time.advance(Duration.ofMillis(200));
        // Only the lowest unacknowledged sequence is resent until it is acknowledged.
        assertThat(transport.pending()).extracting(p -> state(p.request())[1]).containsExactly(1);
        FakeTransport.Pending p0 = transport.takePending();
        p0.future().complete(transport.append(p0.request()));
        transport.time.advance(Duration.ofMillis(200));
        assertThat(transport.pending()).extracting(p -> state(p.request())[1]).containsExactly(2);
        FakeTransport.Pending p1 = transport.takePending();
        p1.future().complete(transport.append(p1.request()));
        transport.time.advance(Duration.ofMillis(200));
        FakeTransport.Pending p2 = transport.takePending();
        assertThat(state(p2.request())[1]).isEqualTo(3);
        p2.future().complete(transport.append(p2.request()));
        assertThat(values(transport)).containsExactly("first", "v0", "v1", "v2");
        producer.close(Duration.ZERO);
    }

    @Test
    void untilTheFirstBatchIsAcknowledgedOnlyOneIsInFlightPerPartition() {
        // A broker accepts any first sequence from a producer id it has no state for: were batch 1 in flight beside
        // batch 0 and batch 0 failed, batch 1 could be appended first.
        transport.autoProduce = false;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).batchSize(1).build();
        for (int i = 0; i < 3; i++) {
            producer.send(new ProducerRecord<>("t", "k", "v" + i));
        }
        assertThat(transport.pending()).extracting(p -> state(p.request())[1]).containsExactly(0);
        FakeTransport.Pending p0 = transport.takePending();
        p0.future().complete(transport.append(p0.request()));
        transport.time.advance(Duration.ofMillis(10));
        assertThat(transport.pending()).extracting(p -> state(p.request())[1]).containsExactly(1, 2);
        producer.close(Duration.ZERO);
    }

    @Test
    void unknownProducerIdBumpsTheEpochAndResendsFromSequenceZero() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        producer.send(new ProducerRecord<>("t", "k", "a")).join();
        List<int[]> states = new ArrayList<>();
        transport.onNextProduce(r -> {
            states.add(state(r));
            return FakeTransport.errorResponse(r, ErrorCode.UNKNOWN_PRODUCER_ID);
        });
        transport.onNextProduce(r -> {
            states.add(state(r));
            return null;
        });
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "b"));
        transport.time.advance(Duration.ofSeconds(1));
        assertThat(f).isDone();
        assertThat(f.join().offset()).isEqualTo(1);
        // KIP-360: the same producer id under the next epoch, no second InitProducerId.
        assertThat(transport.count(InitProducerIdRequest.class)).isEqualTo(1);
        assertThat(states.get(0)).containsExactly(1000, 1, 1, 0);
        assertThat(states.get(1)).containsExactly(1000, 0, 1, 1);
        assertThat(values(transport)).containsExactly("a", "b");
        producer.close(Duration.ZERO);
    }

    @Test
    void outOfOrderSequenceForTheLowestBatchBumpsTheEpochAndResends() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        assertThat(producer.send(new ProducerRecord<>("t", "k", "a")).join().offset()).isZero();
        List<int[]> states = new ArrayList<>();
        transport.onNextProduce(r -> {
            states.add(state(r));
            return FakeTransport.errorResponse(r, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        });
        transport.onNextProduce(r -> {
            states.add(state(r));
            return null;
        });
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "b"));
        transport.time.advance(Duration.ofSeconds(1));
        assertThat(f.join().offset()).isEqualTo(1);
        assertThat(states.get(0)).containsExactly(1000, 1, 1, 0);
        assertThat(states.get(1)).containsExactly(1000, 0, 1, 1);
        // The producer goes on under the bumped epoch, from the sequence after the resent batch.
        assertThat(producer.send(new ProducerRecord<>("t", "k", "c")).join().offset()).isEqualTo(2);
        assertThat(transport.count(InitProducerIdRequest.class)).isEqualTo(1);
        assertThat(values(transport)).containsExactly("a", "b", "c");
        producer.close(Duration.ZERO);
    }

    @Test
    void initProducerIdRetriesRetriableErrorsAndFailsSendsOnFatalOnes() {
        transport.initProducerIdError = ErrorCode.COORDINATOR_NOT_AVAILABLE.code();
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "v"));
        transport.time.advance(Duration.ofMillis(500));
        assertThat(f).isNotDone();
        transport.initProducerIdError = null;
        transport.time.advance(Duration.ofSeconds(2));
        assertThat(f).isDone();
        assertThat(f.join().offset()).isZero();
        producer.close(Duration.ZERO);

        FakeTransport denied = new FakeTransport().topic("t", 1);
        denied.initProducerIdError = ErrorCode.CLUSTER_AUTHORIZATION_FAILED.code();
        Producer<String, String> p2 = builder(denied).linger(Duration.ZERO).build();
        CompletableFuture<RecordMetadata> f2 = p2.send(new ProducerRecord<>("t", "k", "v"));
        denied.time.advance(Duration.ofMillis(1));
        assertThat(f2).isCompletedExceptionally();
        assertThat(p2.send(new ProducerRecord<>("t", "k", "v"))).isCompletedExceptionally();
        p2.close(Duration.ZERO);
    }
}
