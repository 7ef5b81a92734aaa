package dev.samsa.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.Node;
import dev.samsa.errors.DisconnectException;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.time.Time;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The default {@link Transport#send(Node, ApiRequest, short, short, Transport.ResponseListener)}: a bridge. */
class TransportResponseListenerTest {
    private static final Node NODE = new Node(1, "broker", 9092);

    /** A transport whose ranged send returns {@link #next} and records the range it was given. */
    private static final class FutureTransport implements Transport {
        CompletableFuture<ApiResponse> next = new CompletableFuture<>();
        short min;
        short max;

        @Override
        public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request, short minVersion,
                short maxVersion) {
            min = minVersion;
            max = maxVersion;
            return (CompletableFuture<R>) next;
        }

        @Override
        public CompletableFuture<ApiVersionRanges> apiVersions(Node node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Node> bootstrapNodes() {
            return List.of();
        }

        @Override
        public Time time() {
            return Time.SYSTEM;
        }

        @Override
        public void close() {
        }
    }

    /** Records every call. */
    private static final class Recorder implements Transport.ResponseListener<MetadataResponse> {
        final List<Object[]> calls = new CopyOnWriteArrayList<>();

        @Override
        public void onComplete(MetadataResponse response, Throwable error) {
            calls.add(new Object[] {response, error});
        }
    }

    @Test
    void passesTheRangeOnAndCallsTheListenerOnceWithTheResponseWhenTheFutureCompletes() {
        FutureTransport transport = new FutureTransport();
        Recorder listener = new Recorder();

        transport.send(NODE, new MetadataRequest(), (short) 4, (short) 9, listener);

        assertThat(transport.min).isEqualTo((short) 4);
        assertThat(transport.max).isEqualTo((short) 9);
        assertThat(listener.calls).isEmpty(); // not before the outcome is known
        MetadataResponse response = new MetadataResponse().setClusterId("c");
        transport.next.complete(response);
        transport.next.complete(new MetadataResponse()); // ignored by the future, so never a second call
        assertThat(listener.calls).hasSize(1);
        assertThat(listener.calls.get(0)).containsExactly(response, null);
    }

    @Test
    void callsTheListenerAtOnceOnTheCallersThreadWhenTheFutureIsDoneAlready() {
        FutureTransport transport = new FutureTransport();
        DisconnectException failure = new DisconnectException("lost");
        transport.next = CompletableFuture.failedFuture(failure);
        Recorder listener = new Recorder();
        Thread[] thread = new Thread[1];

        transport.send(NODE, new MetadataRequest(), (short) 0, (short) 12, (MetadataResponse r, Throwable e) -> {
            thread[0] = Thread.currentThread();
            listener.onComplete(r, e);
        });

        assertThat(thread[0]).isSameAs(Thread.currentThread());
        assertThat(listener.calls).hasSize(1);
        assertThat(listener.calls.get(0)).containsExactly(null, failure);
    }

    @Test
    void unwrapsTheCompletionExceptionOfADependentFuture() {
        FutureTransport transport = new FutureTransport();
        CompletableFuture<ApiResponse> source = new CompletableFuture<>();
        transport.next = source.thenApply(r -> r); // fails with a CompletionException wrapping the cause
        Recorder listener = new Recorder();
        transport.send(NODE, new MetadataRequest(), (short) 0, (short) 12, listener);

        RequestTimeoutException timeout = new RequestTimeoutException("no answer");
        source.completeExceptionally(timeout);

        assertThat(listener.calls).hasSize(1);
        assertThat(listener.calls.get(0)).containsExactly(null, timeout);
    }

    @Test
    void whatTheListenerThrowsDoesNotReachWhoeverCompletedTheFuture() {
        FutureTransport transport = new FutureTransport();
        transport.send(NODE, new MetadataRequest(), (short) 0, (short) 12, (MetadataResponse r, Throwable e) -> {
            throw new IllegalStateException("listener bug");
        });

        assertThat(transport.next.complete(new MetadataResponse())).isTrue();
    }

    @Test
    void aNullListenerIsRefused() {
        FutureTransport transport = new FutureTransport();

        assertThatThrownBy(() -> transport.send(NODE, new MetadataRequest(), (short) 0, (short) 12, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("listener");
    }
}
