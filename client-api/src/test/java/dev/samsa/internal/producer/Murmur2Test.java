package dev.samsa.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class Murmur2Test {
    @Test
    void hashEqualsTheOfficialClientsOverRandomKeys() {
        Random random = new Random(20240101);
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[random.nextInt(i < 1000 ? 8 : 200)];
            random.nextBytes(key);
            assertThat(Murmur2.hash(key)).as("key of %d bytes", key.length).isEqualTo(Utils.murmur2(key));
            int partitions = 1 + random.nextInt(1000);
            assertThat(Murmur2.partitionForKey(key, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void toPositiveMatchesKafka() {
        for (int n : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, -123456}) {
            assertThat(Murmur2.toPositive(n)).isEqualTo(Utils.toPositive(n));
        }
        byte[] key = "order-42".getBytes(StandardCharsets.UTF_8);
        assertThat(Murmur2.partitionForKey(key, 12)).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 12);
    }
}
