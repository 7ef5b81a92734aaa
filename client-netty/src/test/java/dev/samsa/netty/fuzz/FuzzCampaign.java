package dev.samsa.netty.fuzz;

import dev.samsa.common.CompressionType;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.netty.fuzz.Targets.MessageCase;
import dev.samsa.netty.fuzz.Targets.Outcome;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;


/**
 * A long mutation-fuzzing campaign over the three decoders of {@link DecoderFuzzTest}, outside JUnit: by default
 * 1,000,000 inputs per target, 10% of them pure random bytes and the rest 1-4 mutations of a valid encoding. Prints
 * the outcome counts and rates; exits with status 1 at the first input that ends in an undocumented exception or a
 * hang, printing it.
 *
 * <p>Run from the module directory after {@code mvn test-compile}:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.samsa.netty.fuzz.FuzzCampaign [inputs] [seed]}
 * where {@code cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class FuzzCampaign {
    private FuzzCampaign() {
    }

    /**
     * Runs the campaign.
     *
     * @param args {@code [inputs per target, default 1000000] [seed, default 1] [frame inputs, default = inputs]}
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        int frameInputs = args.length > 2 ? Integer.parseInt(args[2]) : inputs;
        System.out.printf("Fuzz campaign: %,d inputs per target (%,d frames), seed %d%n", inputs, frameInputs, seed);
        try {
            responses(inputs, new Random(seed));
            batches(inputs, new Random(seed + 1));
            frames(frameInputs, new Random(seed + 2));
        } catch (AssertionError e) {
            System.out.println("FAILED: " + e.getMessage());
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void responses(int inputs, Random r) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        Map<MessageCase, byte[][]> seeds = new HashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < inputs; i++) {
            MessageCase c = Targets.RESPONSES.get(r.nextInt(Targets.RESPONSES.size()));
            byte[] input = r.nextInt(10) == 0 ? randomBytes(r)
                    : Mutation.apply(pick(seeds.computeIfAbsent(c, k -> seedsOf(k, r.nextLong())), r),
                            Mutation.randomList(r));
            counts.merge(Targets.decodeResponse(c, input), 1L, Long::sum);
        }
        report("(b) response classes' read(), " + Targets.RESPONSES.size() + " message versions", inputs, counts,
                start);
    }

    private static void batches(int inputs, Random r) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        Map<CompressionType, Long> perCodec = new EnumMap<>(CompressionType.class);
        Map<CompressionType, byte[][]> seeds = new EnumMap<>(CompressionType.class);
        for (CompressionType codec : CompressionType.values()) {
            byte[][] pool = new byte[64][];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = Targets.batchSeed(codec, r.nextLong());
            }
            seeds.put(codec, pool);
        }
        long fixedCrc = 0;
        long start = System.nanoTime();
        for (int i = 0; i < inputs; i++) {
            CompressionType codec = CompressionType.values()[r.nextInt(CompressionType.values().length)];
            byte[] input = r.nextInt(10) == 0 ? randomBytes(r)
                    : Mutation.apply(pick(seeds.get(codec), r), Mutation.randomList(r));
            boolean fixCrc = r.nextInt(4) != 0;
            fixedCrc += fixCrc ? 1 : 0;
            counts.merge(Targets.decodeBatches(input, fixCrc), 1L, Long::sum);
            perCodec.merge(codec, 1L, Long::sum);
        }
        report("(c) record batches " + perCodec + ", CRC recomputed for " + fixedCrc, inputs, counts, start);
    }

    private static void frames(int inputs, Random r) throws InterruptedException {
        List<ApiKey> apis = Targets.sendableApis();
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        Map<ApiKey, byte[][]> seeds = new EnumMap<>(ApiKey.class);
        long start = System.nanoTime();
        try (FrameHarness harness = new FrameHarness()) {
            for (int i = 0; i < inputs; i++) {
                ApiKey api = apis.get(r.nextInt(apis.size()));
                byte[] input = r.nextInt(10) == 0 ? randomBytes(r)
                        : Mutation.apply(pick(seeds.computeIfAbsent(api, k -> framesOf(k, r.nextLong())), r),
                                Mutation.randomList(r));
                counts.merge(harness.run(api, input), 1L, Long::sum);
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("  ... %,d frames%n", i + 1);
                }
            }
        }
        report("(a) response frames through BrokerConnection, " + apis.size() + " APIs", inputs, counts, start);
    }

    private static byte[][] seedsOf(MessageCase c, long seed) {
        byte[][] pool = new byte[4][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = Targets.responseSeed(c, seed + i);
        }
        return pool;
    }

    private static byte[][] framesOf(ApiKey api, long seed) {
        byte[][] pool = new byte[4][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = FrameHarness.responseFrame(api, seed + i);
        }
        return pool;
    }

    private static byte[] pick(byte[][] pool, Random r) {
        return pool[r.nextInt(pool.length)];
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(256)];
        r.nextBytes(b);
        return b;
    }

    private static void report(String target, int inputs, Map<Outcome, Long> counts, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s: %,d inputs in %.1f s (%,.0f/s): %s; unexpected exceptions: 0, hangs: 0%n", target,
                inputs, seconds, inputs / seconds, counts);
    }

}
