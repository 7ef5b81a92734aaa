package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.errors.TimeoutException;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * buffer.memory backpressure. The blocking path waits on the producer's Time: on ManualTime a send blocked for memory
 * is released by another thread advancing the clock past max.block.ms, or by memory being freed.
 */
class BufferMemoryTest {
    private final FakeTransport transport = new FakeTransport().topic("t", 3);

    /** Requests the test left unanswered end, so that their batches' buffers are freed. */
    @AfterEach
    void endPendingRequests() {
        transport.endPending();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        return f.handle((v, e) -> e.getCause() != null && e instanceof java.util.concurrent.CompletionException
                ? e.getCause() : e).join();
    }

    @Test
    void aCompletedBatchesBufferIsReusedByTheNextBatchAndReleasedOnClose() {
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(1000).bufferMemory(8000).linger(Duration.ZERO).build();
        assertThat(producer.accumulator().freeBatchBuffers()).isZero();
        assertThat(producer.send(new ProducerRecord<>("t", 0, "k", "a")).join().offset()).isZero();
        assertThat(producer.accumulator().freeBatchBuffers()).as("given back").isOne();
        assertThat(producer.send(new ProducerRecord<>("t", 1, "k", "b")).join().offset()).isZero();
        assertThat(producer.accumulator().freeBatchBuffers()).as("taken and given back again").isOne();
        assertThat(producer.send(new ProducerRecord<>("t", 0, "k", "c")).join().offset()).isOne();
        assertThat(producer.pool().availableMemory()).isEqualTo(8000);
        producer.close();
        assertThat(producer.accumulator().freeBatchBuffers()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aCompressedBatchesBufferIsReusedByTheNextBatchAndReleasedOnClose(CompressionType type) {
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(1000).bufferMemory(8000).linger(Duration.ZERO).compression(type).build();
        String value = "compressible ".repeat(60);
        assertThat(producer.accumulator().freeBatchBuffers()).isZero();
        // lz4 also writes the records into a recycled buffer before compressing them.
        int perBatch = type == CompressionType.LZ4 ? 2 : 1;
        assertThat(producer.send(new ProducerRecord<>("t", 0, "k", value)).join().offset()).isZero();
        assertThat(producer.accumulator().freeBatchBuffers()).as("given back").isEqualTo(perBatch);
        assertThat(producer.send(new ProducerRecord<>("t", 1, "k", "b")).join().offset()).isZero();
        assertThat(producer.accumulator().freeBatchBuffers()).as("taken and given back again").isEqualTo(perBatch);
        assertThat(producer.send(new ProducerRecord<>("t", 0, "k", value)).join().offset()).isOne();
        assertThat(transport.log("t", 0)).extracting(FakeTransport.Stored::valueString).containsExactly(value, value);
        assertThat(transport.compressionTypes()).containsOnly(type);
        assertThat(producer.pool().availableMemory()).isEqualTo(8000);
        producer.close();
        assertThat(producer.accumulator().freeBatchBuffers()).isZero();
    }

    @Test
    void theBuffersOfABurstOfCompletedBatchesAreAllKeptWithinBufferMemory() {
        transport.autoProduce = false;
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(1000).bufferMemory(400_000).linger(Duration.ZERO).build();
        String value = "v".repeat(900); // one record per batch
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            sent.add(producer.send(new ProducerRecord<>("t", i % 3, "k", value)));
        }
        ProducerTestSupport.awaitCondition(() -> {
            for (FakeTransport.Pending p; (p = transport.takePending()) != null; ) {
                p.future().complete(transport.append(p.request()));
            }
            return sent.stream().allMatch(CompletableFuture::isDone);
        }, "every record acknowledged");
        // 120 batches completed at once: every buffer is kept for the next batches (buffer.memory fits 400), none
        // goes back to the allocator to be allocated again. They were allocated in steps of 1, 1, 2, 4, 8, then 12
        // (400 / 32): 124 buffers for 120 batches, the 4 spare ones kept as well.
        int kept = producer.accumulator().freeBatchBuffers();
        assertThat(kept).isEqualTo(124);
        for (int i = 0; i < 120; i++) {
            sent.add(producer.send(new ProducerRecord<>("t", i % 3, "k", value)));
        }
        assertThat(producer.accumulator().freeBatchBuffers()).as("taken by the next 120 batches").isEqualTo(kept - 120);
        ProducerTestSupport.awaitCondition(() -> {
            for (FakeTransport.Pending p; (p = transport.takePending()) != null; ) {
                p.future().complete(transport.append(p.request()));
            }
            return sent.stream().allMatch(CompletableFuture::isDone);
        }, "every record acknowledged");
        assertThat(producer.accumulator().freeBatchBuffers()).as("none allocated for the second burst").isEqualTo(kept);
        producer.close();
        assertThat(producer.accumulator().freeBatchBuffers()).isZero();
    }

    @Test
    void aFullBufferFailsTheSendAtOnceWithMaxBlockZero() {
        transport.autoProduce = false;
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(1000).bufferMemory(2000).linger(Duration.ZERO).maxBlock(Duration.ZERO).build();
        producer.send(new ProducerRecord<>("t", 0, "k", "a"));
        producer.send(new ProducerRecord<>("t", 1, "k", "b"));
        assertThat(producer.pool().availableMemory()).isZero();
        CompletableFuture<RecordMetadata> third = producer.send(new ProducerRecord<>("t", 2, "k", "c"));
        assertThat(failure(third)).isInstanceOf(TimeoutException.class).hasMessageContaining("buffer is full")
                .hasMessageContaining("buffer.memory 2000 bytes");
        // Appending to a batch that is already open needs no memory.
        transport.autoProduce = true;
        FakeTransport.Pending p = transport.takePending();
        p.future().complete(transport.append(p.request()));
        assertThat(producer.pool().availableMemory()).isEqualTo(1000);
        assertThat(producer.send(new ProducerRecord<>("t", 2, "k", "c")).join().offset()).isZero();
        producer.close(Duration.ZERO);
    }

    @Test
    void aBlockedSendIsReleasedWhenMemoryFreesUp() throws Exception {
        transport.autoProduce = false;
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(1000).bufferMemory(1000).linger(Duration.ZERO).maxBlock(Duration.ofSeconds(60)).build();
        producer.send(new ProducerRecord<>("t", 0, "k", "a"));
        AtomicReference<CompletableFuture<RecordMetadata>> blocked = new AtomicReference<>();
        Thread t = new Thread(() -> blocked.set(producer.send(new ProducerRecord<>("t", 1, "k", "b"))));
        t.start();
        ProducerTestSupport.awaitCondition(() -> producer.pool().queued() == 1, "send blocked on buffer.memory");
        transport.autoProduce = true;
        FakeTransport.Pending p = transport.takePending();
        p.future().complete(transport.append(p.request()));
        t.join();
        assertThat(blocked.get().join().partition()).isEqualTo(1);
        producer.close(Duration.ZERO);
    }

    @Test
    void aBlockedSendTimesOutWhenTheVirtualClockPassesMaxBlock() throws Exception {
        transport.autoProduce = false;
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(1000).bufferMemory(1000).linger(Duration.ZERO).maxBlock(Duration.ofSeconds(5)).build();
        producer.send(new ProducerRecord<>("t", 0, "k", "a"));
        AtomicReference<CompletableFuture<RecordMetadata>> blocked = new AtomicReference<>();
        Thread t = new Thread(() -> blocked.set(producer.send(new ProducerRecord<>("t", 1, "k", "b"))));
        t.start();
        ProducerTestSupport.awaitCondition(() -> producer.pool().queued() == 1, "send blocked on buffer.memory");
        transport.time.advance(Duration.ofSeconds(5));
        t.join();
        assertThat(failure(blocked.get())).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("max.block.ms (5000 ms)").hasMessageContaining("buffer is full");
        producer.close(Duration.ZERO);
    }

    @Test
    void memoryIsReturnedWhenBatchesComplete() {
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(transport)
                .batchSize(500).bufferMemory(10_000).linger(Duration.ZERO).build();
        for (int i = 0; i < 200; i++) {
            producer.send(new ProducerRecord<>("t", "k" + i, "value-" + i));
        }
        producer.flush();
        assertThat(producer.pool().availableMemory()).isEqualTo(10_000);
        producer.close(Duration.ZERO);
    }
}
