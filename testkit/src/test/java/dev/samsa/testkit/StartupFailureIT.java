package dev.samsa.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker that cannot start fails {@link KafkaCluster#start()} with its log in the message. */
class StartupFailureIT {

    @Test
    void invalidConfigurationFailsWithTheLogTail() {
        KafkaCluster cluster = KafkaCluster.builder().serverProperty("num.network.threads", "zero").build();
        assertThatThrownBy(cluster::start)
                .isInstanceOf(KafkaClusterException.class)
                .hasMessageContaining("broker 1 failed to format its storage")
                .hasMessageContaining(cluster.logFile(1).toString())
                .hasMessageContaining("--- last lines ---")
                .hasMessageContaining("num.network.threads");
        assertThat(cluster.isRunning(1)).isFalse();
        cluster.close();
    }
}
