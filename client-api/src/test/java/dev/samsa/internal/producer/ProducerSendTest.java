package dev.samsa.internal.producer;

import static dev.samsa.internal.producer.ProducerTestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Header;
import dev.samsa.common.PartitionInfo;
import dev.samsa.common.TopicPartition;
import dev.samsa.internal.protocol.message.InitProducerIdRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.testing.FakeTransport;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Callback;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.producer.RecordMetadata;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProducerSendTest {
    private final FakeTransport transport = new FakeTransport(2).topic("orders", 6);

    /** The topics each Metadata request asked for, in order. */
    private List<List<String>> metadataTopics() {
        List<List<String>> requests = new ArrayList<>();
        for (FakeTransport.Sent s : transport.sent()) {
            if (s.request() instanceof MetadataRequest m) {
                requests.add(m.topics().stream().map(MetadataRequest.MetadataRequestTopic::name).toList());
            }
        }
        return requests;
    }

    @Test
    void aTopicStillSentToStaysInTheMetadataPastMetadataMaxIdleAndAnIdleOneIsDropped() {
        transport.topic("idle", 1);
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO)
                .metadataMaxIdle(Duration.ofSeconds(5)).metadataMaxAge(Duration.ofSeconds(1)).build();
        producer.send(new ProducerRecord<>("orders", "k", "v")).join();
        producer.send(new ProducerRecord<>("idle", "k", "v")).join();
        int before = metadataTopics().size();
        for (int second = 1; second <= 8; second++) {
            transport.time.advance(Duration.ofSeconds(1)); // a periodic refresh every second (metadata.max.age.ms)
            // Every send opens a batch of its own (linger 0: the last one went at once), which marks the topic used,
            // so the idle expiry (metadata.max.idle.ms) never drops it.
            producer.send(new ProducerRecord<>("orders", "k", "v-" + second)).join();
        }
        List<List<String>> refreshes = metadataTopics().subList(before, metadataTopics().size());
        assertThat(refreshes).hasSizeGreaterThanOrEqualTo(6).allMatch(topics -> topics.contains("orders"),
                "asks for the topic in use");
        assertThat(refreshes.get(refreshes.size() - 1)).containsExactly("orders");
        producer.close();
    }

    @Test
    void keyedRecordsGoToTheMurmur2PartitionAndComeBackWithOffsets() {
        Producer<String, String> producer = builder(transport).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(producer.send(new ProducerRecord<>("orders", "key-" + (i % 7), "value-" + i)));
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone); // lingering (linger.ms 5)
        transport.time.advance(Duration.ofMillis(5));
        Map<Integer, Long> nextOffset = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            RecordMetadata md = futures.get(i).join();
            int expected = Murmur2.partitionForKey(("key-" + (i % 7)).getBytes(StandardCharsets.UTF_8), 6);
            assertThat(md.topic()).isEqualTo("orders");
            assertThat(md.partition()).isEqualTo(expected);
            long offset = nextOffset.merge(expected, 1L, Long::sum) - 1;
            assertThat(md.offset()).as("offsets per partition follow send order").isEqualTo(offset);
            assertThat(md.serializedKeySize()).isEqualTo(("key-" + (i % 7)).length());
            assertThat(transport.log("orders", expected).get((int) offset).valueString()).isEqualTo("value-" + i);
        }
        assertThat(transport.count(InitProducerIdRequest.class)).isEqualTo(1);
        producer.close(Duration.ZERO);
    }

    @Test
    void headersAndTimestampsTravelWithTheRecord() {
        Producer<String, String> producer = builder(transport).linger(Duration.ZERO).build();
        RecordMetadata md = producer.send(new ProducerRecord<>("orders", 2, 1234L, "k", "v",
                List.of(Header.of("trace", "abc"), new Header("nil", null)))).join();
        FakeTransport.Stored stored = transport.log("orders", 2).get(0);
        assertThat(md.timestamp()).isEqualTo(1234L);
        assertThat(stored.timestamp()).isEqualTo(1234L);
        assertThat(stored.headers()).hasSize(2);
        assertThat(stored.headers().get(0).key()).isEqualTo("trace");
        assertThat(new String(stored.headers().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(stored.headers().get(1).value()).isNull();
        RecordMetadata now = producer.send(new ProducerRecord<>("orders", 2, "k", "v")).join();
        assertThat(now.timestamp()).isEqualTo(transport.time.milliseconds());
        producer.close(Duration.ZERO);
    }

    @Test
    void timestampsFarApartKeepTheirExactValuesAndTheFarOneOpensABatchOfItsOwn() {
        // A record's future keeps its timestamp as an int of ms from its batch's first record's: the fourth is
        // Integer.MAX_VALUE + 1 ms (24.8 days) after the first and opens a second batch, which the fifth joins.
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).build();
        long t0 = 1_700_000_000_000L;
        long[] timestamps = {t0, t0 + Integer.MAX_VALUE, t0 - 5, t0 + Integer.MAX_VALUE + 1L, t0 + 1};
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (long ts : timestamps) {
            futures.add(producer.send(new ProducerRecord<>("orders", 0, ts, "k", "v", null)));
        }
        transport.time.advance(Duration.ofHours(1));
        for (int i = 0; i < timestamps.length; i++) {
            assertThat(futures.get(i).join().timestamp()).isEqualTo(timestamps[i]);
        }
        assertThat(transport.log("orders", 0)).extracting(FakeTransport.Stored::timestamp)
                .containsExactly(timestamps[0], timestamps[1], timestamps[2], timestamps[3], timestamps[4]);
        assertThat(transport.produceRequests().stream().mapToInt(FakeTransport::batches).sum()).isEqualTo(2);
        producer.close(Duration.ZERO);
    }

    @Test
    void aFullBatchIsSentWithoutWaitingForLinger() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).batchSize(1024).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        String value = "x".repeat(100);
        for (int i = 0; i < 30; i++) {
            futures.add(producer.send(new ProducerRecord<>("orders", 0, null, value)));
        }
        // ~110 bytes per record: a 1024-byte batch fills after 8 or 9; full batches went out, the last lingers.
        long done = futures.stream().filter(CompletableFuture::isDone).count();
        assertThat(done).isGreaterThanOrEqualTo(16).isLessThan(30);
        assertThat(transport.produceRequests()).allSatisfy(r -> assertThat(FakeTransport.batches(r)).isEqualTo(1));
        transport.time.advance(Duration.ofHours(1));
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(transport.log("orders", 0)).extracting(FakeTransport.Stored::offset)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 30).boxed().toList());
        producer.close(Duration.ZERO);
    }

    @Test
    void aBatchFilledExactlyIsSentWithoutWaitingForTheNextRecord() {
        // Key null, value 100 bytes, timestamp delta 0 (the virtual clock stands still), offset deltas below 64:
        // 109 bytes a record, so nine fill a batch of the 61-byte header plus 9 x 109 bytes to the byte.
        int batchSize = RecordBatch.HEADER_SIZE + 9 * 109;
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).batchSize(batchSize)
                .build();
        String value = "x".repeat(100);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            futures.add(producer.send(new ProducerRecord<>("orders", 0, null, value)));
        }
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(transport.produceRequests()).hasSize(1);
        producer.close(Duration.ZERO);
    }

    @Test
    void lingerHoldsABatchUntilItsTimeOnTheVirtualClock() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(100)).build();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 1, null, "a"));
        transport.time.advance(Duration.ofMillis(99));
        assertThat(f).isNotDone();
        assertThat(transport.count(ProduceRequest.class)).isZero();
        transport.time.advance(Duration.ofMillis(1));
        assertThat(f).isCompleted();
        producer.close(Duration.ZERO);
    }

    @Test
    void batchesForOneLeaderShareARequest() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(10)).build();
        for (int p = 0; p < 6; p++) {
            producer.send(new ProducerRecord<>("orders", p, null, "v" + p));
        }
        transport.time.advance(Duration.ofMillis(10));
        // partitions 0,2,4 on broker 0 and 1,3,5 on broker 1: one request each
        assertThat(transport.produceRequests()).hasSize(2)
                .allSatisfy(r -> assertThat(FakeTransport.batches(r)).isEqualTo(3));
        assertThat(transport.sent()).filteredOn(s -> s.request() instanceof ProduceRequest)
                .extracting(s -> s.node().id()).containsExactlyInAnyOrder(0, 1);
        producer.close(Duration.ZERO);
    }

    /**
     * A request of one topic, of a few and of many (past the sender's scan of a request's topics and of its batches):
     * each answer, given by topic id only as Produce v13 answers and in an order of the broker's own, completes the
     * records of its own partition.
     */
    @Test
    void answersByTopicIdCompleteTheirOwnPartitionsInRequestsOfOneFewAndManyTopics() {
        for (int topicCount : new int[] {1, 3, 12}) {
            FakeTransport t = new FakeTransport();
            for (int i = 0; i < topicCount; i++) {
                t.topic("t" + i, 2);
            }
            t.onNextProduce(request -> {
                ProduceResponse response = t.append(request);
                for (ProduceResponse.TopicProduceResponse tr : response.responses()) {
                    tr.setName("");
                    Collections.reverse(tr.partitionResponses());
                }
                Collections.reverse(response.responses());
                return response;
            });
            Producer<String, String> producer = builder(t).acks(Acks.LEADER).linger(Duration.ofMillis(10)).build();
            Map<String, CompletableFuture<RecordMetadata>> sent = new LinkedHashMap<>();
            for (int i = 0; i < topicCount; i++) {
                for (int p = 0; p < 2; p++) {
                    for (int r = 0; r <= p; r++) { // partition 1 gets two records: offsets tell the partitions apart
                        sent.put("t" + i + "-" + p + "-" + r,
                                producer.send(new ProducerRecord<>("t" + i, p, null, "v")));
                    }
                }
            }
            t.time.advance(Duration.ofMillis(10));
            assertThat(t.produceRequests()).as("%d topic(s)", topicCount).hasSize(1);
            assertThat(t.produceRequests().get(0).topicData()).extracting(ProduceRequest.TopicProduceData::name)
                    .containsExactlyInAnyOrderElementsOf(sent.keySet().stream().map(k -> k.split("-")[0])
                            .distinct().toList());
            sent.forEach((key, future) -> {
                String[] parts = key.split("-");
                assertThat(future).as(key).isCompleted();
                RecordMetadata md = future.join();
                assertThat(md.topic()).as(key).isEqualTo(parts[0]);
                assertThat(md.partition()).as(key).isEqualTo(Integer.parseInt(parts[1]));
                assertThat(md.offset()).as(key).isEqualTo(Integer.parseInt(parts[2]));
            });
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void acksZeroCompletesWithoutOffsetsAndAcksOneIsSentAsOne() {
        Producer<String, String> zero = builder(transport).acks(Acks.NONE).linger(Duration.ZERO).build();
        RecordMetadata md = zero.send(new ProducerRecord<>("orders", 3, "k", "v")).join();
        assertThat(md.hasOffset()).isFalse();
        assertThat(md.offset()).isEqualTo(RecordMetadata.UNKNOWN_OFFSET);
        assertThat(transport.log("orders", 3)).hasSize(1);
        assertThat(transport.count(InitProducerIdRequest.class)).as("acks=0 turns idempotence off").isZero();
        assertThat(transport.produceRequests().get(0).acks()).isEqualTo((short) 0);
        zero.close(Duration.ZERO);

        Producer<String, String> one = builder(transport).acks(Acks.LEADER).linger(Duration.ZERO).build();
        assertThat(one.send(new ProducerRecord<>("orders", 3, "k", "v")).join().offset()).isEqualTo(1);
        assertThat(transport.produceRequests().get(1).acks()).isEqualTo((short) 1);
        one.close(Duration.ZERO);
        Producer<String, String> all = builder(transport).linger(Duration.ZERO).build();
        all.send(new ProducerRecord<>("orders", 3, "k", "v")).join();
        assertThat(transport.produceRequests().get(2).acks()).isEqualTo((short) -1);
        all.close(Duration.ZERO);
    }

    @Test
    void everyCompressionTypeRoundTrips() {
        for (CompressionType type : CompressionType.values()) {
            FakeTransport t = new FakeTransport().topic("c", 1);
            Producer<String, String> producer = builder(t).compression(type).linger(Duration.ofMillis(1)).build();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(producer.send(new ProducerRecord<>("c", "k" + i, "value value value " + i)));
            }
            t.time.advance(Duration.ofMillis(1));
            producer.flush();
            assertThat(futures).allMatch(f -> !f.isCompletedExceptionally());
            assertThat(t.log("c", 0)).hasSize(500);
            assertThat(t.log("c", 0).get(499).valueString()).isEqualTo("value value value 499");
            assertThat(t.compressionTypes()).as(type.name()).containsOnly(type);
            producer.close(Duration.ZERO);
        }
        FakeTransport t = new FakeTransport().topic("c", 1);
        Producer<String, String> leveled = builder(t).compression(CompressionType.ZSTD, 19).linger(Duration.ZERO)
                .build();
        leveled.send(new ProducerRecord<>("c", "k", "v")).join();
        assertThat(t.compressionTypes()).containsOnly(CompressionType.ZSTD);
        leveled.close(Duration.ZERO);
    }

    @Test
    void fullCompressedBatchesBuiltWhileAppendingCarryTheirProducerStateAndSequences() {
        FakeTransport t = new FakeTransport().topic("c", 1);
        SamsaProducer<String, String> producer = (SamsaProducer<String, String>) builder(t)
                .compression(CompressionType.LZ4).batchSize(1024).linger(Duration.ofSeconds(1)).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) { // many full batches, compressed by this thread as the next one opens
            futures.add(producer.send(new ProducerRecord<>("c", 0, "k" + i, "value value value " + i)));
        }
        producer.flush();
        assertThat(futures).allMatch(f -> !f.isCompletedExceptionally());
        List<FakeTransport.Stored> log = t.log("c", 0);
        assertThat(log).hasSize(2000); // every batch passed the fake broker's CRC and sequence checks
        for (int i = 0; i < 2000; i++) {
            assertThat(log.get(i).valueString()).isEqualTo("value value value " + i);
            assertThat(log.get(i).sequence()).isEqualTo(i);
            assertThat(log.get(i).producerId()).isEqualTo(producer.sender().producerId());
            assertThat(futures.get(i).join().offset()).isEqualTo(i);
        }
        assertThat(t.compressionTypes()).hasSizeGreaterThan(10).containsOnly(CompressionType.LZ4);
        producer.close(Duration.ZERO);
    }

    @Test
    void fullCompressedBatchesOfAProducerWithoutIdempotenceKeepNoProducerState() {
        FakeTransport t = new FakeTransport().topic("c", 1);
        Producer<String, String> producer = builder(t).enableIdempotence(false).compression(CompressionType.LZ4)
                .batchSize(1024).linger(Duration.ofSeconds(1)).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) { // many full batches, built early, then drained with the same (no) state
            futures.add(producer.send(new ProducerRecord<>("c", 0, "k" + i, "value value value " + i)));
        }
        producer.flush();
        assertThat(futures).allMatch(f -> !f.isCompletedExceptionally());
        List<FakeTransport.Stored> log = t.log("c", 0);
        assertThat(log).hasSize(2000); // every batch passed the fake broker's CRC check
        for (int i = 0; i < 2000; i++) {
            assertThat(log.get(i).valueString()).isEqualTo("value value value " + i);
            assertThat(log.get(i).producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
            assertThat(log.get(i).sequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        }
        assertThat(t.compressionTypes()).hasSizeGreaterThan(10).containsOnly(CompressionType.LZ4);
        producer.close(Duration.ZERO);
    }

    @Test
    void partitionsForReturnsTheTopicsPartitions() {
        Producer<String, String> producer = builder(transport).build();
        List<PartitionInfo> partitions = producer.partitionsFor("orders");
        assertThat(partitions).extracting(PartitionInfo::partition).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(partitions.get(1).leader().id()).isEqualTo(1);
        assertThat(transport.count(MetadataRequest.class)).isEqualTo(1);
        producer.close(Duration.ZERO);
    }

    /**
     * Each record's metadata, from its future and from its callback, carries its own offset, create-time timestamp
     * and sizes, across batches: the futures are the metadata, reading one result object per batch.
     */
    @Test
    void everyRecordsMetadataAcrossBatchesHasItsExactOffsetTimestampAndSizes() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofHours(1)).batchSize(256).build();
        long t0 = 1_700_000_000_000L;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<RecordMetadata> fromCallbacks = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 40; i++) {
            String key = i % 5 == 0 ? null : "k".repeat(i % 7);
            int index = i;
            futures.add(producer.send(new ProducerRecord<>("orders", 4, t0 + 3L * i - (i % 4), key, "v" + i, null),
                    (md, e) -> fromCallbacks.add(RecordMetadata.of(md.topicPartition(), md.offset(), md.timestamp(),
                            md.serializedKeySize(), md.serializedValueSize()))));
        }
        transport.time.advance(Duration.ofHours(1));
        assertThat(transport.produceRequests().stream().mapToInt(FakeTransport::batches).sum())
                .as("several batches").isGreaterThanOrEqualTo(3);
        assertThat(fromCallbacks).hasSize(40);
        for (int i = 0; i < 40; i++) {
            RecordMetadata md = futures.get(i).join();
            assertThat(md.topicPartition()).isEqualTo(new TopicPartition("orders", 4));
            assertThat(md.offset()).isEqualTo(i);
            assertThat(md.timestamp()).isEqualTo(t0 + 3L * i - (i % 4));
            assertThat(md.serializedKeySize()).isEqualTo(i % 5 == 0 ? -1 : i % 7);
            assertThat(md.serializedValueSize()).isEqualTo(("v" + i).length());
            assertThat(fromCallbacks.get(i)).as("the callback's metadata has the same values").isEqualTo(
                    RecordMetadata.of(md.topicPartition(), md.offset(), md.timestamp(), md.serializedKeySize(),
                            md.serializedValueSize()));
            assertThat(md.toString()).isEqualTo(fromCallbacks.get(i).toString());
        }
        producer.close(Duration.ZERO);
    }

    /** On a LogAppendTime topic each record's timestamp is the append time its batch's answer carried. */
    @Test
    void logAppendTimeFromEachBatchsAnswerIsItsRecordsTimestamp() {
        long[] appendTimes = {1_800_000_000_000L, 1_800_000_000_777L};
        for (long appendTime : appendTimes) {
            transport.onNextProduce(request -> {
                ProduceResponse response = transport.append(request);
                response.responses().forEach(t -> t.partitionResponses().forEach(p -> p.setLogAppendTimeMs(
                        appendTime)));
                return response;
            });
        }
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(5)).build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            for (int i = 0; i < 3; i++) {
                futures.add(producer.send(new ProducerRecord<>("orders", 1, 1000L + i, "k", "v", null)));
            }
            transport.time.advance(Duration.ofMillis(5));
        }
        for (int i = 0; i < 6; i++) {
            RecordMetadata md = futures.get(i).join();
            assertThat(md.timestamp()).isEqualTo(appendTimes[i / 3]);
            assertThat(md.offset()).isEqualTo(i);
        }
        producer.close(Duration.ZERO);
    }

    /**
     * A metadata the application keeps (the record's future) keeps neither the other records' futures of its batch
     * nor its callback alive: completion unlinks them.
     */
    @Test
    void aKeptMetadataKeepsNeitherItsBatchsOtherFuturesNorItsCallback() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(5)).build();
        CompletableFuture<RecordMetadata> kept = producer.send(new ProducerRecord<>("orders", 0, "k", "first"),
                new NoOpCallback());
        List<WeakReference<Object>> dropped = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Callback callback = new NoOpCallback(); // an object of its own (a non-capturing lambda is a constant)
            dropped.add(new WeakReference<>(callback));
            dropped.add(new WeakReference<>(producer.send(new ProducerRecord<>("orders", 0, "k", "v" + i),
                    callback)));
        }
        Callback keptCallback = ((RecordFuture) kept).callback;
        dropped.add(new WeakReference<>(keptCallback));
        keptCallback = null;
        assertThat(((RecordFuture) kept).next).as("linked to the next record while waiting").isNotNull();
        transport.time.advance(Duration.ofMillis(5));
        RecordMetadata md = kept.join();
        assertThat(((RecordFuture) kept).next).isNull();
        assertThat(((RecordFuture) kept).callback).isNull();
        for (int i = 0; i < 20 && dropped.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc(); // no sleep: each full collection clears whatever is no longer reachable
        }
        assertThat(dropped).allMatch(r -> r.get() == null, "collected");
        assertThat(md.offset()).isZero();
        assertThat(md.serializedValueSize()).isEqualTo(5);
        producer.close(Duration.ZERO);
    }

    @Test
    void aRecordsFutureReadsAsItsStateUntilAcknowledgedAndAsItsMetadataAfter() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(5)).build();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 2, 42L, "key", "v", null));
        assertThat(f.toString()).contains("Not completed");
        assertThatThrownBy(() -> ((RecordMetadata) f).offset()).isInstanceOf(IllegalStateException.class);
        transport.time.advance(Duration.ofMillis(5));
        assertThat(f.join()).isSameAs(f);
        assertThat(f.toString()).isEqualTo(
                "RecordMetadata(orders-2@0, timestamp=42, serializedKeySize=3, serializedValueSize=1)");
        producer.close(Duration.ZERO);
    }

    /**
     * A record's future points to its batch's result from its append on, and acknowledging the batch fills in that one
     * object: no reference is written into a waiting (by then usually old) future, which would dirty a card for G1.
     */
    @Test
    void recordsShareTheirBatchsResultFromTheAppendAndTheAnswerFillsItIn() {
        Producer<String, String> producer = builder(transport).linger(Duration.ofMillis(5)).build();
        RecordFuture a = (RecordFuture) producer.send(new ProducerRecord<>("orders", 1, 7L, "k", "a", null));
        RecordFuture b = (RecordFuture) producer.send(new ProducerRecord<>("orders", 1, 9L, "k", "b", null));
        RecordFuture.BatchResult result = a.batchResult();
        assertThat(b.batchResult()).isSameAs(result);
        assertThat(result.acknowledged).isFalse();
        assertThatThrownBy(b::offset).isInstanceOf(IllegalStateException.class);
        transport.time.advance(Duration.ofMillis(5));
        b.join();
        assertThat(a.batchResult()).isSameAs(result);
        assertThat(result.acknowledged).isTrue();
        assertThat(List.of(a.offset(), a.timestamp(), b.offset(), b.timestamp())).containsExactly(0L, 7L, 1L, 9L);
        producer.close(Duration.ZERO);
    }

    private static final class NoOpCallback implements Callback {
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
        }
    }
}
