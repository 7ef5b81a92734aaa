package dev.samsa.netty.internal;

import dev.samsa.errors.AuthenticationException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.CorruptFrameException;
import dev.samsa.errors.DisconnectException;
import dev.samsa.transport.RequestTimeoutException;
import dev.samsa.transport.Transport;
import dev.samsa.transport.TransportClosedException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one broker address for one {@link Lane}: connect, TLS, the handshake stage (ApiVersions, then
 * SASL), pipelined requests bounded by {@code max.in.flight.requests.per.connection}, responses correlated by order
 * and verified by id (STYLE 8), request timeouts, SASL re-authentication before the session expires (KIP-368),
 * reconnect backoff with jitter, idle close.
 *
 * <p>States: IDLE → CONNECTING → HANDSHAKING (TLS, ApiVersions, SASL: {@link Handshake}) → READY; with a SASL
 * session lifetime, READY → REAUTH_PENDING (new requests wait, in-flight ones finish) → REAUTHENTICATING → READY.
 * Any failure → IDLE, with backoff before the next attempt. An authentication failure (TLS or SASL) fails every
 * pending request with one {@link AuthenticationException}, and requests sent during the backoff that follows fail
 * at once with it instead of reconnecting: a wrong secret never turns into a connection storm.
 *
 * <p>Every field is owned by {@link #loop}: public methods hop onto it, so no locks are needed and a response can
 * never race a timeout or a close.
 */
public final class BrokerConnection implements Handshake.Listener {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    private enum State { IDLE, CONNECTING, HANDSHAKING, READY, REAUTH_PENDING, REAUTHENTICATING, CLOSED }

    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    private final String host;
    private final int port;
    private final SocketAddress remote;
    private final Lane lane;
    private final ConnectionSettings settings;
    private final byte[] clientIdUtf8;

    private State state = State.IDLE;
    private Channel channel;
    private ApiVersionRanges versions;
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final List<CompletableFuture<ApiVersionRanges>> versionWaiters = new ArrayList<>();
    private int nextCorrelationId;
    private int failures;
    private long nextAttemptNanos;
    private boolean reconnectScheduled;
    private boolean timeoutCheckScheduled;
    /** When the last request was written or the last response read ({@code connections.max.idle.ms}). */
    private long lastActivityNanos;
    /** The last TLS or SASL failure, answered at once to requests sent before {@link #nextAttemptNanos}. */
    private AuthenticationException authFailure;
    /**
     * The channel's kept buffer for Produce request fields ({@link RequestFrame}), reused once the channel has written
     * the last one; given up when the channel goes.
     */
    private final KeptBuffer produceFields = new KeptBuffer();

    public BrokerConnection(EventLoop loop, Class<? extends Channel> channelType, String host, int port, Lane lane,
            ConnectionSettings settings) {
        this(loop, channelType, host, port, InetSocketAddress.createUnresolved(host, port), lane, settings);
    }

    /**
     * A connection to {@code remote}, which need not be a socket address (tests use Netty's local transport);
     * {@code host} and {@code port} name it in messages, TLS host name verification and SNI.
     */
    public BrokerConnection(EventLoop loop, Class<? extends Channel> channelType, String host, int port,
            SocketAddress remote, Lane lane, ConnectionSettings settings) {
        this.loop = loop;
        this.channelType = channelType;
        this.host = host;
        this.port = port;
        this.remote = remote;
        this.lane = lane;
        this.settings = settings;
        this.clientIdUtf8 = settings.clientId() == null ? null : settings.clientId().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Queues {@code request}; {@code listener} is called once, on {@link #loop}, as
     * {@link Transport#send(dev.samsa.common.Node, ApiRequest, short, short, Transport.ResponseListener)} documents
     * (a {@link ResponseFuture} for the future-returning sends; cancelling it before the write drops the request).
     */
    @SuppressWarnings("unchecked")
    public <R extends ApiResponse> void submit(ApiRequest<R> request, short minVersion, short maxVersion,
            Transport.ResponseListener<? super R> listener) {
        PendingRequest pending = new PendingRequest(request, minVersion, maxVersion,
                (Transport.ResponseListener<Object>) listener);
        loop.execute(() -> {
            if (state == State.CLOSED) {
                fail(pending.listener(), new TransportClosedException("transport closed; " + describe()));
                return;
            }
            if (inAuthenticationBackoff()) {
                fail(pending.listener(), authFailure);
                return;
            }
            waiting.add(pending);
            pump();
        });
    }

    /** The broker's ApiVersions ranges, connecting if needed. */
    public CompletableFuture<ApiVersionRanges> apiVersions() {
        CompletableFuture<ApiVersionRanges> future = new CompletableFuture<>();
        loop.execute(() -> {
            if (state == State.CLOSED) {
                future.completeExceptionally(new TransportClosedException("transport closed; " + describe()));
            } else if (established()) {
                future.complete(versions);
            } else if (inAuthenticationBackoff()) {
                future.completeExceptionally(authFailure);
            } else {
                versionWaiters.add(future);
                pump();
            }
        });
        return future;
    }

    /** Closes for good: everything pending fails with {@link TransportClosedException}. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            TransportClosedException closed = new TransportClosedException("transport closed; " + describe());
            teardown(closed, closed, closed);
            state = State.CLOSED;
            done.complete(null);
        });
        return done;
    }

    private String describe() {
        return lane.name().toLowerCase() + " connection to " + host + ":" + port;
    }

    /** READY, or re-authenticating a connection whose versions still hold. */
    private boolean established() {
        return state == State.READY || state == State.REAUTH_PENDING || state == State.REAUTHENTICATING;
    }

    private boolean inAuthenticationBackoff() {
        return state == State.IDLE && authFailure != null && nextAttemptNanos - System.nanoTime() > 0;
    }

    // ---- state machine (on loop) ----

    private void pump() {
        switch (state) {
            case IDLE -> connect();
            case READY -> drain();
            default -> {
                // CONNECTING, HANDSHAKING, REAUTH_*: the handshake stage's end drains; CLOSED: nothing is accepted
            }
        }
    }

    private void connect() {
        long waitNanos = nextAttemptNanos - System.nanoTime();
        if (waitNanos > 0) {
            if (!reconnectScheduled) {
                reconnectScheduled = true;
                loop.schedule(() -> {
                    reconnectScheduled = false;
                    if (state == State.IDLE && (!waiting.isEmpty() || !versionWaiters.isEmpty())) {
                        connect();
                    }
                }, waitNanos, TimeUnit.NANOSECONDS);
            }
            return;
        }
        state = State.CONNECTING;
        authFailure = null; // a new attempt: only its own outcome counts from here
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutMs()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        buildPipeline(ch);
                    }
                });
        if (remote instanceof InetSocketAddress) { // TCP; tests may use Netty's in-VM transport
            bootstrap.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
            if (settings.sendBufferBytes() > 0) {
                bootstrap.option(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
            }
            if (settings.receiveBufferBytes() > 0) {
                bootstrap.option(ChannelOption.SO_RCVBUF, settings.receiveBufferBytes());
            }
        }
        ChannelFuture connectFuture = bootstrap.connect(remote); // Netty resolves an unresolved address itself
        channel = connectFuture.channel();
        connectFuture.addListener(f -> {
            if (channel != connectFuture.channel() || state != State.CONNECTING) {
                return; // torn down meanwhile
            }
            if (f.isSuccess()) {
                state = State.HANDSHAKING; // the pipeline's handshake stage takes it from here
            } else {
                connectionFailed(new ConnectionRefusedException("cannot connect to " + host + ":" + port + " ("
                        + lane.name().toLowerCase() + " connection): " + f.cause().getMessage(), f.cause()));
            }
        });
    }

    /**
     * The whole pipeline, in order: TLS (when {@code security.protocol} has it), Kafka framing (4-byte size prefix
     * bounded by the max frame size; without TLS, large frames are read straight into their buffer:
     * {@link DirectFrameReads}), the handshake stage (ApiVersions, then SASL; it removes itself once the
     * connection is ready), then correlation and decoding. Writes need no encoder: requests are encoded straight into
     * pooled buffers, and go out with the channel's void promise: no handler on the write path needs one (idle close
     * is a timer, {@link #scheduleIdleCheck}). The only later change: re-authentication (KIP-368) puts a SASL-only
     * handshake stage back in front of correlation for its exchange ({@link #startReauthentication()}).
     */
    private void buildPipeline(Channel ch) {
        ConnectionSecurity security = settings.security();
        ChannelPipeline pipeline = ch.pipeline();
        if (security.tls() != null) {
            pipeline.addLast("tls", security.tls().newHandler(ch.alloc(), host, port, settings.connectTimeoutMs()));
        }
        FrameDecoder frames = frameDecoder(settings.maxFrameBytes());
        if (security.tls() == null) {
            // Large frames are read straight from the socket into their buffer; behind TLS the bytes must be decrypted
            // first, so there every read goes through a receive buffer and the TLS handler.
            ch.config().setRecvByteBufAllocator(new DirectFrameReads(ch.config().getRecvByteBufAllocator(), frames));
        }
        pipeline.addLast("frame", frames)
                .addLast("handshake", Handshake.connect(host + ":" + port, settings, security.tls() != null,
                        this::nextCorrelationId, clientIdUtf8, this))
                .addLast("kafka", new ResponseHandler(ch));
    }

    /** Kafka framing: a 4-byte size prefix, bounded by {@code maxFrameBytes} ({@link FrameDecoder}). */
    static FrameDecoder frameDecoder(int maxFrameBytes) {
        return new FrameDecoder(maxFrameBytes);
    }

    private int nextCorrelationId() {
        return nextCorrelationId++ & Integer.MAX_VALUE;
    }

    /** The handshake stage finished on {@code ch}: the connection is READY. Event loop only. */
    @Override
    public void handshakeSucceeded(Channel ch, ApiVersionRanges negotiated, long sessionLifetimeMs) {
        if (ch != channel) {
            return;
        }
        boolean reauthenticated = state == State.REAUTHENTICATING;
        versions = negotiated;
        state = State.READY;
        failures = 0;
        authFailure = null;
        for (CompletableFuture<ApiVersionRanges> waiter : versionWaiters) {
            waiter.complete(versions);
        }
        versionWaiters.clear();
        // Guarded: describe() builds its string (a case conversion and a concatenation) even when debug is off.
        if (log.isDebugEnabled()) {
            if (reauthenticated) {
                log.debug("{} re-authenticated; session lifetime {} ms", describe(), sessionLifetimeMs);
            } else {
                log.debug("{} ready: {}", describe(), versions);
            }
        }
        scheduleReauthentication(ch, sessionLifetimeMs);
        if (!reauthenticated) {
            lastActivityNanos = System.nanoTime();
            scheduleIdleCheck(ch, TimeUnit.MILLISECONDS.toNanos(settings.connectionsMaxIdleMs()));
        }
        drain();
    }

    /** The handshake stage failed on {@code ch} with a typed cause: tear down, backing off. Event loop only. */
    @Override
    public void handshakeFailed(Channel ch, RuntimeException cause) {
        if (ch != channel) {
            return;
        }
        boolean authentication = cause instanceof AuthenticationException;
        if (authentication) {
            authFailure = (AuthenticationException) cause;
        }
        log.warn("Closing {}: {}", describe(), cause.getMessage());
        // Requests not written yet cannot go out on a connection that never became ready; while re-authenticating
        // they may wait for the next one, unless the credentials themselves were refused.
        teardown(cause, cause, state == State.REAUTHENTICATING && !authentication ? null : cause);
    }

    /** KIP-368: re-authenticate at 85-95% of the session lifetime (jittered, as the official client). */
    private void scheduleReauthentication(Channel ch, long sessionLifetimeMs) {
        if (sessionLifetimeMs <= 0 || settings.security().sasl() == null) {
            return;
        }
        long delayMs = (long) (sessionLifetimeMs * ThreadLocalRandom.current().nextDouble(0.85, 0.95));
        loop.schedule(() -> {
            if (ch != channel || state != State.READY) {
                return;
            }
            state = State.REAUTH_PENDING; // drain() holds new requests back
            if (inFlight.isEmpty()) {
                startReauthentication();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void startReauthentication() {
        state = State.REAUTHENTICATING;
        channel.pipeline().addBefore("kafka", "reauthenticate", Handshake.reauthenticate(host + ":" + port,
                settings, versions, this::nextCorrelationId, clientIdUtf8, this));
    }

    /**
     * Writes waiting requests while the connection is READY and in-flight slots are free, then flushes once. Each
     * request is encoded and written here, in this method, on purpose: its bytecode then stays above C2's inlining
     * limit for hot callees (FreqInlineSize, 325 bytes), so the whole request write path (version choice, encoding,
     * the in-flight entry, the channel write) is compiled once, as this method. With the write in a method of its own,
     * this loop was just under that limit and C2 inlined it, encoding and all, into {@link #onFrame} and through it into
     * Netty's {@code invokeChannelRead} (the next pipelined request is written from the response path), while also
     * compiling it as its own root for the task path ({@link #submit}): the same encode compiled twice (JIT logs).
     */
    private void drain() {
        boolean wrote = false;
        while (state == State.READY && !waiting.isEmpty() && inFlight.size() < settings.maxInFlight()) {
            PendingRequest p = waiting.poll();
            Transport.ResponseListener<Object> listener = p.listener();
            if (listener instanceof ResponseFuture<?> f && f.isDone()) {
                continue; // cancelled by its sender
            }
            ApiRequest<?> request = p.request();
            ApiKey api = request.apiKey();
            short lo = (short) Math.max(p.minVersion(), api.lowestVersion());
            short hi = (short) Math.min(p.maxVersion(), api.highestVersion());
            short version = versions.highestCommon(api, lo, hi);
            if (version < 0) {
                fail(listener, new UnsupportedVersionException(api.title() + ": no common version"
                        + " (client " + lo + "-" + hi + ", broker " + host + ":" + port + " "
                        + (versions.supports(api) ? versions.min(api) + "-" + versions.max(api) : "none") + ")"));
                continue;
            }
            // Encode and write (see above for why this is not a method of its own).
            ProduceRequest produce = request instanceof ProduceRequest pr ? pr : null;
            boolean expectsResponse = produce == null || produce.acks() != 0;
            int correlationId = nextCorrelationId();
            ByteBuf buf = null;
            RequestFrame frame = null;
            try {
                if (produce != null) {
                    frame = Frames.encodeProduce(channel.alloc(), produceFields, produce, version, correlationId,
                            clientIdUtf8);
                } else {
                    buf = Frames.encode(channel.alloc(), request, version, correlationId, clientIdUtf8);
                }
            } catch (RuntimeException e) {
                fail(listener, e); // e.g. a field set that this version lacks
                continue;
            }
            ChannelPromise promise;
            if (expectsResponse) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs());
                inFlight.add(new InFlight(correlationId, api, version, deadline, listener));
                promise = channel.voidPromise();
            } else {
                promise = writeCompletion(api, version, listener);
            }
            if (frame != null) {
                frame.writeTo(channel, promise);
            } else {
                channel.write(buf, promise);
            }
            wrote = true;
        }
        if (wrote && channel != null) {
            lastActivityNanos = System.nanoTime();
            channel.flush();
            scheduleTimeoutCheck();
        }
    }

    /** acks=0: the broker sends nothing back, so the write (the whole frame's) is the completion. */
    private ChannelPromise writeCompletion(ApiKey api, short version, Transport.ResponseListener<Object> listener) {
        ChannelPromise promise = channel.newPromise();
        promise.addListener(f -> {
            if (f.isSuccess()) {
                answer(listener, null);
            } else {
                fail(listener, new DisconnectException(describe() + " lost while writing "
                        + api.title() + " v" + version, f.cause()));
            }
        });
        return promise;
    }

    private void scheduleTimeoutCheck() {
        InFlight head = inFlight.peek();
        if (head == null || timeoutCheckScheduled) {
            return;
        }
        timeoutCheckScheduled = true;
        loop.schedule(() -> {
            timeoutCheckScheduled = false;
            checkTimeouts();
        }, Math.max(0, head.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void checkTimeouts() {
        InFlight head = inFlight.peek();
        if (head == null) {
            return;
        }
        if (head.deadlineNanos() - System.nanoTime() <= 0) {
            RequestTimeoutException timeout = new RequestTimeoutException(head.api().title() + " v" + head.version()
                    + " to " + host + ":" + port + " got no response within request.timeout.ms="
                    + settings.requestTimeoutMs() + "; closing the " + lane.name().toLowerCase() + " connection");
            // Queued requests wait for the next connection, unless it was the handshake that timed out: a broker that
            // accepts but never answers must not hold them forever.
            teardown(timeout, new DisconnectException(describe() + " closed after a request timed out", timeout),
                    state == State.READY ? null : timeout);
        } else {
            scheduleTimeoutCheck();
        }
    }

    private void connectionFailed(RuntimeException cause) {
        teardown(cause, cause, cause);
    }

    /**
     * Closes the channel and fails what depended on it: {@code headCause} for the oldest in-flight request,
     * {@code inFlightCause} for the rest, and {@code waitingCause} for requests not written yet (null keeps them
     * queued for the next connection: they never reached the broker, so resending is safe).
     */
    private void teardown(RuntimeException headCause, RuntimeException inFlightCause, RuntimeException waitingCause) {
        if (state == State.CLOSED) {
            return;
        }
        Channel ch = channel;
        channel = null;
        versions = null;
        state = State.IDLE;
        produceFields.release();
        if (ch != null) {
            ch.close();
        }
        InFlight head = inFlight.poll();
        if (head != null) {
            fail(head.listener(), headCause);
        }
        for (InFlight f; (f = inFlight.poll()) != null; ) {
            fail(f.listener(), inFlightCause);
        }
        if (waitingCause != null) {
            for (PendingRequest p; (p = waiting.poll()) != null; ) {
                fail(p.listener(), waitingCause);
            }
            for (CompletableFuture<ApiVersionRanges> waiter : versionWaiters) {
                waiter.completeExceptionally(waitingCause);
            }
            versionWaiters.clear();
        }
        // Every teardown is a failure of some kind (idle closes do not come here), so the next connect backs off.
        failures++;
        nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs(failures));
        if (!waiting.isEmpty() || !versionWaiters.isEmpty()) {
            connect();
        }
    }

    /** Kafka's reconnect backoff: base * 2^(failures-1), capped, with +/-20% jitter (KIP-144). */
    private long backoffMs(int failures) {
        double exp = settings.reconnectBackoffMs() * Math.pow(2, Math.min(failures - 1, 30));
        double capped = Math.min(exp, settings.reconnectBackoffMaxMs());
        return (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    /**
     * {@code connections.max.idle.ms}: a check on the event loop at the earliest time {@code ch} could have been idle
     * that long, rescheduled while it is in use. A timer per connection rather than Netty's {@code IdleStateHandler},
     * which would turn every request's void write promise into a real one with a listener.
     */
    private void scheduleIdleCheck(Channel ch, long delayNanos) {
        loop.schedule(() -> {
            if (ch != channel) {
                return; // closed or replaced meanwhile; the next connection has its own check
            }
            long maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(settings.connectionsMaxIdleMs());
            long rest = lastActivityNanos + maxIdleNanos - System.nanoTime();
            if (rest <= 0) {
                closeIdle();
            }
            if (ch == channel) {
                scheduleIdleCheck(ch, rest > 0 ? rest : maxIdleNanos);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void closeIdle() {
        if (state == State.READY && inFlight.isEmpty() && waiting.isEmpty()) {
            if (log.isDebugEnabled()) {
                log.debug("{} idle for connections.max.idle.ms={}, closing", describe(),
                        settings.connectionsMaxIdleMs());
            }
            Channel ch = channel;
            channel = null;
            versions = null;
            state = State.IDLE;
            produceFields.release();
            ch.close();
        }
    }

    /** Reads frames on {@link #loop}; drops events of a channel that is no longer the current one. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        private final Channel ch;

        ResponseHandler(Channel ch) {
            this.ch = ch;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                if (ch == channel) {
                    onFrame(frame);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ch == channel) {
                // The handshake stage reports closes before the connection is ready; this one was established.
                RuntimeException cause = new DisconnectException(describe() + " was closed by the broker");
                teardown(cause, cause, established() ? null : cause);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ch != channel) {
                return;
            }
            RuntimeException error;
            if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
                error = new CorruptFrameException(host + ":" + port + " sent a frame above the maximum of "
                        + settings.maxFrameBytes() + " bytes: " + cause.getMessage(), cause);
            } else {
                error = new DisconnectException(describe() + " failed: " + cause, cause);
            }
            log.warn("Closing {}: {}", describe(), error.getMessage());
            teardown(error, error, established() ? null : error);
        }
    }

    private void onFrame(ByteBuf frame) {
        InFlight head = inFlight.peek();
        // The header is read past a sampling leak wrapper, as the body is (Frames.readResponse).
        ByteBuf in = ByteBufs.withoutSamplingLeakWrapper(frame);
        if (in.readableBytes() < 4) {
            corrupt("a " + in.readableBytes() + "-byte frame too short for a response header", null);
            return;
        }
        int correlationId = in.readInt();
        if (head == null || head.correlationId() != correlationId) {
            corrupt("correlation id " + correlationId + " where "
                    + (head == null ? "no request was in flight" : head.correlationId() + " was expected"), null);
            return;
        }
        ApiResponse response;
        try {
            response = Frames.readResponse(head.api(), head.version(), frame);
        } catch (RuntimeException e) {
            corrupt(head.api().title() + " v" + head.version() + " response did not decode: " + e.getMessage(), e);
            return;
        }
        inFlight.poll();
        lastActivityNanos = System.nanoTime();
        answer(head.listener(), response);
        if (state == State.REAUTH_PENDING && inFlight.isEmpty()) {
            startReauthentication();
        } else {
            drain();
        }
    }

    private static void answer(Transport.ResponseListener<Object> listener, Object response) {
        deliver(listener, response, null);
    }

    private static void fail(Transport.ResponseListener<Object> listener, Throwable error) {
        deliver(listener, null, error);
    }

    /**
     * Hands a request its outcome. What a listener throws (it must not: see {@code Transport}) is logged and goes no
     * further: thrown into the pipeline it would close the connection and fail the other requests in flight, and
     * thrown at a sender it would fail a send whose outcome was already delivered. Thread-safe.
     *
     * @param response the response, or null with {@code error} (or for a Produce with acks=0)
     * @param error why there is no response, or null
     */
    public static <R> void deliver(Transport.ResponseListener<? super R> listener, R response, Throwable error) {
        try {
            listener.onComplete(response, error);
        } catch (RuntimeException e) {
            log.error("A response listener threw; ignored", e);
        }
    }

    private void corrupt(String what, Throwable cause) {
        CorruptFrameException error = new CorruptFrameException(host + ":" + port + " (" + lane.name().toLowerCase()
                + " connection): " + what + "; closing the connection", cause);
        log.warn(error.getMessage());
        teardown(error, error, established() ? null : error);
    }
}
