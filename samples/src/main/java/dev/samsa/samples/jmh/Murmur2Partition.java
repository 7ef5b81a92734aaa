package dev.samsa.samples.jmh;

import dev.samsa.internal.producer.Murmur2;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyed partitioner's hash: {@code toPositive(murmur2(key)) % partitions} over 1024 random keys per invocation,
 * Samsa's {@link Murmur2} against the official {@link Utils#murmur2}. Scores are keys per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Murmur2Partition {
    @Param({"16", "64"})
    public int keySize;

    private byte[][] keys;

    /** Random keys, the same for both. */
    @Setup
    public void setUp() {
        Random random = new Random(7);
        keys = new byte[1024][keySize];
        for (byte[] k : keys) {
            random.nextBytes(k);
        }
    }

    /** Samsa's {@code Murmur2.partitionForKey}. */
    @Benchmark
    @OperationsPerInvocation(1024)
    public int samsa() {
        int sum = 0;
        for (byte[] k : keys) {
            sum += Murmur2.partitionForKey(k, 12);
        }
        return sum;
    }

    /** The official {@code Utils.toPositive(Utils.murmur2(key)) % n}. */
    @Benchmark
    @OperationsPerInvocation(1024)
    public int kafka() {
        int sum = 0;
        for (byte[] k : keys) {
            sum += Utils.toPositive(Utils.murmur2(k)) % 12;
        }
        return sum;
    }
}
