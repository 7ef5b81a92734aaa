package dev.samsa.internal.producer;

/**
 * MurmurHash2 (Austin Appleby's 32-bit algorithm, seed {@code 0x9747b28c}), the hash Apache Kafka's default partitioner
 * applies to key bytes. Samsa must pick the same partition for a key as every official client, so this matches
 * Kafka's {@code Utils.murmur2} bit for bit (tested against it). Stateless and thread-safe.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The 32-bit MurmurHash2 of {@code data}. */
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = i << 2;
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length & ~3;
        switch (length & 3) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /** Clears the sign bit, as Kafka's {@code Utils.toPositive} ({@code Integer.MIN_VALUE} maps to 0). */
    public static int toPositive(int n) {
        return n & 0x7fffffff;
    }

    /** Kafka's partition for a keyed record: {@code toPositive(murmur2(keyBytes)) % numPartitions}. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return toPositive(hash(keyBytes)) % numPartitions;
    }
}
