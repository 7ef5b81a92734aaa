package dev.samsa.netty.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One edit of a byte string, as mutation fuzzers make them: bit flips, "interesting" integers written over length
 * and count fields (0, -1, MAX, MIN, off-by-one sizes), truncation, deletion, duplication and insertion of ranges,
 * random tails. Positions are taken modulo the input length, so a mutation applies to any input; jqwik shrinks lists
 * of them to the smallest failing edit.
 *
 * @param kind what to do
 * @param position where (modulo the length)
 * @param length how many bytes a range edit touches (1..64)
 * @param value the bit, byte or integer written, or the random seed of inserted bytes
 */
record Mutation(Kind kind, int position, int length, long value) {

    enum Kind { FLIP_BIT, SET_BYTE, SET_INT16, SET_INT32, SET_VARINT, TRUNCATE, DELETE, DUPLICATE, INSERT, APPEND }

    /** Values that break length and count checks: boundaries, signs, off-by-ones (relative ones added at apply). */
    private static final long[] INTERESTING = {0, 1, -1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, 64, 4096, 1 << 20};

    byte[] apply(byte[] in) {
        int n = in.length;
        int at = n == 0 ? 0 : Math.floorMod(position, n);
        return switch (kind) {
            case FLIP_BIT -> n == 0 ? in : with(in, at, (byte) (in[at] ^ (1 << (value & 7))));
            case SET_BYTE -> n == 0 ? in : with(in, at, (byte) value);
            case SET_INT16 -> put(in, at, 2, interesting(n));
            case SET_INT32 -> put(in, at, 4, interesting(n));
            case SET_VARINT -> splice(in, at, Math.min(1, n - at), varint(interesting(n)));
            case TRUNCATE -> Arrays.copyOf(in, at);
            case DELETE -> splice(in, at, Math.min(length, n - at), new byte[0]);
            case DUPLICATE -> splice(in, at, 0, Arrays.copyOfRange(in, at, Math.min(n, at + length)));
            case INSERT -> splice(in, at, 0, random(length, value));
            case APPEND -> splice(in, n, 0, random(length, value));
        };
    }

    static byte[] apply(byte[] seed, List<Mutation> mutations) {
        byte[] out = seed;
        for (Mutation m : mutations) {
            out = m.apply(out);
        }
        return out;
    }

    /** Either one of {@link #INTERESTING}, a size near the input's, or the raw value. */
    private long interesting(int inputLength) {
        int pick = (int) Math.floorMod(value, INTERESTING.length + 4L);
        if (pick < INTERESTING.length) {
            return INTERESTING[pick];
        }
        return switch (pick - INTERESTING.length) {
            case 0 -> inputLength;
            case 1 -> inputLength + 1;
            case 2 -> inputLength - 1;
            default -> value >> 8;
        };
    }

    private static byte[] with(byte[] in, int at, byte b) {
        byte[] out = in.clone();
        out[at] = b;
        return out;
    }

    private static byte[] put(byte[] in, int at, int width, long v) {
        byte[] out = in.clone();
        for (int i = 0; i < width && at + i < out.length; i++) {
            out[at + i] = (byte) (v >>> (8 * (width - 1 - i)));
        }
        return out;
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }

    private static byte[] varint(long v) {
        byte[] buf = new byte[10];
        int i = 0;
        long u = v & 0xFFFFFFFFL; // unsigned 32-bit, as Kafka's varints
        while ((u & ~0x7FL) != 0 && i < 9) {
            buf[i++] = (byte) ((u & 0x7F) | 0x80);
            u >>>= 7;
        }
        buf[i++] = (byte) u;
        return Arrays.copyOf(buf, i);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A random mutation, for campaigns outside jqwik. */
    static Mutation random(Random r) {
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        return new Mutation(kind, r.nextInt(Integer.MAX_VALUE), 1 + r.nextInt(64), r.nextLong());
    }

    /** 1 to 4 random mutations. */
    static List<Mutation> randomList(Random r) {
        Mutation[] ms = new Mutation[1 + r.nextInt(4)];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = random(r);
        }
        return List.of(ms);
    }

    /** jqwik's generator: every kind, any position, short ranges, values biased to small numbers by shrinking. */
    static Arbitrary<Mutation> arbitrary() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 64), Arbitraries.longs()).as(Mutation::new);
    }

    static Arbitrary<List<Mutation>> lists() {
        return arbitrary().list().ofMinSize(1).ofMaxSize(4);
    }
}
