package dev.samsa.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.errors.ErrorCode;
import dev.samsa.mock.KafkaApi;
import org.junit.jupiter.api.Test;

/** The quickstart in this JVM against its in-process mock cluster, and the errors a newcomer meets. */
class QuickstartTest {

    @Test
    void twoConsumersSplitThePartitionsAndConsumeEveryRecordExactlyOnce() {
        Run run = Run.quickstart("--records", "2000");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Samsa quickstart on an in-process mock cluster")
                .contains("Created topic 'users' with 3 partitions")
                .containsPattern("Group 'user-processors' is stable: consumer-1 -> users-\\d[ \\w-]*, consumer-2 -> "
                        + "users-\\d")
                .containsPattern("(?m)^total +2,000 +2,000 +0 +0$")
                .contains("OK: all 2,000 records were consumed exactly once, and the committed offsets equal the "
                        + "end offsets.");
        for (int p = 0; p < 3; p++) {
            // partition, owner, produced = consumed = committed = end offset, lag 0, duplicates 0
            assertThat(run.out()).containsPattern("(?m)^" + p + " +consumer-[12] +([\\d,]+) +\\1 +\\1 +\\1 +0 +0$");
        }
    }

    @Test
    void honoursPartitionsConsumersCompressionAndAcks() {
        Run run = Run.quickstart("--records", "1500", "--partitions", "4", "--consumers", "3", "--compression",
                "lz4", "--acks", "1", "--topic", "signups", "--group", "three");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Created topic 'signups' with 4 partitions")
                .containsPattern("Group 'three' is stable: consumer-1 -> signups-\\d.*, consumer-2 -> signups-\\d.*, "
                        + "consumer-3 -> signups-\\d")
                .contains("OK: all 1,500 records were consumed exactly once");
    }

    @Test
    void exitsNonZeroNamingTheProblemWhenTheGroupCannotCommit() {
        Run run = Run.quickstart(cluster -> cluster.faults().on(KafkaApi.OFFSET_COMMIT).always()
                .failWith(ErrorCode.GROUP_AUTHORIZATION_FAILED), "--records", "500");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^total +500 +[\\d,]+ +[1-9][\\d,]* +0$")
                .containsPattern("FAILED: .*committed offsets trail the end offsets by [\\d,]+")
                .containsPattern("consumer-\\d failed: GroupAuthorizationException")
                .doesNotContain("OK:");
    }

    @Test
    void aBadFlagPrintsTheUsageAndExits2() {
        Run run = Run.quickstart("--recrods", "10");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Unknown options: '--recrods', '10'").contains("Usage: quickstart")
                .contains("--records=N");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadValueNamesTheFlagAndExits2() {
        Run acks = Run.quickstart("--acks", "2");
        Run records = Run.quickstart("--records", "many");

        assertThat(acks.status()).isEqualTo(2);
        assertThat(acks.err()).isEqualTo("error: --acks must be 0, 1 or all, got '2' (see --help)"
                + System.lineSeparator());
        assertThat(records.status()).isEqualTo(2);
        assertThat(records.err()).contains("Invalid value for option '--records': 'many' is not an int");
    }

    @Test
    void anUnreachableBootstrapServerIsOneLineNamingTheAddressAndTheTimeout() throws Exception {
        int port = Run.closedPort();

        Run run = Run.quickstart("--bootstrap-servers", "127.0.0.1:" + port, "--connect-timeout", "2000");

        assertThat(run.status()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).startsWith("error: cannot reach the Kafka cluster at 127.0.0.1:" + port
                + " within 2000 ms (").doesNotContain("\tat ").hasLineCount(1);
        assertThat(run.out()).isEmpty();
    }
}
