package dev.samsa.samples;

import dev.samsa.common.Node;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
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
     * Creates the topic if it does not exist yet.
     *
     * @return whether it was created (false: it existed)
     */
    boolean createTopicIfMissing(String topic, int partitions, Duration timeout) {
        if (mock != null) {
            if (mock.topics().contains(topic)) {
                return false;
            }
            mock.createTopic(topic, partitions, 1);
            return true;
        }
        return createTopic(transport, reachable, topic, partitions, timeout);
    }

    /**
     * Creates a topic on a real cluster with one CreateTopics request (broker-default replication factor). Any
     * broker accepts it: KRaft brokers forward it to the controller.
     *
     * <p>TEMPORARY: this sends the protocol message through the {@link Transport} because the Admin client
     * ({@code dev.samsa.admin.Admin}, issue 6) is written in parallel; the lead switches this method to
     * {@code Admin.createTopics} when it lands. Nothing else in the samples touches the protocol layer.
     *
     * @return true if created, false if it already existed
     * @throws SampleException naming the topic and Kafka's error if the broker refuses it
     */
    static boolean createTopic(Transport transport, Node node, String topic, int partitions, Duration timeout) {
        CreateTopicsRequest request = new CreateTopicsRequest()
                .setTopics(new ArrayList<>(List.of(new CreateTopicsRequest.CreatableTopic().setName(topic)
                        .setNumPartitions(partitions).setReplicationFactor((short) -1))))
                .setTimeoutMs((int) timeout.toMillis());
        CreateTopicsResponse response;
        try {
            response = transport.send(node, request).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new SampleException(SampleException.FAILED, "cannot create topic '" + topic + "': "
                    + Cli.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SampleException(SampleException.FAILED, "interrupted while creating topic '" + topic + "'");
        }
        CreateTopicsResponse.CreatableTopicResult result = response.topics().get(0);
        if (result.errorCode() == ErrorCode.NONE.code()) {
            return true;
        }
        if (result.errorCode() == ErrorCode.TOPIC_ALREADY_EXISTS.code()) {
            return false;
        }
        throw new SampleException(SampleException.FAILED, "cannot create topic '" + topic + "' with " + partitions
                + " partitions: " + ErrorCode.forCode(result.errorCode()) + (result.errorMessage() == null ? ""
                        : " (" + result.errorMessage() + ")"));
    }

    @Override
    public void close() {
        transport.close();
        if (mock != null) {
            mock.close();
        }
    }
}
