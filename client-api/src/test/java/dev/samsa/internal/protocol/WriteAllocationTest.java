package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.samsa.internal.protocol.message.FetchRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code size} and {@code write} are on every request's hot path: they must not allocate (no per-call garbage from
 * string encoding, iterators or boxing). Measured with the JVM's per-thread allocation counter.
 */
class WriteAllocationTest {
    private static final int ROUNDS = 20_000;

    @Test
    void sizeAndWriteAllocateNothing() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeThat(threads).isInstanceOf(com.sun.management.ThreadMXBean.class);
        var counter = (com.sun.management.ThreadMXBean) threads;
        assumeThat(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled()).isTrue();

        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            List<ProduceRequest.PartitionProduceData> partitions = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                partitions.add(new ProduceRequest.PartitionProduceData().setIndex(p)
                        .setRecords(Unpooled.wrappedBuffer(new byte[100])));
            }
            topics.add(new ProduceRequest.TopicProduceData().setName("topic-é-" + t).setPartitionData(partitions));
        }
        ProduceRequest produce = new ProduceRequest().setTransactionalId("tx-漢字").setAcks((short) -1)
                .setTimeoutMs(30_000).setTopicData(topics);
        FetchRequest fetch = new FetchRequest().setMaxWaitMs(500).setClusterId("cluster").setTopics(List.of(
                new FetchRequest.FetchTopic().setTopicId(UUID.randomUUID()).setPartitions(List.of(
                        new FetchRequest.FetchPartition().setPartition(1).setFetchOffset(10).setHighWatermark(5),
                        new FetchRequest.FetchPartition().setPartition(2).setReplicaDirectoryId(UUID.randomUUID())))));

        ByteBuf out = Unpooled.buffer(64 * 1024);
        long baseline = measure(counter, out, produce, fetch, 0); // warms up the paths and the counter itself
        for (int i = 0; i < 5; i++) {
            baseline = Math.min(baseline, measure(counter, out, produce, fetch, 0));
        }
        long allocated = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            allocated = Math.min(allocated, measure(counter, out, produce, fetch, ROUNDS));
        }
        // Less than one byte per round: no per-call allocation at all (the slack is for the counter's own noise).
        assertThat(allocated - baseline).as("bytes allocated by %d size+write rounds", ROUNDS).isLessThan(ROUNDS);
    }

    private static long measure(com.sun.management.ThreadMXBean counter, ByteBuf out, ProduceRequest produce,
            FetchRequest fetch, int rounds) {
        long before = counter.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            out.clear();
            produce.write(out, (short) 11);
            fetch.write(out, (short) 17);
            if (produce.size((short) 11) + fetch.size((short) 17) != out.readableBytes()) {
                throw new AssertionError("size disagrees with write");
            }
        }
        return counter.getCurrentThreadAllocatedBytes() - before;
    }
}
