package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.message.ApiVersionsRequest;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.CorruptFrameException;
import dev.samsa.errors.DisconnectException;
import dev.samsa.transport.RequestTimeoutException;
import dev.samsa.transport.TransportClosedException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
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
 * One connection to one broker address for one {@link Lane}: connect, ApiVersions handshake, pipelined requests
 * bounded by {@code max.in.flight.requests.per.connection}, responses correlated by order and verified by id (STYLE
 * 8), request timeouts, reconnect backoff with jitter, idle close.
 *
 * <p>Every field is owned by {@link #loop}: public methods hop onto it, so no locks are needed and a response can
 * never race a timeout or a close.
 */
public final class BrokerConnection {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final short UNSUPPORTED_VERSION = 35;

    private enum State { IDLE, CONNECTING, HANDSHAKING, READY, CLOSED }

    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    private final String host;
    private final int port;
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

    public BrokerConnection(EventLoop loop, Class<? extends Channel> channelType, String host, int port, Lane lane,
            ConnectionSettings settings) {
        this.loop = loop;
        this.channelType = channelType;
        this.host = host;
        this.port = port;
        this.lane = lane;
        this.settings = settings;
        this.clientIdUtf8 = settings.clientId() == null ? null : settings.clientId().getBytes(StandardCharsets.UTF_8);
    }

    /** Queues {@code request}; its future completes as {@link dev.samsa.transport.Transport} documents. */
    @SuppressWarnings("unchecked")
    public <R extends ApiResponse> void submit(ApiRequest<R> request, short minVersion, short maxVersion,
            CompletableFuture<R> future) {
        PendingRequest pending = new PendingRequest(request, minVersion, maxVersion,
                (CompletableFuture<Object>) (CompletableFuture<?>) future);
        loop.execute(() -> {
            if (state == State.CLOSED) {
                future.completeExceptionally(new TransportClosedException("transport closed; " + describe()));
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
            } else if (state == State.READY) {
                future.complete(versions);
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

    // ---- state machine (on loop) ----

    private void pump() {
        switch (state) {
            case IDLE -> connect();
            case READY -> drain();
            default -> {
                // CONNECTING / HANDSHAKING: the handshake's end drains; CLOSED: nothing is accepted
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
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutMs()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        buildPipeline(ch);
                    }
                });
        if (settings.sendBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
        }
        if (settings.receiveBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, settings.receiveBufferBytes());
        }
        ChannelFuture connectFuture = bootstrap.connect(host, port);
        channel = connectFuture.channel();
        connectFuture.addListener(f -> {
            if (channel != connectFuture.channel() || state != State.CONNECTING) {
                return; // torn down meanwhile
            }
            if (f.isSuccess()) {
                state = State.HANDSHAKING;
                sendApiVersions(ApiKey.API_VERSIONS.latestStableVersion());
            } else {
                connectionFailed(new ConnectionRefusedException("cannot connect to " + host + ":" + port + " ("
                        + lane.name().toLowerCase() + " connection): " + f.cause().getMessage(), f.cause()));
            }
        });
    }

    /**
     * The whole pipeline, in order: idle close, Kafka framing (4-byte size prefix bounded by the max frame size),
     * then correlation and decoding. Writes need no encoder: requests are encoded straight into pooled buffers.
     */
    private void buildPipeline(Channel ch) {
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, settings.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS))
                .addLast("frame", new LengthFieldBasedFrameDecoder(settings.maxFrameBytes(), 0, 4, 0, 4, true))
                .addLast("kafka", new ResponseHandler(ch));
    }

    private void sendApiVersions(short version) {
        ApiVersionsRequest request = new ApiVersionsRequest()
                .setClientSoftwareName(settings.softwareName())
                .setClientSoftwareVersion(settings.softwareVersion());
        CompletableFuture<Object> future = new CompletableFuture<>();
        if (!write(request, version, future)) {
            return;
        }
        channel.flush();
        scheduleTimeoutCheck();
        Channel handshakeChannel = channel;
        future.whenComplete((response, error) -> {
            if (channel != handshakeChannel || state != State.HANDSHAKING) {
                return;
            }
            if (error != null) {
                return; // the connection is already being torn down with the right cause
            }
            onApiVersions((ApiVersionsResponse) response, version);
        });
    }

    private void onApiVersions(ApiVersionsResponse response, short sentVersion) {
        if (response.errorCode() == UNSUPPORTED_VERSION && sentVersion > 0) {
            // KIP-511: the broker answers an ApiVersions version it lacks with v0 carrying its own range.
            short brokerMax = 0;
            for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
                if (v.apiKey() == ApiKey.API_VERSIONS.id()) {
                    brokerMax = v.maxVersion();
                }
            }
            sendApiVersions((short) Math.min(brokerMax, sentVersion - 1));
            return;
        }
        if (response.errorCode() != 0) {
            connectionFailed(new ConnectionRefusedException("ApiVersions handshake with " + host + ":" + port
                    + " failed with error code " + response.errorCode()));
            return;
        }
        ApiVersionRanges.Builder builder = ApiVersionRanges.builder();
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            builder.put(v.apiKey(), v.minVersion(), v.maxVersion());
        }
        versions = builder.build();
        state = State.READY;
        failures = 0;
        for (CompletableFuture<ApiVersionRanges> waiter : versionWaiters) {
            waiter.complete(versions);
        }
        versionWaiters.clear();
        log.debug("{} ready: {}", describe(), versions);
        drain();
    }

    private void drain() {
        boolean wrote = false;
        while (state == State.READY && !waiting.isEmpty() && inFlight.size() < settings.maxInFlight()) {
            PendingRequest p = waiting.poll();
            if (p.future().isDone()) {
                continue; // cancelled by its sender
            }
            ApiKey api = p.request().apiKey();
            short lo = (short) Math.max(p.minVersion(), api.lowestVersion());
            short hi = (short) Math.min(p.maxVersion(), api.highestVersion());
            short version = versions.highestCommon(api, lo, hi);
            if (version < 0) {
                p.future().completeExceptionally(new UnsupportedVersionException(api.title() + ": no common version"
                        + " (client " + lo + "-" + hi + ", broker " + host + ":" + port + " "
                        + (versions.supports(api) ? versions.min(api) + "-" + versions.max(api) : "none") + ")"));
                continue;
            }
            wrote |= write(p.request(), version, p.future());
        }
        if (wrote && channel != null) {
            channel.flush();
            scheduleTimeoutCheck();
        }
    }

    /** Encodes and writes one request; false if it failed before reaching the channel. */
    private boolean write(ApiRequest<?> request, short version, CompletableFuture<Object> future) {
        ApiKey api = request.apiKey();
        boolean expectsResponse = !(request instanceof ProduceRequest produce && produce.acks() == 0);
        int correlationId = nextCorrelationId++ & Integer.MAX_VALUE;
        ByteBuf buf;
        try {
            buf = encode(channel.alloc(), request, version, correlationId);
        } catch (RuntimeException e) {
            future.completeExceptionally(e); // e.g. a field set that this version lacks
            return false;
        }
        if (expectsResponse) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs());
            inFlight.add(new InFlight(correlationId, api, version, deadline, future));
            channel.write(buf, channel.voidPromise());
        } else {
            // acks=0: the broker sends nothing back, so the write is the completion.
            channel.write(buf).addListener(f -> {
                if (f.isSuccess()) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(new DisconnectException(describe() + " lost while writing "
                            + api.title() + " v" + version, f.cause()));
                }
            });
        }
        return true;
    }

    private ByteBuf encode(ByteBufAllocator alloc, ApiRequest<?> request, short version, int correlationId) {
        ApiKey api = request.apiKey();
        short headerVersion = api.requestHeaderVersion(version);
        int headerSize = 2 + 2 + 4 + 2 + (clientIdUtf8 == null ? 0 : clientIdUtf8.length) + (headerVersion >= 2 ? 1 : 0);
        int bodySize = request.size(version);
        int frameSize = 4 + headerSize + bodySize;
        ByteBuf buf = request instanceof ProduceRequest produce
                ? new RequestFrame(alloc, frameSize, RequestFrame.recordsBytes(produce))
                : alloc.ioBuffer(frameSize);
        try {
            buf.writeInt(headerSize + bodySize);
            // Request header v1/v2; client_id stays a non-compact nullable string even in v2.
            buf.writeShort(api.id());
            buf.writeShort(version);
            buf.writeInt(correlationId);
            if (clientIdUtf8 == null) {
                buf.writeShort(-1);
            } else {
                buf.writeShort(clientIdUtf8.length);
                buf.writeBytes(clientIdUtf8);
            }
            if (headerVersion >= 2) {
                ByteBufs.writeUnsignedVarint(buf, 0); // no tagged fields
            }
            request.write(buf, version);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
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
        if (ch != null) {
            ch.close();
        }
        InFlight head = inFlight.poll();
        if (head != null) {
            head.future().completeExceptionally(headCause);
        }
        for (InFlight f; (f = inFlight.poll()) != null; ) {
            f.future().completeExceptionally(inFlightCause);
        }
        if (waitingCause != null) {
            for (PendingRequest p; (p = waiting.poll()) != null; ) {
                p.future().completeExceptionally(waitingCause);
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

    private void closeIdle() {
        if (state == State.READY && inFlight.isEmpty() && waiting.isEmpty()) {
            log.debug("{} idle for connections.max.idle.ms={}, closing", describe(), settings.connectionsMaxIdleMs());
            Channel ch = channel;
            channel = null;
            versions = null;
            state = State.IDLE;
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
                boolean handshaking = state != State.READY;
                RuntimeException cause = handshaking
                        ? new ConnectionRefusedException(host + ":" + port + " closed the connection during the"
                                + " ApiVersions handshake")
                        : new DisconnectException(describe() + " was closed by the broker");
                teardown(cause, cause, handshaking ? cause : null);
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
            teardown(error, error, state == State.READY ? null : error);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && ch == channel) {
                closeIdle();
            }
        }
    }

    private void onFrame(ByteBuf frame) {
        InFlight head = inFlight.peek();
        if (frame.readableBytes() < 4) {
            corrupt("a " + frame.readableBytes() + "-byte frame too short for a response header", null);
            return;
        }
        int correlationId = frame.readInt();
        if (head == null || head.correlationId() != correlationId) {
            corrupt("correlation id " + correlationId + " where "
                    + (head == null ? "no request was in flight" : head.correlationId() + " was expected"), null);
            return;
        }
        ApiResponse response;
        try {
            if (head.api().responseHeaderVersion(head.version()) >= 1) {
                skipTaggedFields(frame);
            }
            response = readBody(head, frame);
        } catch (RuntimeException e) {
            corrupt(head.api().title() + " v" + head.version() + " response did not decode: " + e.getMessage(), e);
            return;
        }
        inFlight.poll();
        head.future().complete(response);
        drain();
    }

    private static ApiResponse readBody(InFlight head, ByteBuf frame) {
        if (head.api() != ApiKey.API_VERSIONS) {
            return head.api().readResponse(frame, head.version());
        }
        // A broker that lacks our ApiVersions version answers in v0 (KIP-511); read it that way if ours fails.
        int start = frame.readerIndex();
        try {
            return head.api().readResponse(frame, head.version());
        } catch (RuntimeException e) {
            frame.readerIndex(start);
            ApiResponse v0 = head.api().readResponse(frame, (short) 0);
            if (((ApiVersionsResponse) v0).errorCode() != UNSUPPORTED_VERSION) {
                throw e;
            }
            return v0;
        }
    }

    private static void skipTaggedFields(ByteBuf in) {
        int count = ByteBufs.readUnsignedVarint(in);
        for (int i = 0; i < count; i++) {
            ByteBufs.readUnsignedVarint(in); // tag
            int size = ByteBufs.readUnsignedVarint(in);
            ByteBufs.requireReadable(in, size, "response header tagged field");
            in.skipBytes(size);
        }
    }

    private void corrupt(String what, Throwable cause) {
        CorruptFrameException error = new CorruptFrameException(host + ":" + port + " (" + lane.name().toLowerCase()
                + " connection): " + what + "; closing the connection", cause);
        log.warn(error.getMessage());
        teardown(error, error, state == State.READY ? null : error);
    }
}
