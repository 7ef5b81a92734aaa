package dev.samsa.samples.jmh;

import dev.samsa.common.CompressionType;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.utils.Utils;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decodes one 16 KiB record batch of 100-byte records (the consumer's per-batch hot path): CRC32C check, then every
 * record's offset, timestamp and value copied into a {@code byte[]} (what a byte-array deserializer gets), with
 * Samsa's {@link RecordBatch} / {@link RecordIterator} and with the official client's {@link MemoryRecords}, side by
 * side on the same bytes. Samsa reads a Netty buffer (as its fetch path does), the official client a heap
 * {@link ByteBuffer} (as its fetch path does).
 *
 * <pre>
 * java -cp samples/target/classes:$(cat samples/target/benchmark.classpath) org.openjdk.jmh.Main RecordBatchDecode \
 *     -prof gc -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBatchDecode {
    @Param({"none", "lz4"})
    public String compression;

    @Param({"100"})
    public int valueSize;

    private ByteBuf samsaBatch;
    private byte[] bytes;

    /** Builds the batch once; both sides decode the same bytes. */
    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        try (RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT,
                CompressionType.forName(compression), 16 * 1024)) {
            while (builder.uncompressedRecordsSizeInBytes() + valueSize + 16 < 16 * 1024 - 61) {
                byte[] value = new byte[valueSize];
                for (int i = 0; i < value.length; i++) {
                    value[i] = (byte) ('A' + random.nextInt(26));
                }
                builder.append(now, null, value);
            }
            ByteBuf built = builder.build();
            bytes = ByteBufUtil.getBytes(built);
            built.release();
        }
        samsaBatch = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Samsa: wrap, verify the CRC, iterate (decompressing into a pooled buffer), copy each value. */
    @Benchmark
    public void samsa(Blackhole bh) {
        RecordBatch batch = RecordBatch.wrap(samsaBatch);
        batch.ensureValid();
        try (RecordIterator it = batch.iterator()) {
            while (it.hasNext()) {
                Record r = it.next();
                bh.consume(r.offset());
                bh.consume(r.timestamp());
                bh.consume(r.valueBytes());
            }
        }
    }

    /** The official client: the same bytes through MemoryRecords, ensureValid, each value copied out. */
    @Benchmark
    public void kafka(Blackhole bh) {
        MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
        for (MutableRecordBatch batch : records.batches()) {
            batch.ensureValid();
            try (org.apache.kafka.common.utils.CloseableIterator<org.apache.kafka.common.record.Record> it =
                    batch.streamingIterator(org.apache.kafka.common.utils.BufferSupplier.NO_CACHING)) {
                while (it.hasNext()) {
                    org.apache.kafka.common.record.Record r = it.next();
                    bh.consume(r.offset());
                    bh.consume(r.timestamp());
                    bh.consume(Utils.toNullableArray(r.value()));
                }
            }
        }
    }
}
