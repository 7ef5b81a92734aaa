package dev.samsa.samples.perf;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A producer benchmark tool without its client: only the loop that fills each record's payload, as one of the two
 * producer tools runs it, so that a benchmark can tell what share of a producer run's CPU is the tool's payload
 * generation rather than the client's work.
 *
 * <pre>{@code
 * java ... dev.samsa.samples.perf.CpuTimed dev.samsa.samples.perf.PayloadCost --tool official --num-records 2000000 --record-size 100
 * }</pre>
 *
 * <p>{@code --tool official} calls the official {@code ProducerPerformance.generateRandomPayload} (kafka-tools, through
 * a constant method handle, which C2 inlines as it would a direct call); {@code --tool samsa} calls
 * {@link ProducerPerf#nextPayload}. Both fill a reused array of {@code --record-size} bytes with random capital
 * letters from {@code SplittableRandom(0)} once per record, as the tools do with {@code --record-size}. The loop reads
 * one byte of each payload into a checksum, printed at the end ({@code payload checksum: N}), so that the compiler
 * cannot drop the fills; both tools print the same checksum for the same arguments. Single-threaded; exits with status
 * 2 on bad arguments.
 */
public final class PayloadCost {
    private static final MethodHandle OFFICIAL = officialPayloadMethod();

    private PayloadCost() {
    }

    /**
     * Runs the loop.
     *
     * @param args {@code --tool official|samsa --num-records N --record-size BYTES}
     * @throws Throwable if the official method throws (it does not for these arguments)
     */
    public static void main(String[] args) throws Throwable {
        String tool = null;
        long records = -1;
        int size = -1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tool" -> tool = args[++i];
                    case "--num-records" -> records = Long.parseLong(args[++i]);
                    case "--record-size" -> size = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            if (!"official".equals(tool) && !"samsa".equals(tool)) {
                throw new IllegalArgumentException("--tool: expected official or samsa, got " + tool);
            }
            if (records < 0 || size < 1) {
                throw new IllegalArgumentException("--num-records (>= 0) and --record-size (>= 1 byte) are required");
            }
        } catch (RuntimeException e) {
            System.err.println("usage: PayloadCost --tool official|samsa --num-records N --record-size BYTES");
            System.err.println("PayloadCost: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        long checksum = tool.equals("official") ? official(records, size) : samsa(records, size);
        System.out.println("payload checksum: " + checksum);
    }

    /** The official tool's loop; the checksum of the payloads. */
    static long official(long records, int size) throws Throwable {
        SplittableRandom random = new SplittableRandom(0);
        byte[] payload = new byte[size];
        List<byte[]> none = List.of();
        Integer recordSize = size;
        long checksum = 0;
        for (long i = 0; i < records; i++) {
            payload = (byte[]) OFFICIAL.invokeExact(recordSize, none, payload, random, false, i);
            checksum += payload[(int) (i % size)];
        }
        return checksum;
    }

    /** Samsa's tool's loop; the checksum of the payloads. */
    static long samsa(long records, int size) {
        SplittableRandom random = new SplittableRandom(0);
        byte[] payload = new byte[size];
        List<byte[]> none = List.of();
        long checksum = 0;
        for (long i = 0; i < records; i++) {
            payload = ProducerPerf.nextPayload(none, true, payload, random, i);
            checksum += payload[(int) (i % size)];
        }
        return checksum;
    }

    private static MethodHandle officialPayloadMethod() {
        try {
            Class<?> c = Class.forName("org.apache.kafka.tools.ProducerPerformance");
            return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).findStatic(c, "generateRandomPayload",
                    MethodType.methodType(byte[].class, Integer.class, List.class, byte[].class,
                            SplittableRandom.class, boolean.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kafka-tools' ProducerPerformance.generateRandomPayload is not on the "
                    + "class path as expected", e);
        }
    }
}
