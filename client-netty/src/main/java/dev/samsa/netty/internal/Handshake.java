package dev.samsa.netty.internal;

import dev.samsa.errors.ApiException;
import dev.samsa.errors.AuthenticationException;
import dev.samsa.errors.DisconnectException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.errors.IllegalSaslStateException;
import dev.samsa.errors.SaslAuthenticationException;
import dev.samsa.errors.SslAuthenticationException;
import dev.samsa.errors.UnsupportedSaslMechanismException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.ApiVersionsRequest;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.SaslAuthenticateRequest;
import dev.samsa.internal.protocol.message.SaslAuthenticateResponse;
import dev.samsa.internal.protocol.message.SaslHandshakeRequest;
import dev.samsa.internal.protocol.message.SaslHandshakeResponse;
import dev.samsa.netty.internal.security.SaslClient;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.transport.ApiVersionRanges;
import dev.samsa.transport.ConnectionRefusedException;
import dev.samsa.transport.CorruptFrameException;
import dev.samsa.transport.RequestTimeoutException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLException;

/**
 * Pipeline stage "handshake": makes a new connection ready before any request of the transport's users goes out,
 * then removes itself. In order: it waits for TLS when the pipeline has it; sends ApiVersions (KIP-35, KIP-511: a
 * broker lacking our version answers in v0 with its range, and we retry at the highest version it has); then, with
 * SASL, SaslHandshake v1 naming the mechanism and SaslAuthenticate rounds until the mechanism is done (KIP-152). The
 * broker's {@code session_lifetime_ms} is handed on for re-authentication (KIP-368), for which the stage is inserted
 * again on an established connection and runs the SASL part only.
 *
 * <p>One request at a time, each bounded by {@code request.timeout.ms}. Every failure is typed and names the broker:
 * {@link SslAuthenticationException} (TLS), {@link UnsupportedSaslMechanismException},
 * {@link SaslAuthenticationException}, {@link IllegalSaslStateException}, {@link RequestTimeoutException},
 * {@link CorruptFrameException}, {@link ConnectionRefusedException} (closed during the handshake). Runs on the
 * channel's event loop only.
 */
final class Handshake extends ChannelInboundHandlerAdapter {

    /** Told the outcome, once, on the event loop. */
    interface Listener {
        void handshakeSucceeded(Channel ch, ApiVersionRanges versions, long sessionLifetimeMs);

        void handshakeFailed(Channel ch, RuntimeException cause);
    }

    private enum Step { NEW, TLS, API_VERSIONS, SASL_HANDSHAKE, SASL_TOKEN, SASL_AUTHENTICATE, DONE }

    private final String address;
    private final ConnectionSettings settings;
    private final boolean waitForTls;
    private final SaslConfig sasl;
    private final IntSupplier correlationIds;
    private final byte[] clientIdUtf8;
    private final Listener listener;
    private final boolean reauthentication;

    private ChannelHandlerContext ctx;
    private Step step = Step.NEW;
    private ApiVersionRanges versions;
    private SaslClient saslClient;
    private short authenticateVersion;
    private int expectedCorrelationId;
    private ApiKey expectedApi;
    private short expectedVersion;
    private ScheduledFuture<?> timeout;

    private Handshake(String address, ConnectionSettings settings, boolean waitForTls, ApiVersionRanges versions,
            IntSupplier correlationIds, byte[] clientIdUtf8, Listener listener) {
        this.address = address;
        this.settings = settings;
        this.waitForTls = waitForTls;
        this.sasl = settings.security().sasl();
        this.versions = versions;
        this.reauthentication = versions != null;
        this.correlationIds = correlationIds;
        this.clientIdUtf8 = clientIdUtf8;
        this.listener = listener;
    }

    /** The full handshake of a new connection: TLS (if {@code waitForTls}), ApiVersions, then SASL if configured. */
    static Handshake connect(String address, ConnectionSettings settings, boolean waitForTls,
            IntSupplier correlationIds, byte[] clientIdUtf8, Listener listener) {
        return new Handshake(address, settings, waitForTls, null, correlationIds, clientIdUtf8, listener);
    }

    /** SASL re-authentication of an established connection (KIP-368), with the versions it negotiated. */
    static Handshake reauthenticate(String address, ConnectionSettings settings, ApiVersionRanges versions,
            IntSupplier correlationIds, byte[] clientIdUtf8, Listener listener) {
        return new Handshake(address, settings, false, versions, correlationIds, clientIdUtf8, listener);
    }

    // ---- Netty events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (reauthentication) {
            startSasl();
        } else if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent tls && step == Step.TLS) {
            if (tls.isSuccess()) {
                sendApiVersions(ApiKey.API_VERSIONS.latestStableVersion());
            } else {
                fail(translate(tls.cause()));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (step == Step.DONE) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            onFrame(frame);
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            frame.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (step == Step.DONE) {
            ctx.fireExceptionCaught(cause);
        } else {
            fail(translate(cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (step != Step.DONE) {
            boolean early = step == Step.NEW || step == Step.TLS || step == Step.API_VERSIONS;
            fail(new ConnectionRefusedException(address + " closed the connection during " + describeStep()
                    + (early ? " (does the listener's security protocol match security.protocol="
                            + settings.security().protocol() + "?)" : "")));
        }
        ctx.fireChannelInactive();
    }

    // ---- steps ----

    private void start() {
        if (step != Step.NEW) {
            return;
        }
        if (waitForTls) {
            step = Step.TLS; // the SslHandler's completion event continues
        } else {
            sendApiVersions(ApiKey.API_VERSIONS.latestStableVersion());
        }
    }

    private void sendApiVersions(short version) {
        step = Step.API_VERSIONS;
        send(new ApiVersionsRequest().setClientSoftwareName(settings.softwareName())
                .setClientSoftwareVersion(settings.softwareVersion()), version);
    }

    private void onApiVersions(ApiVersionsResponse response) {
        if (response.errorCode() == Frames.UNSUPPORTED_VERSION && expectedVersion > 0) {
            // KIP-511: the broker answers an ApiVersions version it lacks with v0 carrying its own range.
            short brokerMax = 0;
            for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
                if (v.apiKey() == ApiKey.API_VERSIONS.id()) {
                    brokerMax = v.maxVersion();
                }
            }
            sendApiVersions((short) Math.min(brokerMax, expectedVersion - 1));
            return;
        }
        if (response.errorCode() != 0) {
            fail(new ConnectionRefusedException("ApiVersions handshake with " + address + " failed with error code "
                    + response.errorCode()));
            return;
        }
        ApiVersionRanges.Builder builder = ApiVersionRanges.builder();
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            builder.put(v.apiKey(), v.minVersion(), v.maxVersion());
        }
        versions = builder.build();
        if (sasl == null) {
            succeed(0);
        } else {
            startSasl();
        }
    }

    private void startSasl() {
        String mechanism = sasl.mechanism().mechanismName();
        short handshakeVersion = versions.highestCommon(ApiKey.SASL_HANDSHAKE, (short) 1,
                ApiKey.SASL_HANDSHAKE.latestStableVersion());
        authenticateVersion = versions.highestCommon(ApiKey.SASL_AUTHENTICATE, (short) 0,
                ApiKey.SASL_AUTHENTICATE.latestStableVersion());
        if (handshakeVersion < 0 || authenticateVersion < 0) {
            fail(new IllegalSaslStateException("SASL " + mechanism + " with " + address + ": the broker does not"
                    + " offer SaslHandshake v1 and SaslAuthenticate (KIP-152)"));
            return;
        }
        saslClient = SaslClient.create(sasl, settings.security().loginExecutor());
        step = Step.SASL_HANDSHAKE;
        send(new SaslHandshakeRequest().setMechanism(mechanism), handshakeVersion);
    }

    private void onSaslHandshake(SaslHandshakeResponse response) {
        String mechanism = saslClient.mechanism();
        if (response.errorCode() == ErrorCode.UNSUPPORTED_SASL_MECHANISM.code()) {
            fail(new UnsupportedSaslMechanismException("SASL mechanism " + mechanism + " is not enabled on "
                    + address + "; it enables " + response.mechanisms()));
            return;
        }
        if (response.errorCode() != 0) {
            fail(authenticationError(response.errorCode(), "SaslHandshake for " + mechanism + " with " + address
                    + " failed" + (response.errorCode() == ErrorCode.ILLEGAL_SASL_STATE.code()
                            ? " (is the listener SASL_PLAINTEXT or SASL_SSL?)" : "")));
            return;
        }
        step = Step.SASL_TOKEN;
        armTimeout("the " + mechanism + " initial response (token provider)");
        saslClient.initialResponse().whenComplete((bytes, error) -> ctx.executor().execute(() -> {
            if (step != Step.SASL_TOKEN) {
                return; // failed or closed meanwhile
            }
            cancelTimeout();
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                fail(cause instanceof RuntimeException r ? r
                        : new AuthenticationException(mechanism + " login for " + address + " failed: " + cause,
                                cause));
            } else {
                sendAuthenticate(bytes);
            }
        }));
    }

    private void sendAuthenticate(byte[] bytes) {
        step = Step.SASL_AUTHENTICATE;
        send(new SaslAuthenticateRequest().setAuthBytes(bytes), authenticateVersion);
    }

    private void onSaslAuthenticate(SaslAuthenticateResponse response) {
        String mechanism = saslClient.mechanism();
        if (response.errorCode() != 0) {
            String brokerMessage = response.errorMessage() == null ? "" : ": " + response.errorMessage();
            fail(authenticationError(response.errorCode(), "SASL authentication with " + mechanism + " to "
                    + address + " failed" + brokerMessage));
            return;
        }
        byte[] next;
        try {
            next = saslClient.evaluateChallenge(response.authBytes());
        } catch (AuthenticationException e) {
            fail(new SaslAuthenticationException("SASL authentication with " + mechanism + " to " + address
                    + " failed: " + e.getMessage(), e));
            return;
        }
        if (next == null) {
            succeed(response.sessionLifetimeMs());
        } else {
            sendAuthenticate(next);
        }
    }

    private static RuntimeException authenticationError(short code, String message) {
        ApiException e = ErrorCode.exceptionFor(code, message);
        return e instanceof AuthenticationException ? e
                : new SaslAuthenticationException(message + " (error code " + code + ": " + e.getMessage() + ")");
    }

    // ---- one request at a time ----

    private void send(ApiRequest<?> request, short version) {
        expectedApi = request.apiKey();
        expectedVersion = version;
        expectedCorrelationId = correlationIds.getAsInt();
        ByteBuf buf = Frames.encode(ctx.alloc(), request, version, expectedCorrelationId, clientIdUtf8);
        armTimeout(expectedApi.title() + " v" + version);
        ctx.writeAndFlush(buf).addListener(f -> {
            if (!f.isSuccess()) {
                fail(new DisconnectException("connection to " + address + " lost while writing " + request.apiKey()
                        .title() + " during " + describeStep(), f.cause()));
            }
        });
    }

    private void onFrame(ByteBuf frame) {
        if (expectedApi == null || step == Step.TLS || step == Step.SASL_TOKEN || step == Step.NEW) {
            throw corrupt("a frame arrived while no handshake request was in flight", null);
        }
        if (frame.readableBytes() < 4) {
            throw corrupt("a " + frame.readableBytes() + "-byte frame too short for a response header", null);
        }
        int correlationId = frame.readInt();
        if (correlationId != expectedCorrelationId) {
            throw corrupt("correlation id " + correlationId + " where " + expectedCorrelationId + " was expected",
                    null);
        }
        ApiResponse response;
        try {
            response = Frames.readResponse(expectedApi, expectedVersion, frame);
        } catch (RuntimeException e) {
            throw corrupt(expectedApi.title() + " v" + expectedVersion + " response did not decode: "
                    + e.getMessage(), e);
        }
        cancelTimeout();
        expectedApi = null;
        switch (step) {
            case API_VERSIONS -> onApiVersions((ApiVersionsResponse) response);
            case SASL_HANDSHAKE -> onSaslHandshake((SaslHandshakeResponse) response);
            case SASL_AUTHENTICATE -> onSaslAuthenticate((SaslAuthenticateResponse) response);
            default -> throw new IllegalStateException("handshake step " + step);
        }
    }

    private void armTimeout(String what) {
        cancelTimeout();
        long ms = settings.requestTimeoutMs();
        timeout = ctx.executor().schedule(() -> fail(new RequestTimeoutException(what + " to " + address
                + " got no response within request.timeout.ms=" + ms + " during " + describeStep()
                + "; closing the connection")), ms, TimeUnit.MILLISECONDS);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void succeed(long sessionLifetimeMs) {
        step = Step.DONE;
        cancelTimeout();
        ctx.pipeline().remove(this);
        listener.handshakeSucceeded(ctx.channel(), versions, sessionLifetimeMs);
    }

    private void fail(RuntimeException cause) {
        if (step == Step.DONE) {
            return;
        }
        step = Step.DONE;
        cancelTimeout();
        listener.handshakeFailed(ctx.channel(), cause);
    }

    private CorruptFrameException corrupt(String what, Throwable cause) {
        return new CorruptFrameException(address + " during " + describeStep() + ": " + what
                + "; closing the connection", cause);
    }

    private RuntimeException translate(Throwable cause) {
        if (cause instanceof RuntimeException r && (r instanceof AuthenticationException
                || r instanceof DisconnectException)) {
            return r;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException) {
                return new ConnectionRefusedException("TLS handshake with " + address + " did not complete within "
                        + settings.connectTimeoutMs() + " ms (socket.connection.setup.timeout.ms)", t);
            }
            if (t instanceof SSLException ssl) {
                return new SslAuthenticationException("TLS handshake with " + address + " failed: "
                        + ssl.getMessage(), cause);
            }
            if (t instanceof TooLongFrameException) {
                return corrupt("a frame above the maximum of " + settings.maxFrameBytes() + " bytes", cause);
            }
        }
        return new DisconnectException("connection to " + address + " failed during " + describeStep() + ": "
                + cause, cause);
    }

    private String describeStep() {
        String what = switch (step) {
            case NEW, TLS -> "the TLS handshake";
            case API_VERSIONS -> "the ApiVersions handshake";
            case SASL_HANDSHAKE -> "the SaslHandshake";
            case SASL_TOKEN, SASL_AUTHENTICATE -> "SASL authentication";
            case DONE -> "the connection handshake";
        };
        return reauthentication ? what + " (re-authentication)" : what;
    }
}
