package dev.samsa.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.testkit.KafkaCluster;
import dev.samsa.testkit.RealKafka;
import org.junit.jupiter.api.Test;

/** The quickstart, unchanged, against a real Apache Kafka broker (started by testkit). */
@RealKafka
class QuickstartIT {

    @Test
    void consumesEveryRecordExactlyOnceOnARealBrokerAndAgainOnTheSameTopic(KafkaCluster kafka) {
        Run first = Run.quickstart("--bootstrap-servers", kafka.bootstrapServers(), "--records", "2000");

        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.out())
                .contains("Samsa quickstart on the Kafka cluster at " + kafka.bootstrapServers())
                .contains("Created topic 'users' with 3 partitions")
                .containsPattern("Group 'user-processors' is stable: consumer-1 -> users-\\d[ \\w-]*, consumer-2 -> "
                        + "users-\\d")
                .containsPattern("(?m)^total +2,000 +2,000 +0 +0$")
                .contains("OK: all 2,000 records were consumed exactly once, and the committed offsets equal the "
                        + "end offsets.");

        // A second run finds the topic and the group's offsets from the first, and checks only its own records.
        Run second = Run.quickstart("--bootstrap-servers", kafka.bootstrapServers(), "--records", "1000",
                "--compression", "zstd");

        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Using existing topic 'users' with 3 partitions")
                .contains("OK: all 1,000 records were consumed exactly once");
    }
}
