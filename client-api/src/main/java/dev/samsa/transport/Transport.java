package dev.samsa.transport;

import dev.samsa.common.Node;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.time.Time;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one seam between Samsa's client engines and a Kafka cluster: send a typed request to a broker, get a future of
 * its typed response. Two implementations exist: {@code NettyTransport} (module client-netty) speaks the wire
 * protocol to real brokers; {@code MockCluster.transport()} (module mock-broker) serves the same requests in memory.
 * Applications create one, hand it to any number of producers, consumers and admin clients, and close it last:
 * closing a client never closes a transport it was given.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Versions.</b> {@link #send(Node, ApiRequest)} encodes the request at the highest version both this client
 *   ({@link ApiKey#latestStableVersion()}) and the broker (its ApiVersions response) support; the
 *   {@linkplain #send(Node, ApiRequest, short, short) ranged form} bounds that choice. No common version fails the
 *   future with {@link dev.samsa.errors.UnsupportedVersionException}, nothing is sent.</li>
 *   <li><b>Order.</b> Requests to one node in one traffic class (produce; fetch; everything else, on separate
 *   connections where the transport has connections, so a long fetch wait never delays a produce) are written in
 *   call order, and their futures complete in that order.</li>
 *   <li><b>No response.</b> A Produce request with {@code acks=0} gets no response from a broker: its future
 *   completes with {@code null} once the request is written.</li>
 *   <li><b>Failures</b> complete the future exceptionally, never throw from {@code send}: {@link
 *   ConnectionRefusedException} (nothing listens, or the connection could not be set up), {@link
 *   dev.samsa.errors.DisconnectException} (the connection was lost or closed with the request in flight; whether the broker acted on
 *   it is unknown), {@link RequestTimeoutException} ({@code request.timeout.ms} passed without a response; the
 *   connection is closed, as the official client does), {@link CorruptFrameException} (the broker's bytes did not
 *   decode, or answered the wrong correlation id; that connection is closed and every request in flight on it fails
 *   with it), and {@link TransportClosedException} after {@link #close()}. The transport never retries a request
 *   itself: retries belong to the engines, which know whether a request is idempotent; it does reconnect with
 *   {@code reconnect.backoff.ms} .. {@code reconnect.backoff.max.ms} before the next request to that node.</li>
 *   <li><b>Threads.</b> All methods are thread-safe and non-blocking. Futures complete on a transport thread
 *   (an I/O thread for Netty); dependent stages must not block — hop to an executor for anything slow.</li>
 * </ul>
 *
 * <h2>Who implements and calls it</h2>
 * This SPI is for Samsa's own transports. Request and response bodies are Samsa's generated protocol classes
 * ({@code dev.samsa.internal.protocol.message}, built on {@code dev.samsa.internal.protocol}); they are internal and
 * may change between releases, which is why implementing a {@code Transport} outside Samsa, or calling
 * {@link #send(Node, ApiRequest) send} from application code, is not supported. The module descriptor says the same:
 * module {@code dev.samsa.client} exports those two packages only to {@code dev.samsa.netty} and
 * {@code dev.samsa.mock} (qualified exports), so on the module path an application can create a transport, pass it
 * to the producer, consumer and admin builders, read {@link #bootstrapNodes()} and {@link #time()} and close it, but
 * cannot name the message types. A request must not be touched after it is sent. A response that carries record
 * bytes ({@code FetchResponse}) holds retained buffers that its receiver releases.
 */
// "exports": send's ApiRequest/ApiResponse are in a package exported only to Samsa's transport modules, on purpose
// (see above).
@SuppressWarnings("exports")
public interface Transport extends AutoCloseable {

    /**
     * Sends {@code request} to {@code node} at the highest version both sides support.
     *
     * @param node the broker; a bootstrap node (negative id) is addressed by host and port
     * @param request the request body; not to be modified afterwards
     * @param <R> the response type
     * @return a future of the response body, completed as the class Javadoc says
     * @throws NullPointerException if an argument is null
     */
    <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request);

    /**
     * Sends {@code request} to {@code node} at the highest version in {@code [minVersion, maxVersion]} that both
     * sides support; for engines whose request shape depends on the version (e.g. topic ids from Fetch v13).
     *
     * @param minVersion the lowest acceptable version
     * @param maxVersion the highest acceptable version
     * @return a future as {@link #send(Node, ApiRequest)}, failed with {@code UnsupportedVersionException} when the
     *     ranges do not meet
     * @throws NullPointerException if an argument is null
     */
    <R extends ApiResponse> CompletableFuture<R> send(Node node, ApiRequest<R> request, short minVersion,
            short maxVersion);

    /**
     * Sends {@code request} as {@link #send(Node, ApiRequest, short, short)} does, but hands the outcome to
     * {@code listener} instead of a future: for an engine that sends a request per batch (the producer), a future
     * and its completion stage per request are work and allocation that a direct call avoids, and a stage attached
     * after the response came runs on a path the engine's compiled code had not seen.
     *
     * <p>Everything the class Javadoc says of the future holds for the listener: the same versions, order (per node
     * and traffic class, listeners are called in call order), failures and acks=0 rule. In particular:
     * <ul>
     *   <li><b>Exactly once.</b> {@code listener} is called exactly once, with either the response ({@code error}
     *   null; the response is {@code null} only for a Produce request with {@code acks=0}) or the failure
     *   ({@code response} null, {@code error} one of the exceptions the class Javadoc lists, or what encoding the
     *   request threw; not wrapped in a {@link CompletionException}). A request not answered when {@link #close()}
     *   is called gets a {@link TransportClosedException}, as its future would.</li>
     *   <li><b>Thread.</b> It runs on a transport thread (an I/O thread for Netty) or, when the outcome is known at
     *   once (a closed transport, an unreachable mock broker, an in-process response), on the caller's thread
     *   before this method returns. Either way it must be quick and must not block: it runs where the transport
     *   reads responses for other requests.</li>
     *   <li><b>Errors in the listener.</b> It must not throw. What it throws anyway is caught and logged or
     *   ignored by the transport, never delivered to another request; the request counts as answered.</li>
     *   <li>This method itself throws only {@link NullPointerException}, for a null argument.</li>
     * </ul>
     *
     * <p>The default implementation bridges to {@link #send(Node, ApiRequest, short, short)}: it attaches the
     * listener to that future (unwrapping a {@link CompletionException}), so every transport supports it; a transport
     * overrides it to keep the listener in its own bookkeeping instead ({@code NettyTransport} does).
     *
     * @param node the broker; a bootstrap node (negative id) is addressed by host and port
     * @param request the request body; not to be modified afterwards
     * @param minVersion the lowest acceptable version
     * @param maxVersion the highest acceptable version
     * @param listener called once with the outcome, as above
     * @param <R> the response type
     * @throws NullPointerException if an argument is null
     */
    default <R extends ApiResponse> void send(Node node, ApiRequest<R> request, short minVersion, short maxVersion,
            ResponseListener<? super R> listener) {
        Objects.requireNonNull(listener, "listener");
        send(node, request, minVersion, maxVersion).whenComplete((response, error) -> listener.onComplete(response,
                error instanceof CompletionException && error.getCause() != null ? error.getCause() : error));
    }

    /**
     * Receives the outcome of one request sent with
     * {@link Transport#send(Node, ApiRequest, short, short, ResponseListener)}:
     * called exactly once, on the thread and with the arguments that method documents; it must not block or throw.
     *
     * @param <R> the response type
     */
    @FunctionalInterface
    interface ResponseListener<R> {
        /**
         * The request's outcome.
         *
         * @param response the response body, or null when {@code error} is set (or for a Produce with acks=0)
         * @param error null when the broker answered; else why there is no response (see {@link Transport})
         */
        void onComplete(R response, Throwable error);
    }

    /**
     * The versions of each API that {@code node} supports, as its ApiVersions response said, connecting first if
     * needed.
     *
     * @return a future of the broker's version ranges; failed as {@link #send(Node, ApiRequest)} fails
     */
    CompletableFuture<ApiVersionRanges> apiVersions(Node node);

    /**
     * The bootstrap addresses this transport was configured with, as nodes with ids -1, -2, ..., in configured
     * order; engines send their first Metadata request to one of these.
     */
    List<Node> bootstrapNodes();

    /**
     * A transport for one more client over the same resources (I/O threads, settings, clock) but with connections of
     * its own. A broker serves one request at a time per connection and parks a JoinGroup until the whole group has
     * rejoined, so two members of one group sharing connections would hold up each other's heartbeats and syncs; a
     * consumer that joins a group sends its traffic through such a view. Closing the view closes only its
     * connections. Thread-safe.
     *
     * @return a view with connections of its own; a transport without connections may return itself, so callers
     *     close the result only when it is not this transport
     */
    default Transport withOwnConnections() {
        return this;
    }

    /** The clock and timers that engines built on this transport should use (shared with a mock cluster). */
    Time time();

    /**
     * Closes every connection; requests in flight fail with {@link TransportClosedException}, later sends too.
     * Idempotent; waits at most a short, bounded time for I/O threads to stop.
     */
    @Override
    void close();
}
