package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.NotLeaderOrFollowerException;
import dev.samsa.errors.RecordTooLargeException;
import dev.samsa.errors.SerializationException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.errors.TopicAuthorizationException;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import dev.samsa.serde.Serializer;
import dev.samsa.serde.Serializers;
import dev.samsa.transport.RequestTimeoutException;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProducerFailureTest {
    private final FakeTransport transport = new FakeTransport(2).topic("orders", 4);

    /** Requests the test left unanswered end, so that their batches' buffers are freed. */
    @AfterEach
    void endPendingRequests() {
        transport.endPending();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        return f.handle((v, e) -> e instanceof java.util.concurrent.CompletionException ? e.getCause() : e).join();
    }

    @Test
    void serializerFailureFailsThatSendOnlyNamingTheTopic() {
        Serializer<String> picky = (topic, data) -> {
            if (data.startsWith("bad")) {
                throw new IllegalArgumentException("no bad values");
            }
            return data.getBytes();
        };
        Producer<String, String> producer = Producer.builder(Serializers.forString(), picky).transport(transport)
                .linger(Duration.ZERO).build();
        AtomicReference<Exception> callback = new AtomicReference<>();
        CompletableFuture<RecordMetadata> bad = producer.send(new ProducerRecord<>("orders", "k", "bad-1"),
                (md, e) -> callback.set(e));
        assertThat(failure(bad)).isInstanceOf(SerializationException.class).hasMessageContaining("'orders'")
                .hasMessageContaining("value").hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(callback.get()).isSameAs(failure(bad));
        assertThat(producer.send(new ProducerRecord<>("orders", "k", "good")).join().offset()).isZero();
        producer.close(Duration.ZERO);
    }

    @Test
    void recordOverMaxRequestSizeFailsNamingSizeAndLimit() {
        Producer<String, String> producer = builder(transport).maxRequestSize(1000).build();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", "k", "x".repeat(1000)));
        assertThat(failure(f)).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size")
                .hasMessageContaining("(1000 bytes)").hasMessageMatching(".* is 10\\d\\d bytes .*");
        Producer<String, String> small = builder(transport).bufferMemory(500).build();
        assertThat(failure(small.send(new ProducerRecord<>("orders", "k", "x".repeat(600)))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("buffer.memory (500 bytes)");
        producer.close(Duration.ZERO);
        small.close(Duration.ZERO);
    }

    @Test
    void invalidExplicitPartitionFails() {
        Producer<String, String> producer = builder(transport).maxBlock(Duration.ZERO).build();
        assertThat(failure(producer.send(new ProducerRecord<>("orders", 9, "k", "v"))))
                .hasMessageContaining("Partition 9").hasMessageContaining("'orders'");
        producer.close(Duration.ZERO);
    }

    @Test
    void unknownTopicFailsAfterMaxBlockNamingTheTopic() {
        Producer<String, String> producer = builder(transport).maxBlock(Duration.ZERO).build();
        assertThat(failure(producer.send(new ProducerRecord<>("nope", "k", "v")))).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("max.block.ms");
        producer.close(Duration.ZERO);
    }

    @Test
    void sendWaitsForATopicBeingCreatedOnTheVirtualClock() throws Exception {
        transport.autoCreateTopics = true;
        transport.autoCreatePartitions = 3;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO)
                .maxBlock(Duration.ofSeconds(10)).build();
        AtomicReference<CompletableFuture<RecordMetadata>> result = new AtomicReference<>();
        Thread sender = new Thread(() -> result.set(producer.send(new ProducerRecord<>("fresh", "k", "v"))));
        sender.start();
        ProducerTestSupport.awaitCondition(() -> ProducerTestSupport.isWaiting(sender)
                && transport.count(MetadataRequest.class) >= 1, "send blocked on metadata");
        // The first answer said LEADER_NOT_AVAILABLE; the retry goes out after retry.backoff.ms.
        transport.time.advance(Duration.ofMillis(200));
        sender.join();
        assertThat(result.get().join().topic()).isEqualTo("fresh");
        assertThat(transport.count(MetadataRequest.class)).isGreaterThanOrEqualTo(2);
        producer.close(Duration.ZERO);
    }

    @Test
    void blockedSendTimesOutWhenTheVirtualClockPassesMaxBlock() throws Exception {
        Producer<String, String> producer = builder(transport).maxBlock(Duration.ofSeconds(3)).build();
        AtomicReference<CompletableFuture<RecordMetadata>> result = new AtomicReference<>();
        Thread sender = new Thread(() -> result.set(producer.send(new ProducerRecord<>("missing", "k", "v"))));
        sender.start();
        ProducerTestSupport.awaitCondition(() -> ProducerTestSupport.isWaiting(sender), "send blocked on metadata");
        transport.time.advance(Duration.ofSeconds(3));
        sender.join();
        assertThat(failure(result.get())).isInstanceOf(TimeoutException.class).hasMessageContaining("'missing'")
                .hasMessageContaining("3000 ms");
        producer.close(Duration.ZERO);
    }

    @Test
    void fatalTopicErrorFailsTheSend() {
        transport.topicError("secret", ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        Producer<String, String> producer = builder(transport).build();
        assertThat(failure(producer.send(new ProducerRecord<>("secret", "k", "v"))))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("secret");
        producer.close(Duration.ZERO);
    }

    @Test
    void retriableErrorsAreRetriedAfterMetadataRefreshWithGrowingJitteredBackoff() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO)
                .retryBackoff(Duration.ofMillis(100)).retryBackoffMax(Duration.ofMillis(1000)).build();
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            transport.onNextProduce(r -> {
                sentAt.add(transport.time.milliseconds());
                return FakeTransport.errorResponse(r, ErrorCode.NOT_LEADER_OR_FOLLOWER);
            });
        }
        transport.onNextProduce(r -> {
            sentAt.add(transport.time.milliseconds());
            return null; // then the leader accepts
        });
        long metadataBefore = transport.count(MetadataRequest.class);
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        long metadataAfterSend = transport.count(MetadataRequest.class);
        for (int i = 0; i < 1000 && !f.isDone(); i++) {
            transport.time.advance(Duration.ofMillis(10));
        }
        assertThat(f).isDone();
        assertThat(f.join().offset()).isZero();
        assertThat(transport.log("orders", 0)).hasSize(1);
        assertThat(sentAt).hasSize(7);
        // Waits before retry n: 100 * 2^(n-1) ms capped at 1000, +/-20% jitter (KIP-580); 10 ms clock steps.
        long[] expected = {100, 200, 400, 800, 1000, 1000};
        for (int n = 0; n < expected.length; n++) {
            long gap = sentAt.get(n + 1) - sentAt.get(n);
            assertThat(gap).as("wait before retry %d", n + 1).isBetween((long) (expected[n] * 0.8),
                    Math.min(expected[n] * 12 / 10, 1000) + 10);
        }
        assertThat(transport.count(MetadataRequest.class)).as("leader errors refresh metadata")
                .isGreaterThan(metadataAfterSend);
        assertThat(metadataAfterSend).isGreaterThan(metadataBefore - 1);
        producer.close(Duration.ZERO);
    }

    @Test
    void aRetriedBatchCarriesTheSameRecordBytesOnEveryAttempt() {
        Producer<String, String> producer = builder(transport).enableIdempotence(false).linger(Duration.ZERO)
                .retryBackoff(Duration.ofMillis(10)).build();
        List<String> sentRecords = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            transport.onNextProduce(r -> {
                sentRecords.add(ByteBufUtil.hexDump(r.topicData().get(0).partitionData().get(0).records()));
                return FakeTransport.errorResponse(r, ErrorCode.NOT_LEADER_OR_FOLLOWER);
            });
        }
        transport.onNextProduce(r -> {
            sentRecords.add(ByteBufUtil.hexDump(r.topicData().get(0).partitionData().get(0).records()));
            return null; // accepted
        });
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        for (int i = 0; i < 1000 && !f.isDone(); i++) {
            transport.time.advance(Duration.ofMillis(10));
        }
        assertThat(f.join().offset()).isZero();
        // The batch's own buffer goes into every request: nothing on the way consumed it.
        assertThat(sentRecords).hasSize(3).doesNotContain("").containsOnly(sentRecords.get(0));
        assertThat(transport.log("orders", 0)).extracting(FakeTransport.Stored::valueString).containsExactly("v");
        producer.close(Duration.ZERO);
    }

    @Test
    void retriesAreBoundedByTheRetriesSetting() {
        Producer<String, String> producer = builder(transport).enableIdempotence(false).retries(2)
                .linger(Duration.ZERO).build();
        for (int i = 0; i < 5; i++) {
            transport.onNextProduce(r -> FakeTransport.errorResponse(r, ErrorCode.NOT_LEADER_OR_FOLLOWER));
        }
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        transport.time.advance(Duration.ofSeconds(5));
        assertThat(failure(f)).isInstanceOf(NotLeaderOrFollowerException.class).hasMessageContaining("orders-0");
        assertThat(transport.count(ProduceRequest.class)).isEqualTo(3);
        producer.close(Duration.ZERO); // frees the batch buffers it keeps for reuse
    }

    @Test
    void fatalBrokerErrorsAreNotRetried() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        transport.onNextProduce(r -> FakeTransport.errorResponse(r, ErrorCode.MESSAGE_TOO_LARGE));
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 1, "k", "v"));
        assertThat(failure(f)).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("orders-1");
        assertThat(transport.count(ProduceRequest.class)).isEqualTo(1);
        // The producer goes on (with a fresh producer id, since the failed batch left a sequence gap).
        assertThat(producer.send(new ProducerRecord<>("orders", 1, "k", "v2")).join().offset()).isZero();
        producer.close(Duration.ZERO);
    }

    @Test
    void answersAreMatchedToTheirBatchesInAnyOrderAndAMissingAnswerIsRetried() {
        answersMatchedInAnyOrder(3); // 5 batches in the request: matched by a scan
    }

    @Test
    void answersToARequestOfManyBatchesAreMatchedInAnyOrder() {
        answersMatchedInAnyOrder(20); // 22 batches: matched through a map
    }

    /**
     * One request carries a batch for each of {@code ordersPartitions} partitions of "orders" and 2 of "audit"; the
     * answer lists topics and partitions in reverse order and leaves orders-1 out.
     */
    private static void answersMatchedInAnyOrder(int ordersPartitions) {
        FakeTransport one = new FakeTransport(1).topic("orders", ordersPartitions).topic("audit", 2);
        Producer<String, String> producer = builder(one).linger(Duration.ofSeconds(1)).build();
        List<ProduceRequest> seen = new ArrayList<>();
        one.onNextProduce(r -> {
            seen.add(r);
            // Base offset 100 * (p + 1), plus 1000 for audit.
            ProduceResponse response = new ProduceResponse();
            for (int i = r.topicData().size() - 1; i >= 0; i--) {
                ProduceRequest.TopicProduceData t = r.topicData().get(i);
                ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse().setName(t.name());
                for (int j = t.partitionData().size() - 1; j >= 0; j--) {
                    ProduceRequest.PartitionProduceData d = t.partitionData().get(j);
                    if (!(t.name().equals("orders") && d.index() == 1)) {
                        tr.partitionResponses().add(new ProduceResponse.PartitionProduceResponse().setIndex(d.index())
                                .setBaseOffset(100L * (d.index() + 1) + (t.name().equals("audit") ? 1000 : 0)));
                    }
                }
                response.responses().add(tr);
            }
            return response;
        });
        List<CompletableFuture<RecordMetadata>> orders = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> audit = new ArrayList<>();
        for (int p = 0; p < ordersPartitions; p++) {
            orders.add(producer.send(new ProducerRecord<>("orders", p, "k", "o" + p)));
            if (p < 2) {
                audit.add(producer.send(new ProducerRecord<>("audit", p, "k", "a" + p)));
            }
        }
        one.time.advance(Duration.ofSeconds(1));
        assertThat(seen).hasSize(1);
        assertThat(FakeTransport.batches(seen.get(0))).isEqualTo(ordersPartitions + 2);
        for (int p = 0; p < ordersPartitions; p++) {
            if (p != 1) {
                assertThat(orders.get(p).join().offset()).as("orders-%d", p).isEqualTo(100L * (p + 1));
            }
        }
        assertThat(audit.get(0).join().offset()).isEqualTo(1100);
        assertThat(audit.get(1).join().offset()).isEqualTo(1200);
        assertThat(orders.get(1)).isNotDone(); // no answer: retried after its backoff
        for (int i = 0; i < 100 && !orders.get(1).isDone(); i++) {
            one.time.advance(Duration.ofMillis(100));
        }
        assertThat(orders.get(1).join().offset()).isZero();
        assertThat(one.log("orders", 1)).hasSize(1);
        producer.close(Duration.ZERO);
    }

    @Test
    void transportFailuresAreRetried() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        transport.onNextProduce(r -> new RequestTimeoutException("no answer within request.timeout.ms"));
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 2, "k", "v"));
        assertThat(f).isNotDone();
        transport.time.advance(Duration.ofMillis(200));
        assertThat(f).isDone();
        assertThat(f.join().offset()).isZero();
        producer.close(Duration.ZERO);
    }

    @Test
    void eachUnansweredRequestTimesOutAtItsOwnRequestTimeout() {
        transport.autoProduce = false;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(30)).deliveryTimeout(Duration.ofMinutes(10)).build();
        producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        assertThat(transport.count(ProduceRequest.class)).isEqualTo(1);
        transport.time.advance(Duration.ofSeconds(10));
        producer.send(new ProducerRecord<>("orders", 1, "k", "v"));
        assertThat(transport.count(ProduceRequest.class)).isEqualTo(2);
        transport.time.advance(Duration.ofMillis(19_999));
        assertThat(transport.count(ProduceRequest.class)).as("before the first deadline").isEqualTo(2);
        transport.time.advance(Duration.ofSeconds(1)); // past the first request's deadline and its retry backoff
        assertThat(transport.count(ProduceRequest.class)).as("the first batch resent").isEqualTo(3);
        transport.time.advance(Duration.ofMillis(8_999));
        assertThat(transport.count(ProduceRequest.class)).as("before the second deadline").isEqualTo(3);
        transport.time.advance(Duration.ofSeconds(1));
        assertThat(transport.count(ProduceRequest.class)).as("the second batch resent").isEqualTo(4);
        producer.close(Duration.ZERO);
    }

    @Test
    void anAnswerAfterTheRequestTimeoutIsIgnored() {
        transport.autoProduce = false;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(30)).deliveryTimeout(Duration.ofMinutes(10)).build();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        FakeTransport.Pending first = transport.takePending();
        transport.time.advance(Duration.ofSeconds(31)); // timed out, resent after its backoff
        assertThat(transport.pending()).hasSize(1);
        first.future().complete(answer(first.request(), 7));
        assertThat(f).as("the late answer is ignored").isNotDone();
        FakeTransport.Pending second = transport.takePending();
        second.future().complete(answer(second.request(), 42));
        assertThat(f.join().offset()).isEqualTo(42);
        assertThat(transport.pending()).isEmpty();
        producer.close(Duration.ZERO);
    }

    /** A successful answer for every partition of {@code request}, at {@code baseOffset}. */
    @Test
    void aCallbackThatThrowsAnErrorDoesNotLoseTheAnswersTakenWithIt() throws Exception {
        transport.autoProduce = false;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        producer.send(new ProducerRecord<>("orders", 0, "k", "a"), (md, e) -> {
            inCallback.countDown();
            try {
                gate.await(); // holds the sender loop on the answering thread
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        producer.send(new ProducerRecord<>("orders", 1, "k", "b"), (md, e) -> {
            throw new AssertionError("a callback's error, not an exception");
        });
        CompletableFuture<RecordMetadata> c = producer.send(new ProducerRecord<>("orders", 2, "k", "c"));
        assertThat(transport.pending()).hasSize(3);
        FakeTransport.Pending first = transport.takePending();
        FakeTransport.Pending second = transport.takePending();
        FakeTransport.Pending third = transport.takePending();
        Thread answering = new Thread(() -> first.future().complete(answer(first.request(), 10)));
        answering.start();
        assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();
        // The loop is busy: these two answers wait for its next pass, which takes both at once.
        second.future().complete(answer(second.request(), 20));
        third.future().complete(answer(third.request(), 30));
        assertThat(c).isNotDone();
        gate.countDown();
        answering.join(10_000);
        assertThat(c.get(10, TimeUnit.SECONDS).offset()).isEqualTo(30);
        producer.close(Duration.ZERO);
    }

    private static ProduceResponse answer(ProduceRequest request, long baseOffset) {
        ProduceResponse response = new ProduceResponse();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            ProduceResponse.TopicProduceResponse tr = new ProduceResponse.TopicProduceResponse().setName(t.name());
            for (ProduceRequest.PartitionProduceData d : t.partitionData()) {
                tr.partitionResponses().add(new ProduceResponse.PartitionProduceResponse().setIndex(d.index())
                        .setBaseOffset(baseOffset));
            }
            response.responses().add(tr);
        }
        return response;
    }

    @Test
    void deliveryTimeoutFailsRecordsInFlightOrNeverSent() {
        transport.autoProduce = false;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO)
                .deliveryTimeout(Duration.ofSeconds(40)).requestTimeout(Duration.ofSeconds(30)).build();
        CompletableFuture<RecordMetadata> inFlight = producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        transport.leader("orders", 1, -1);
        transport.time.advance(Duration.ofMinutes(6)); // (metadata refresh picks up the leaderless partition)
        assertThat(inFlight).isCompletedExceptionally();
        assertThat(failure(inFlight)).isInstanceOf(TimeoutException.class).hasMessageContaining("orders-0")
                .hasMessageContaining("delivery.timeout.ms 40000");

        CompletableFuture<RecordMetadata> leaderless = producer.send(new ProducerRecord<>("orders", 1, "k", "v"));
        transport.time.advance(Duration.ofSeconds(39));
        assertThat(leaderless).isNotDone();
        transport.time.advance(Duration.ofSeconds(1));
        assertThat(failure(leaderless)).isInstanceOf(TimeoutException.class).hasMessageContaining("orders-1")
                .hasMessageContaining("never sent");
        producer.close(Duration.ZERO);
    }

    @Test
    void callbacksRunInSendOrderPerPartition() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(5)).batchSize(200).build();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            producer.send(new ProducerRecord<>("orders", 3, "k", "value-" + i), (md, e) -> offsets.add(md.offset()));
        }
        producer.flush();
        assertThat(offsets).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 100).boxed().toList());
        producer.close(Duration.ZERO);
    }
}
