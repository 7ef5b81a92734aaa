package dev.samsa.scenarios;

import dev.samsa.consumer.Consumer;
import dev.samsa.netty.NettyTransport;
import dev.samsa.serde.Deserializers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A consumer group member in a JVM of its own, for the failover scenarios to kill with {@code kill -9}
 * ({@link Process#destroyForcibly()}): it runs {@link GroupMember#run} over a {@link NettyTransport} and writes its
 * events to stdout, one per line: {@code R <partition> <offset>} (processed), {@code T <partition> <next offset>}
 * (about to commit), {@code C <partition> <next offset>} (commit accepted), {@code A <p>,<p>,...} (assignment).
 * Commit and assignment lines are flushed before the member goes on, so a line the parent read is a fact. It
 * halts when its stdin closes, so it never outlives the test JVM.
 *
 * <p>Arguments: {@code bootstrap.servers group.id topic session.timeout.ms}.
 */
public final class GroupMemberMain {
    private GroupMemberMain() {
    }

    /** Runs the member until killed or until stdin closes. */
    public static void main(String[] args) {
        String bootstrap = args[0];
        String group = args[1];
        String topic = args[2];
        int sessionTimeoutMs = Integer.parseInt(args[3]);
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (IOException e) {
                // the parent is gone either way
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false,
                StandardCharsets.US_ASCII);
        GroupMember.Events events = new GroupMember.Events() {
            @Override
            public synchronized void processed(int partition, long offset) {
                out.println("R " + partition + " " + offset);
            }

            @Override
            public synchronized void committing(int partition, long nextOffset) {
                out.println("T " + partition + " " + nextOffset);
                out.flush(); // the records processed so far are reported before their commit can happen
            }

            @Override
            public synchronized void committed(int partition, long nextOffset) {
                out.println("C " + partition + " " + nextOffset);
                out.flush();
            }

            @Override
            public synchronized void assigned(Set<Integer> partitions) {
                out.println("A " + partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
                out.flush();
            }
        };
        try (NettyTransport transport = NettyTransport.builder().bootstrapServers(bootstrap)
                .clientId("failover-victim").build();
             Consumer<String, String> consumer = FailoverScenarios.member(transport, group, sessionTimeoutMs,
                     Deserializers.forString())) {
            GroupMember.run(consumer, topic, events, () -> true);
        }
    }
}
