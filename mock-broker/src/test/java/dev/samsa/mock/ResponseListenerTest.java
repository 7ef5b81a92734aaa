package dev.samsa.mock;

import static dev.samsa.mock.Kafka.batch;
import static dev.samsa.mock.Kafka.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Node;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.internal.protocol.message.ProduceResponse;
import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import dev.samsa.transport.TransportClosedException;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mock cluster's transport through the listener form of send (the SPI's default bridge to its futures): the
 * outcomes the futures have, each given to the listener once.
 */
class ResponseListenerTest {
    private final ManualTime time = new ManualTime();
    private MockCluster cluster;
    private Transport transport;
    private Node leader;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.builder().brokers(1).time(time).topic("orders", 1, 1).build();
        transport = cluster.transport();
        leader = cluster.broker(cluster.partition("orders", 0).leader());
    }

    @AfterEach
    void tearDown() {
        transport.close();
        cluster.close();
    }

    /** Records every call with its thread. */
    private static final class Recorder<R> implements Transport.ResponseListener<R> {
        final List<Object[]> calls = new CopyOnWriteArrayList<>();

        @Override
        public void onComplete(R response, Throwable error) {
            calls.add(new Object[] {response, error, Thread.currentThread()});
        }
    }

    @Test
    void aProduceIsAnsweredOnceOnTheCallersThread() {
        UUID topicId = Kafka.topicId(transport, "orders");
        ByteBuf records = batch(1_000, "a=1", "b=2");
        Recorder<ProduceResponse> listener = new Recorder<>();
        try {
            transport.send(leader, produce(topicId, "orders", 0, records, 1), (short) 3, (short) 12, listener);
        } finally {
            records.release();
        }

        assertThat(listener.calls).hasSize(1);
        assertThat(listener.calls.get(0)[1]).isNull();
        assertThat(listener.calls.get(0)[2]).isSameAs(Thread.currentThread());
        ProduceResponse response = (ProduceResponse) listener.calls.get(0)[0];
        assertThat(response.responses().get(0).partitionResponses().get(0).errorCode()).isZero();
        assertThat(cluster.records("orders", 0)).hasSize(2);
    }

    @Test
    void failuresReachTheListenerUnwrapped() {
        Recorder<MetadataResponse> unsupported = new Recorder<>();
        transport.send(leader, new MetadataRequest(), (short) 200, (short) 300, unsupported);
        transport.close();
        Recorder<MetadataResponse> closed = new Recorder<>();
        transport.send(leader, new MetadataRequest(), (short) 0, (short) 12, closed);

        assertThat(unsupported.calls).hasSize(1);
        assertThat(unsupported.calls.get(0)[1]).isInstanceOf(UnsupportedVersionException.class);
        assertThat(closed.calls).hasSize(1);
        assertThat(closed.calls.get(0)[1]).isInstanceOf(TransportClosedException.class);
    }
}
