package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.errors.SamsaException;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CloseFlushTest {
    private final FakeTransport transport = new FakeTransport(2).topic("t", 4);

    /** Requests the test left unanswered end, so that their batches' buffers are freed. */
    @AfterEach
    void endPendingRequests() {
        transport.endPending();
    }

    @Test
    void flushSendsLingeringBatchesAtOnceAndWaitsForThem() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(producer.send(new ProducerRecord<>("t", "k" + i, "v" + i)));
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        producer.flush(); // no virtual time passes
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        int stored = 0;
        for (int p = 0; p < 4; p++) {
            stored += transport.log("t", p).size();
        }
        assertThat(stored).isEqualTo(100);
        producer.close(Duration.ZERO);
    }

    @Test
    void closeSendsEverythingPendingAndLosesNothing() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(producer.send(new ProducerRecord<>("t", "k" + i, "v" + i)));
        }
        producer.close(Duration.ofSeconds(30));
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(producer.send(new ProducerRecord<>("t", "k", "late"))).isCompletedExceptionally();
        producer.close(); // idempotent
    }

    @Test
    void closeWithTimeoutFailsWhatTheBrokerNeverAnswers() throws Exception {
        transport.autoProduce = false;
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        CompletableFuture<RecordMetadata> unanswered = producer.send(new ProducerRecord<>("t", 0, "k", "v"));
        Thread closer = new Thread(() -> producer.close(Duration.ofSeconds(5)));
        closer.start();
        ProducerTestSupport.awaitCondition(() -> ProducerTestSupport.isWaiting(closer), "close waiting");
        assertThat(unanswered).isNotDone();
        transport.time.advance(Duration.ofSeconds(5));
        closer.join();
        assertThat(unanswered).isCompletedExceptionally();
        assertThat(unanswered.handle((v, e) -> e).join()).isInstanceOf(SamsaException.class)
                .hasMessageContaining("closed forcefully");
    }

    @Test
    void closeZeroFailsPendingRecordsAtOnce() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).build();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", "k", "v"));
        producer.close(Duration.ZERO);
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void flushAndCloseFromACallbackAreRefused() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        AtomicReference<Throwable> fromFlush = new AtomicReference<>();
        AtomicReference<Throwable> fromClose = new AtomicReference<>();
        producer.send(new ProducerRecord<>("t", "k", "v"), (md, e) -> {
            try {
                producer.flush();
            } catch (IllegalStateException ex) {
                fromFlush.set(ex);
            }
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (IllegalStateException ex) {
                fromClose.set(ex);
            }
        }).join();
        assertThat(fromFlush.get()).hasMessageContaining("callback");
        assertThat(fromClose.get()).hasMessageContaining("callback");
        producer.close(Duration.ZERO);
    }

    @Test
    void manyThreadsSendConcurrentlyAndOrderPerThreadAndPartitionHolds() throws Exception {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).batchSize(512).build();
        int threads = 4;
        int perThread = 2000;
        Map<String, List<Long>> offsetsByThreadAndPartition = new ConcurrentHashMap<>();
        List<CompletableFuture<RecordMetadata>> all = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int partition = i % 4;
                    String key = id + "-" + partition;
                    all.add(producer.send(new ProducerRecord<>("t", partition, key, id + ":" + i), (md, e) -> {
                        if (md != null) {
                            offsetsByThreadAndPartition.computeIfAbsent(key, k -> Collections
                                    .synchronizedList(new ArrayList<>())).add(md.offset());
                        }
                    }));
                }
            });
            workers.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        producer.flush();
        assertThat(all).hasSize(threads * perThread).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        int stored = 0;
        for (int p = 0; p < 4; p++) {
            List<FakeTransport.Stored> log = transport.log("t", p);
            stored += log.size();
            // Within the log, each thread's records to this partition appear in the order that thread sent them.
            Map<String, Integer> last = new java.util.HashMap<>();
            for (FakeTransport.Stored s : log) {
                String[] parts = s.valueString().split(":");
                int seq = Integer.parseInt(parts[1]);
                Integer prev = last.put(parts[0], seq);
                assertThat(prev == null || prev < seq).as("order of thread %s on partition %d", parts[0], p).isTrue();
            }
        }
        assertThat(stored).as("no record lost or duplicated").isEqualTo(threads * perThread);
        offsetsByThreadAndPartition.values().forEach(offsets -> assertThat(offsets).isSorted());
        producer.close(Duration.ZERO);
    }

    @Test
    void closingDoesNotCloseTheTransport() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        producer.send(new ProducerRecord<>("t", "k", "v")).join();
        producer.close();
        Producer<String, String> again = builder(transport).linger(Duration.ZERO).build();
        assertThat(again.send(new ProducerRecord<>("t", "k", "v")).join().offset()).isGreaterThanOrEqualTo(0);
        again.close();
        assertThatThrownBy(() -> again.partitionsFor("t")).isInstanceOf(IllegalStateException.class);
    }
}
