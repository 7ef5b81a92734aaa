package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An append that opens a batch while every broker has all its request slots taken does not wake the sender (no pass
 * could send it): these tests check that such a batch is never left behind: it goes when a response frees a slot,
 * at its linger time, at a flush or close, and at once to a broker with a free slot.
 */
class SenderWakeupTest {
    private final FakeTransport transport = new FakeTransport(1).topic("t", 1);

    /** Requests the test left unanswered end, so that their batches' buffers are freed. */
    @AfterEach
    void endPendingRequests() {
        transport.endPending();
    }

    /** A producer without idempotence, so that only the in-flight limit decides when a broker's slots are taken. */
    private static Producer<String, String> producer(FakeTransport transport, Duration linger, int maxInFlight) {
        return builder(transport).linger(linger).enableIdempotence(false)
                .maxInFlightRequestsPerConnection(maxInFlight).build();
    }

    private static Sender sender(Producer<String, String> producer) {
        return ((SamsaProducer<String, String>) producer).sender();
    }

    private List<String> stored() {
        return transport.log("t", 0).stream().map(FakeTransport.Stored::valueString).toList();
    }

    private void answer(FakeTransport.Pending p) {
        p.future().complete(transport.append(p.request()));
    }

    @Test
    void batchOpenedWhileEverySlotIsTakenIsSentWhenAResponseFreesOne() {
        transport.autoProduce = false;
        Producer<String, String> producer = producer(transport, Duration.ZERO, 2);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        futures.add(producer.send(new ProducerRecord<>("t", 0, "k", "v0")));
        futures.add(producer.send(new ProducerRecord<>("t", 0, "k", "v1")));
        assertThat(transport.pending()).hasSize(2);
        assertThat(sender(producer).slotsAllTaken()).isTrue();
        futures.add(producer.send(new ProducerRecord<>("t", 0, "k", "v2")));
        futures.add(producer.send(new ProducerRecord<>("t", 0, "k", "v3")));
        assertThat(transport.pending()).hasSize(2); // no slot: v2 and v3 wait in their batch
        answer(transport.takePending());
        // The response's pass sends the waiting batch in the freed slot.
        assertThat(transport.pending()).hasSize(2);
        answer(transport.takePending());
        answer(transport.takePending());
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(transport.log("t", 0)).extracting(FakeTransport.Stored::valueString)
                .containsExactly("v0", "v1", "v2", "v3");
        producer.close(Duration.ZERO);
    }

    @Test
    void lingeringBatchOpenedWhileEverySlotIsTakenIsSentAtItsLingerTime() {
        transport.autoProduce = false;
        Producer<String, String> producer = producer(transport, Duration.ofMillis(100), 1);
        CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord<>("t", 0, "k", "v0"));
        assertThat(transport.pending()).isEmpty();
        transport.time.advance(Duration.ofMillis(100));
        assertThat(transport.pending()).hasSize(1);
        assertThat(sender(producer).slotsAllTaken()).isTrue();
        CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord<>("t", 0, "k", "v1"));
        transport.time.advance(Duration.ofMillis(10));
        answer(transport.takePending()); // frees the slot; v1 has lingered 10 of its 100 ms
        assertThat(first).isCompleted();
        assertThat(transport.pending()).isEmpty();
        transport.time.advance(Duration.ofMillis(89));
        assertThat(transport.pending()).isEmpty();
        transport.time.advance(Duration.ofMillis(1)); // its linger time: the response's pass armed the timer
        assertThat(transport.pending()).hasSize(1);
        answer(transport.takePending());
        assertThat(second).isCompleted();
        assertThat(stored()).containsExactly("v0", "v1");
        producer.close(Duration.ZERO);
    }

    @Test
    void batchOpenedWhileEverySlotIsTakenAndPastItsLingerGoesWithTheResponsesPass() {
        transport.autoProduce = false;
        Producer<String, String> producer = producer(transport, Duration.ofMillis(100), 1);
        producer.send(new ProducerRecord<>("t", 0, "k", "v0"));
        transport.time.advance(Duration.ofMillis(100));
        assertThat(sender(producer).slotsAllTaken()).isTrue();
        CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord<>("t", 0, "k", "v1"));
        transport.time.advance(Duration.ofMillis(500)); // past v1's linger; the slot is still taken
        assertThat(transport.pending()).hasSize(1);
        answer(transport.takePending());
        assertThat(transport.pending()).hasSize(1);
        answer(transport.takePending());
        assertThat(second).isCompleted();
        assertThat(stored()).containsExactly("v0", "v1");
        producer.close(Duration.ZERO);
    }

    @Test
    void flushWithEverySlotTakenSendsTheWaitingBatchAndCompletes() throws Exception {
        transport.autoProduce = false;
        Producer<String, String> producer = producer(transport, Duration.ofHours(1), 1);
        CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord<>("t", 0, "k", "v0"));
        Thread firstFlush = new Thread(producer::flush);
        firstFlush.start();
        // The flag is set at the end of the flush's pass, on the flushing thread, after the request went out.
        ProducerTestSupport.awaitCondition(() -> sender(producer).slotsAllTaken(), "the flushed batch in flight");
        assertThat(transport.pending()).hasSize(1);
        CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord<>("t", 0, "k", "v1"));
        Thread secondFlush = new Thread(producer::flush);
        secondFlush.start();
        ProducerTestSupport.awaitCondition(() -> ProducerTestSupport.isWaiting(secondFlush), "second flush waiting");
        assertThat(transport.pending()).hasSize(1);
        answer(transport.takePending());
        firstFlush.join();
        assertThat(first).isCompleted();
        // No virtual time passes: the lingering batch goes because a flush is in progress.
        ProducerTestSupport.awaitCondition(() -> transport.pending().size() == 1, "the second batch in flight");
        answer(transport.takePending());
        secondFlush.join();
        assertThat(stored()).containsExactly("v0", "v1");
        assertThat(second).isCompleted();
        producer.close(Duration.ZERO);
    }

    @Test
    void closeWithEverySlotTakenSendsTheWaitingBatch() throws Exception {
        transport.autoProduce = false;
        Producer<String, String> producer = producer(transport, Duration.ZERO, 1);
        CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord<>("t", 0, "k", "v0"));
        assertThat(sender(producer).slotsAllTaken()).isTrue();
        CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord<>("t", 0, "k", "v1"));
        Thread closer = new Thread(() -> producer.close(Duration.ofSeconds(30)));
        closer.start();
        ProducerTestSupport.awaitCondition(() -> ProducerTestSupport.isWaiting(closer), "close waiting");
        answer(transport.takePending());
        ProducerTestSupport.awaitCondition(() -> transport.pending().size() == 1, "the second batch in flight");
        answer(transport.takePending());
        closer.join();
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(second.isCompletedExceptionally()).isFalse();
    }

    @Test
    void batchForABrokerWithAFreeSlotGoesAtOnceWhileAnotherBrokerIsFull() {
        FakeTransport two = new FakeTransport(2).topic("t", 2); // partition i led by broker i
        two.autoProduce = false;
        Producer<String, String> producer = producer(two, Duration.ZERO, 1);
        producer.send(new ProducerRecord<>("t", 0, "k", "v0"));
        assertThat(two.pending()).hasSize(1);
        assertThat(sender(producer).slotsAllTaken()).isFalse(); // broker 1 has a free slot
        producer.send(new ProducerRecord<>("t", 1, "k", "v1"));
        assertThat(two.pending()).extracting(p -> p.node().id()).containsExactly(0, 1);
        assertThat(sender(producer).slotsAllTaken()).isTrue();
        producer.send(new ProducerRecord<>("t", 0, "k", "v2"));
        assertThat(two.pending()).hasSize(2);
        FakeTransport.Pending toBroker0 = two.takePending();
        toBroker0.future().complete(two.append(toBroker0.request()));
        assertThat(two.pending()).extracting(p -> p.node().id()).containsExactly(1, 0);
        producer.close(Duration.ZERO);
        two.endPending(); // not the class's transport: its requests end here, freeing their batches' buffers
    }
}
