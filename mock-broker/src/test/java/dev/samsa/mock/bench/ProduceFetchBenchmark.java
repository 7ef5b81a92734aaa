package dev.samsa.mock.bench;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Node;
import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.mock.MockCluster;
import dev.samsa.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Not a test: the in-process produce → fetch loop through {@code MockCluster.transport()}, with 100-byte records.
 * Each iteration produces one batch (acks=1; the broker validates the CRC, decodes every record and stores a copy)
 * and fetches it back (retained slices, released by the loop); retention keeps the log near 64 MiB. Prints records/s for batches of 1, 10 and 100
 * records. Run from the repository root after {@code mvn -pl mock-broker -am test-compile}:
 *
 * <pre>
 * java -cp "$(cat mock-broker/target/bench.classpath):mock-broker/target/test-classes:mock-broker/target/classes" \
 *     dev.samsa.mock.bench.ProduceFetchBenchmark
 * </pre>
 */
public final class ProduceFetchBenchmark {
    private static final int VALUE_BYTES = 100;

    private ProduceFetchBenchmark() {
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        for (int perBatch : new int[] {1, 10, 100}) {
            run(perBatch, 1, false); // warm-up
            double rate = run(perBatch, seconds, true);
            System.out.printf("%3d records/batch: %,12.0f records/s%n", perBatch, rate);
        }
    }

    private static double run(int perBatch, long seconds, boolean report) {
        // retention.bytes keeps the log (and the heap) at ~64 MiB; the loop runs the log cleaner now and then.
        try (MockCluster cluster = MockCluster.builder().requestLogCapacity(0)
                .topic("bench", 1, 1, java.util.Map.of("retention.bytes", Integer.toString(64 << 20)))
                .retentionCheckInterval(java.time.Duration.ZERO).build()) {
            Transport transport = cluster.transport();
            Node broker = cluster.broker(0);
            UUID topicId = transport.send(broker, new MetadataRequest().setTopics(null)).join().topics().get(0)
                    .topicId();
            ByteBuf batch = batch(perBatch);
            long offset = 0;
            long records = 0;
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    ProduceResponse produced = transport.send(broker, produce(topicId, batch)).join();
                    long base = produced.responses().get(0).partitionResponses().get(0).baseOffset();
                    if (base != offset) {
                        throw new IllegalStateException("offset " + base + ", expected " + offset);
                    }
                    FetchResponse fetched = transport.send(broker, fetch(topicId, offset)).join();
                    ByteBuf got = fetched.responses().get(0).partitions().get(0).records();
                    if (got.readableBytes() != batch.readableBytes()) {
                        throw new IllegalStateException("fetched " + got.readableBytes() + " bytes");
                    }
                    got.release();
                    offset += perBatch;
                    records += perBatch;
                }
                if ((records / perBatch) % 10_000 == 0) {
                    cluster.enforceRetention();
                }
            }
            double rate = records / ((System.nanoTime() - start) / 1e9);
            batch.release();
            return rate;
        }
    }

    private static ByteBuf batch(int count) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, CompressionType.NONE,
                count * (VALUE_BYTES + 32))) {
            byte[] value = new byte[VALUE_BYTES];
            for (int i = 0; i < count; i++) {
                b.append(System.currentTimeMillis(), ("key-" + i).getBytes(), value);
            }
            return b.build();
        }
    }

    private static ProduceRequest produce(UUID topicId, ByteBuf records) {
        List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>(1);
        partitions.add(new ProduceRequest.PartitionProduceData().setIndex(0).setRecords(records));
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>(1);
        topics.add(new ProduceRequest.TopicProduceData().setName("bench").setTopicId(topicId)
                .setPartitionData(partitions));
        return new ProduceRequest().setAcks((short) 1).setTimeoutMs(30_000).setTopicData(topics);
    }

    private static FetchRequest fetch(UUID topicId, long offset) {
        List<FetchRequest.FetchPartition> partitions = new ArrayList<>(1);
        partitions.add(new FetchRequest.FetchPartition().setPartition(0).setFetchOffset(offset)
                .setPartitionMaxBytes(1 << 20));
        List<FetchRequest.FetchTopic> topics = new ArrayList<>(1);
        topics.add(new FetchRequest.FetchTopic().setTopic("bench").setTopicId(topicId).setPartitions(partitions));
        return new FetchRequest().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(50 << 20).setSessionEpoch(-1)
                .setTopics(topics);
    }
}
