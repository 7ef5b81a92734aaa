package dev.samsa.samples.jmh;

import dev.samsa.common.CompressionType;
import dev.samsa.internal.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Builds one 16 KiB record batch (the default {@code batch.size}) of 100-byte records with random values, CRC32C
 * included, with Samsa's {@link RecordBatchBuilder} and with the official client's {@link MemoryRecordsBuilder},
 * side by side in one run: the producer's per-batch hot path. Both get the same records (as many as fit in 16 KiB
 * uncompressed) and write into memory that is reused between batches, as in each producer: Samsa's pooled Netty
 * allocator, the official producer's {@code BufferPool} of {@code batch.size} buffers (here one reused buffer).
 *
 * <p>Run it (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package
 * java -cp samples/target/classes:$(cat samples/target/benchmark.classpath) org.openjdk.jmh.Main RecordBatchBuild \
 *     -prof gc -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>Parameters: {@code compression} ({@code none}, {@code lz4}, or any other {@code compression.type}),
 * {@code keySize} (0 for null keys), {@code valueSize} in bytes, {@code allocator} for Samsa ({@code pooled} direct
 * or {@code pooled-heap}); e.g. {@code -p keySize=8}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBatchBuild {
    private static final int BATCH_SIZE = 16 * 1024;

    @Param({"none", "lz4"})
    public String compression;

    @Param({"0"})
    public int keySize;

    @Param({"100"})
    public int valueSize;

    @Param({"pooled"})
    public String allocator;

    private byte[][] keys;
    private byte[][] values;
    private long timestamp;
    private CompressionType samsaCompression;
    private ByteBufAllocator alloc;
    private Compression kafkaCompression;
    private ByteBuffer kafkaBuffer;

    @Setup(Level.Trial)
    public void setUp() {
        samsaCompression = CompressionType.forName(compression);
        kafkaCompression = Compression.of(compression).build();
        alloc = switch (allocator) {
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            case "pooled-heap" -> new PooledByteBufAllocator(false);
            default -> throw new IllegalArgumentException("allocator: " + allocator + " (pooled or pooled-heap)");
        };
        kafkaBuffer = ByteBuffer.allocate(BATCH_SIZE);
        timestamp = System.currentTimeMillis();
        Random random = new Random(42);
        // As many records as the official builder takes into an uncompressed 16 KiB batch.
        MemoryRecordsBuilder probe = MemoryRecords.builder(ByteBuffer.allocate(BATCH_SIZE), Compression.NONE,
                TimestampType.CREATE_TIME, 0L);
        byte[] key = keySize == 0 ? null : new byte[keySize];
        byte[] value = new byte[valueSize];
        int count = 0;
        while (probe.hasRoomFor(timestamp + count, key, value, org.apache.kafka.common.record.Record.EMPTY_HEADERS)) {
            probe.append(timestamp + count, key, value);
            count++;
        }
        keys = new byte[count][];
        values = new byte[count][];
        for (int i = 0; i < count; i++) {
            if (keySize > 0) {
                keys[i] = new byte[keySize];
                random.nextBytes(keys[i]);
            }
            values[i] = new byte[valueSize];
            random.nextBytes(values[i]);
        }
    }

    /** Samsa: append every record, build (compress, header, CRC32C), hand the batch back to the pool. */
    @Benchmark
    public long samsa() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(alloc, samsaCompression, BATCH_SIZE)) {
            for (int i = 0; i < values.length; i++) {
                builder.append(timestamp + i, keys[i], values[i], null);
            }
            ByteBuf batch = builder.build();
            long crc = batch.getUnsignedInt(17);
            batch.release();
            return crc;
        }
    }

    /** The official client: the same records through {@link MemoryRecordsBuilder} into a reused buffer. */
    @Benchmark
    public long kafka() {
        kafkaBuffer.clear();
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(kafkaBuffer,
                org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE, kafkaCompression,
                TimestampType.CREATE_TIME, 0L, org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP,
                org.apache.kafka.common.record.RecordBatch.NO_PRODUCER_ID,
                org.apache.kafka.common.record.RecordBatch.NO_PRODUCER_EPOCH,
                org.apache.kafka.common.record.RecordBatch.NO_SEQUENCE, false, false,
                org.apache.kafka.common.record.RecordBatch.NO_PARTITION_LEADER_EPOCH, BATCH_SIZE);
        for (int i = 0; i < values.length; i++) {
            builder.append(timestamp + i, keys[i], values[i], org.apache.kafka.common.record.Record.EMPTY_HEADERS);
        }
        MemoryRecords records = builder.build();
        return Integer.toUnsignedLong(records.buffer().getInt(17));
    }
}
