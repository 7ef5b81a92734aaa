package dev.samsa.samples;

import dev.samsa.admin.Admin;
import dev.samsa.admin.NewTopic;
import dev.samsa.common.Node;
import dev.samsa.errors.TopicExistsException;
import dev.samsa.mock.MockCluster;
import dev.samsa.netty.NettyTransport;
import dev.samsa.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The cluster a sample program talks to: an in-process {@link MockCluster} (no setup at all) or a real Kafka
 * cluster through a {@link NettyTransport}. Closing it closes the transport and the mock.
 */
final class SampleCluster implements AutoCloseable {
    /** How long the programs wait for a bootstrap server to answer, unless told otherwise. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final MockCluster mock;
    private final Transport transport;
    private final Node reachable;
    private final String description;

    private SampleCluster(MockCluster mock, Transport transport, Node reachable, String description) {
        this.mock = mock;
        this.transport = transport;
        this.reachable = reachable;
        this.description = description;
    }

    /** A fresh single-broker mock cluster, in process. */
    static SampleCluster inProcessMock() {
        MockCluster cluster = MockCluster.builder().build();
        return new SampleCluster(cluster, cluster.transport("samples"), null, "an in-process mock cluster");
    }

    /**
     * A transport to a real cluster, checked by asking the bootstrap servers for their API versions, so that an
     * unreachable cluster is one clear error rather than a long wait inside the clients.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param clientId the client id the brokers see
     * @param timeout how long to wait for a bootstrap server to answer
     * @throws SampleException ({@link SampleException#UNREACHABLE}) if no bootstrap server answers within
     *     {@code timeout}; ({@link SampleException#USAGE}) if the addresses are malformed
     */
    static SampleCluster connect(String bootstrapServers, String clientId, Duration timeout) {
        NettyTransport transport;
        try {
            transport = NettyTransport.builder().bootstrapServers(bootstrapServers).clientId(clientId)
                    .connectionSetupTimeout(timeout).build();
        } catch (IllegalArgumentException | dev.samsa.errors.ConfigException e) {
            throw new SampleException(SampleException.USAGE, "--bootstrap-servers " + bootstrapServers + ": "
                    + e.getMessage());
        }
        try {
            Node node = firstAnswering(transport, timeout);
            return new SampleCluster(null, transport, node, "the Kafka cluster at " + bootstrapServers);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private static Node firstAnswering(NettyTransport transport, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> failures = new ArrayList<>();
        for (Node node : transport.bootstrapNodes()) {
            try {
                transport.apiVersions(node).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return node;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failures.add(node.address() + ": " + (cause.getMessage() != null ? cause.getMessage()
                        : cause.getClass().getSimpleName()));
            } catch (TimeoutException e) {
                failures.add(node.address() + ": no answer");
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SampleException(SampleException.FAILED, "interrupted while connecting");
            }
        }
        String addresses = transport.bootstrapNodes().stream().map(Node::address).collect(Collectors.joining(","));
        throw new SampleException(SampleException.UNREACHABLE, "cannot reach the Kafka cluster at " + addresses
                + " within " + timeout.toMillis() + " ms (" + String.join("; ", failures) + ")");
    }

    /** The transport every client of this program shares. */
    Transport transport() {
        return transport;
    }

    /** The in-process mock, or null for a real cluster. */
    MockCluster mock() {
        return mock;
    }

    /** "an in-process mock cluster" or "the Kafka cluster at host:port". */
    String description() {
        return description;
    }

    /**
     * Creates the topic through the Admin client (broker-default replication factor) if it does not exist yet; the
     * same call on the in-process mock and on a real cluster.
     *
     * @return whether it was created (false: it existed)
     * @throws SampleException naming the topic and Kafka's error if the cluster refuses it
     */
    boolean createTopicIfMissing(String topic, int partitions, Duration timeout) {
        try (Admin admin = Admin.builder().transport(transport).defaultApiTimeout(timeout).build()) {
            admin.createTopics(List.of(NewTopic.of(topic, partitions, -1))).value(topic)
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new SampleException(SampleException.FAILED, "cannot create topic '" + topic + "' with " + partitions
                    + " partitions: " + Cli.describe(e));
        } catch (TimeoutException e) {
            throw new SampleException(SampleException.FAILED, "cannot create topic '" + topic + "': " + Cli.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SampleException(SampleException.FAILED, "interrupted while creating topic '" + topic + "'");
        }
    }

    @Override
    public void close() {
        transport.close();
        if (mock != null) {
            mock.close();
        }
    }
}
