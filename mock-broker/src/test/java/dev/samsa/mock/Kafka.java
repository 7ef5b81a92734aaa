package dev.samsa.mock;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helpers: raw protocol messages and record batches built by hand. */
final class Kafka {
    static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private Kafka() {
    }

    /** A batch of records "k0=v0", ... as key=value strings, CreateTime {@code timestamp + i}. */
    static ByteBuf batch(long timestamp, String... keyValues) {
        return batch(CompressionType.NONE, -1, (short) -1, -1, timestamp, keyValues);
    }

    static ByteBuf batch(CompressionType compression, long producerId, short epoch, int baseSequence, long timestamp,
            String... keyValues) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(ALLOC, compression, 256)) {
            b.producerState(producerId, epoch, baseSequence);
            for (int i = 0; i < keyValues.length; i++) {
                String[] kv = keyValues[i].split("=", 2);
                byte[] key = kv[0].isEmpty() ? null : kv[0].getBytes(StandardCharsets.UTF_8);
                byte[] value = kv.length < 2 || kv[1].equals("null") ? null : kv[1].getBytes(StandardCharsets.UTF_8);
                b.append(timestamp + i, key, value);
            }
            return b.build();
        }
    }

    /** A batch of {@code count} records with {@code valueSize}-byte values. */
    static ByteBuf batchOfSize(int count, int valueSize) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(ALLOC, CompressionType.NONE, count * (valueSize + 16))) {
            byte[] value = new byte[valueSize];
            for (int i = 0; i < count; i++) {
                b.append(1000 + i, null, value);
            }
            return b.build();
        }
    }

    static ProduceRequest produce(UUID topicId, String topic, int partition, ByteBuf records, int acks) {
        return new ProduceRequest().setAcks((short) acks).setTimeoutMs(30_000).setTopicData(new ArrayList<>(List.of(
                new ProduceRequest.TopicProduceData().setName(topic).setTopicId(topicId)
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequest.PartitionProduceData()
                                .setIndex(partition).setRecords(records)))))));
    }

    static ProduceResponse.PartitionProduceResponse only(ProduceResponse r) {
        return r.responses().get(0).partitionResponses().get(0);
    }

    static FetchRequest fetch(UUID topicId, String topic, int partition, long offset, int partitionMaxBytes) {
        return new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(50 << 20).setSessionEpoch(-1)
                .setTopics(new ArrayList<>(List.of(fetchTopic(topicId, topic, partitionMaxBytes, partition, offset))));
    }

    static FetchRequest.FetchTopic fetchTopic(UUID topicId, String topic, int maxBytes, int partition, long offset) {
        return new FetchRequest.FetchTopic().setTopic(topic).setTopicId(topicId).setPartitions(new ArrayList<>(List.of(
                new FetchRequest.FetchPartition().setPartition(partition).setFetchOffset(offset)
                        .setPartitionMaxBytes(maxBytes))));
    }

    static FetchResponse.PartitionData only(FetchResponse r) {
        return r.responses().get(0).partitions().get(0);
    }

    /** Decodes every complete batch in a records field to "key=value" strings. */
    static List<String> decode(ByteBuf records) {
        List<String> out = new ArrayList<>();
        if (records == null) {
            return out;
        }
        for (RecordBatch batch : RecordBatches.iterable(records)) {
            batch.ensureValid();
            try (RecordIterator it = batch.iterator()) {
                while (it.hasNext()) {
                    Record r = it.next();
                    out.add(r.offset() + ":" + str(r.keyBytes()) + "=" + str(r.valueBytes()));
                }
            }
        }
        return out;
    }

    static String str(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuf b) {
        return ByteBufUtil.getBytes(b);
    }

    static UUID topicId(Transport transport, String topic) {
        MetadataResponse m = get(transport.send(transport.bootstrapNodes().get(0), new MetadataRequest()
                .setTopics(new ArrayList<>(List.of(new MetadataRequest.MetadataRequestTopic().setName(topic))))));
        return m.topics().get(0).topicId();
    }

    static <R extends ApiResponse> R send(Transport transport, Node node, ApiRequest<R> request) {
        return get(transport.send(node, request));
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RuntimeException(e.getCause());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
