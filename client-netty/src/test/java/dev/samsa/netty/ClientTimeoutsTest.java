package dev.samsa.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.consumer.Consumer;
import dev.samsa.errors.TimeoutException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.producer.Producer;
import dev.samsa.producer.ProducerRecord;
import dev.samsa.serde.Deserializers;
import dev.samsa.serde.Serializers;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's "Timeouts" at the level of the clients, over {@link NettyTransport}: a bootstrap list where nothing
 * listens fails the first metadata wait with one error naming every address tried, and a broker that accepts TCP but
 * never answers shows up as {@code request.timeout.ms} in that error. (The transport-level cases are in
 * {@link NettyTransportTest}: {@code silentBrokerTripsTheRequestTimeout...},
 * {@code unreachableBootstrapServersFailOnceNamingEveryAddressTried}.)
 */
class ClientTimeoutsTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** Three loopback addresses where nothing listens (ports just released). */
    private static List<String> deadAddresses() throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                out.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        return out;
    }

    private NettyTransport transport(String bootstrap, Duration requestTimeout) {
        NettyTransport t = NettyTransport.builder().bootstrapServers(bootstrap).requestTimeout(requestTimeout)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
        closeables.add(t);
        return t;
    }

    private Producer<String, String> producer(NettyTransport transport) {
        Producer<String, String> p = Producer.builder(Serializers.forString(), Serializers.forString())
                .transport(transport).maxBlock(Duration.ofSeconds(5)).build();
        closeables.add(() -> p.close(Duration.ZERO));
        return p;
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return future.handle((v, e) -> e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)
                .orTimeout(60, TimeUnit.SECONDS).join();
    }

    @Test
    void producerOnAnUnreachableBootstrapListFailsNamingEveryAddressTried() throws Exception {
        List<String> dead = deadAddresses();
        Producer<String, String> producer = producer(transport(String.join(",", dead), Duration.ofSeconds(5)));

        Throwable error = failure(producer.send(new ProducerRecord<>("orders", "k", "v")));

        assertThat(error).isInstanceOf(TimeoutException.class).hasMessageContaining("Topic 'orders'")
                .hasMessageContaining("max.block.ms").hasMessageContaining("no broker answered a Metadata request");
        for (String address : dead) {
            assertThat(error).hasMessageContaining(address);
        }
    }

    @Test
    void consumerOnAnUnreachableBootstrapListFailsNamingEveryAddressTried() throws Exception {
        List<String> dead = deadAddresses();
        NettyTransport transport = transport(String.join(",", dead), Duration.ofSeconds(5));
        try (Consumer<String, String> consumer = Consumer.builder(Deserializers.forString(),
                Deserializers.forString()).transport(transport).build()) {

            assertThatThrownBy(() -> consumer.partitionsFor("orders", Duration.ofSeconds(5)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("Metadata of topic 'orders'")
                    .hasMessageContaining("no broker answered a Metadata request")
                    .hasMessageContaining(dead.get(0)).hasMessageContaining(dead.get(1))
                    .hasMessageContaining(dead.get(2));
        }
    }

    @Test
    void producerOnABrokerThatNeverAnswersNamesTheRequestTimeout() throws Exception {
        FakeBroker silent = new FakeBroker(); // answers ApiVersions, then nothing
        closeables.add(silent);
        Producer<String, String> producer = producer(transport(silent.bootstrap(), Duration.ofMillis(300)));

        Throwable error = failure(producer.send(new ProducerRecord<>("orders", "k", "v")));

        assertThat(error).isInstanceOf(TimeoutException.class).hasMessageContaining("max.block.ms")
                .hasMessageContaining(silent.bootstrap()).hasMessageContaining("request.timeout.ms=300");
        assertThat(silent.received(ApiKey.METADATA).stream().map(FakeBroker.Request::channel)
                .collect(Collectors.toSet())).as("connections: a timed-out request closes its own")
                .hasSizeGreaterThan(1);
    }
}
