package dev.samsa.internal.producer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter (KIP-580, Kafka's {@code retry.backoff.ms} / {@code retry.backoff.max.ms}): before
 * attempt {@code n + 1}, wait {@code base * 2^(n-1)} capped at {@code max}, times a random factor in [0.8, 1.2],
 * capped at {@code max} again. Thread-safe.
 */
final class ExponentialBackoff {
    private ExponentialBackoff() {
    }

    /**
     * @param baseMs {@code retry.backoff.ms}
     * @param maxMs {@code retry.backoff.max.ms} (at least {@code baseMs})
     * @param attempts attempts made so far; 0 means no wait
     * @return the wait in ms
     */
    static long backoffMs(long baseMs, long maxMs, int attempts) {
        if (attempts <= 0) {
            return 0;
        }
        long cap = Math.max(baseMs, maxMs);
        if (baseMs <= 0) {
            return 0;
        }
        double exp = baseMs * Math.pow(2, Math.min(attempts - 1, 62));
        double value = Math.min(exp, cap) * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
        return (long) Math.min(value, cap);
    }
}
