package dev.samsa.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.netty.NettyTransport;
import dev.samsa.serde.Deserializers;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The classic programs as a newcomer runs them, each in its own JVM: the standalone mock broker, two
 * {@link SignupConsumer}s in one group and a {@link SignupProducer}; then their command-line errors.
 */
class ClassicProgramsTest {
    private static final Pattern RECORD = Pattern.compile("^(c\\d) users-(\\d)@(\\d+) (user-\\S+):");
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @Test
    void twoConsumersInOneGroupSplitThePartitionsConsumeEverythingAndLeaveCleanly() throws Exception {
        try (JavaProcess broker = JavaProcess.start(MockBroker.class, "--port", "0", "--topics", "users:3")) {
            await().atMost(STARTUP).until(() -> line(broker, "bootstrap.servers=") != null);
            String bootstrap = line(broker, "bootstrap.servers=").substring("bootstrap.servers=".length());
            assertThat(broker.out()).contains("Mock Kafka cluster: 1 broker, topics users:3 (unknown topics are "
                    + "created on first use)");

            try (JavaProcess c1 = JavaProcess.start(SignupConsumer.class, "--bootstrap-servers", bootstrap,
                    "--group", "tutorial", "--name", "c1");
                    JavaProcess c2 = JavaProcess.start(SignupConsumer.class, "--bootstrap-servers", bootstrap,
                            "--group", "tutorial", "--name", "c2")) {
                // Both members hold partitions, and together all three, each once.
                await().atMost(STARTUP).until(() -> {
                    Set<String> a1 = assignment(c1);
                    Set<String> a2 = assignment(c2);
                    Set<String> all = new HashSet<>(a1);
                    all.addAll(a2);
                    return !a1.isEmpty() && !a2.isEmpty() && a1.size() + a2.size() == 3 && all.size() == 3;
                });
                Set<String> c1Partitions = assignment(c1);

                JavaProcess producer = JavaProcess.start(SignupProducer.class, "--bootstrap-servers", bootstrap,
                        "--count", "300", "--rate", "0", "--quiet");
                assertThat(producer.waitFor(STARTUP.toSeconds())).as(producer.toString()).isZero();
                assertThat(producer.out()).contains("Sent 300 records: 300 acknowledged, 0 failed");

                await().atMost(Duration.ofSeconds(60)).until(() -> records(c1).size() + records(c2).size() >= 300);
                List<Matcher> received = new java.util.ArrayList<>(records(c1));
                received.addAll(records(c2));
                assertThat(received).hasSize(300);
                assertThat(received.stream().map(m -> m.group(4)).distinct()).hasSize(300);
                // Each member got records only from the partitions it was assigned.
                assertThat(records(c1)).allSatisfy(m -> assertThat(c1Partitions).contains("users-" + m.group(2)));
                assertThat(records(c2)).allSatisfy(m -> assertThat(c1Partitions).doesNotContain("users-"
                        + m.group(2)));

                // SIGTERM runs the shutdown hook, as Ctrl-C does: wakeup, commit, leave the group.
                c1.stop();
                c2.stop();
                for (JavaProcess c : List.of(c1, c2)) {
                    assertThat(c.out()).as(c.toString()).anySatisfy(l -> assertThat(l).endsWith("committed its "
                            + "offsets")).anySatisfy(l -> assertThat(l).contains("left group 'tutorial' after"));
                    assertThat(c.err()).as(c.toString()).isEmpty();
                }
                assertCommittedAtTheEnd(bootstrap, "tutorial", 300);
            }
            broker.stop();
            assertThat(broker.out()).contains("Stopping the mock cluster");
        }
    }

    @Test
    void aBadFlagPrintsTheUsageAndExits2() throws Exception {
        try (JavaProcess producer = JavaProcess.start(SignupProducer.class, "--cuont", "5")) {
            assertThat(producer.waitFor(STARTUP.toSeconds())).isEqualTo(2);
            assertThat(producer.err()).as(producer.toString()).first().asString()
                    .isEqualTo("error: Unknown options: '--cuont', '5'");
            assertThat(String.join("\n", producer.err())).contains("Usage: signup-producer [-hV] [--quiet]")
                    .contains("--count=N");
        }
    }

    @Test
    void anUnreachableBootstrapServerIsOneLineOnStderrAndExits3() throws Exception {
        int port = Run.closedPort();
        try (JavaProcess consumer = JavaProcess.start(SignupConsumer.class, "--bootstrap-servers",
                "127.0.0.1:" + port, "--connect-timeout", "1500")) {
            assertThat(consumer.waitFor(STARTUP.toSeconds())).as(consumer.toString()).isEqualTo(3);
            assertThat(consumer.err()).as(consumer.toString()).singleElement().asString()
                    .startsWith("error: cannot reach the Kafka cluster at 127.0.0.1:" + port + " within 1500 ms (");
        }
    }

    @Test
    void theMockBrokerRejectsABadTopicSpec() throws Exception {
        try (JavaProcess broker = JavaProcess.start(MockBroker.class, "--port", "0", "--topics", "orders:six")) {
            assertThat(broker.waitFor(STARTUP.toSeconds())).isEqualTo(2);
            assertThat(broker.err()).containsExactly("error: --topics orders:six: expected NAME[:PARTITIONS[:REPLICAS]],"
                    + " e.g. orders:6 (see --help)");
        }
    }

    private static String line(JavaProcess p, String prefix) {
        return p.out().stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    /** The partitions of the member's latest "assigned:" line. */
    private static Set<String> assignment(JavaProcess consumer) {
        List<String> assigned = consumer.out().stream().filter(l -> l.contains(" assigned: ")).toList();
        if (assigned.isEmpty()) {
            return Set.of();
        }
        String last = assigned.get(assigned.size() - 1);
        String partitions = last.substring(last.indexOf(" assigned: ") + " assigned: ".length());
        return partitions.equals("(none)") ? Set.of() : Set.of(partitions.split(", "));
    }

    private static List<Matcher> records(JavaProcess consumer) {
        return consumer.out().stream().map(RECORD::matcher).filter(Matcher::find).toList();
    }

    private static void assertCommittedAtTheEnd(String bootstrap, String group, long records) {
        List<TopicPartition> tps = IntStream.range(0, 3).mapToObj(p -> new TopicPartition("users", p)).toList();
        try (NettyTransport transport = NettyTransport.builder().bootstrapServers(bootstrap).build();
                Consumer<String, String> inspector = Consumer.builder(Deserializers.forString(),
                        Deserializers.forString()).transport(transport).groupId(group).enableAutoCommit(false)
                        .build()) {
            Map<TopicPartition, OffsetAndMetadata> committed = inspector.committed(Set.copyOf(tps));
            Map<TopicPartition, Long> end = inspector.endOffsets(tps);
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(records);
            for (TopicPartition tp : tps) {
                assertThat(committed.get(tp)).as("committed offset of %s", tp).isNotNull();
                assertThat(committed.get(tp).offset()).as("committed offset of %s", tp).isEqualTo(end.get(tp));
            }
        }
    }
}
