package dev.samsa.netty.fuzz;

import dev.samsa.errors.DisconnectException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.Message;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.RandomMessages;
import dev.samsa.netty.internal.BrokerConnection;
import dev.samsa.netty.internal.ConnectionSecurity;
import dev.samsa.netty.internal.ConnectionSettings;
import dev.samsa.netty.internal.Lane;
import dev.samsa.netty.internal.ResponseFuture;
import dev.samsa.netty.fuzz.Targets.Outcome;
import dev.samsa.transport.CorruptFrameException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Target (a): response frames through the transport's real decoding path. A broker in the same JVM, on Netty's
 * in-VM transport (no sockets), answers the handshake's ApiVersions correctly and then answers the one request of
 * each connection with the fuzzed bytes (size prefix, correlation id, header and body, all mutable) and closes. Each
 * input uses a fresh {@link BrokerConnection} with the production pipeline (framing, handshake, correlation), so
 * every input must end in a decoded response or a typed error, and within the request timeout, never in a hang.
 */
final class FrameHarness implements AutoCloseable {
    /** The handshake's ApiVersions is the connection's first request; the fuzzed one is the second. */
    static final int HANDSHAKE_CORRELATION_ID = 0;
    static final int REQUEST_CORRELATION_ID = 1;

    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    private final LocalAddress address = new LocalAddress("samsa-fuzz-" + UUID.randomUUID());
    private final Channel server;
    private final ConnectionSettings settings;
    private final byte[] apiVersionsFrame;
    private volatile byte[] nextResponse = new byte[0];

    FrameHarness() throws InterruptedException {
        apiVersionsFrame = apiVersionsFrame();
        settings = new ConnectionSettings("fuzz", "samsa-fuzz", "1", 10_000, 5, 0, 0, 600_000, 10_000, 1 << 20, -1,
                -1, ConnectionSecurity.PLAINTEXT);
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        int correlationId = frame.getInt(4);
                                        if (correlationId == HANDSHAKE_CORRELATION_ID) {
                                            ctx.writeAndFlush(Unpooled.wrappedBuffer(apiVersionsFrame));
                                        } else {
                                            ctx.writeAndFlush(Unpooled.wrappedBuffer(nextResponse))
                                                    .addListener(ChannelFutureListener.CLOSE);
                                        }
                                    }
                                });
                    }
                })
                .bind(address).sync().channel();
    }

    /** The default request of {@code api} (Produce with acks=1, so that a response is awaited). */
    static ApiRequest<?> request(ApiKey api) {
        ApiRequest<?> request = api.newRequest();
        if (request instanceof ProduceRequest produce) {
            produce.setAcks((short) 1).setTimeoutMs(1000);
        }
        return request;
    }

    /** A valid response frame to {@code api}'s request at the version the transport negotiates. */
    static byte[] responseFrame(ApiKey api, long seed) {
        short version = api.latestStableVersion();
        Message body = RandomMessages.random(api.title() + "Response", version, new Random(seed));
        return frame(api, version, REQUEST_CORRELATION_ID, body);
    }

    private static byte[] frame(ApiKey api, short version, int correlationId, Message body) {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(0).writeInt(correlationId);
        if (api.responseHeaderVersion(version) >= 1) {
            ByteBufs.writeUnsignedVarint(out, 0);
        }
        body.write(out, version);
        out.setInt(0, out.readableBytes() - 4);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] apiVersionsFrame() {
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            if (api.latestStableVersion() >= api.lowestVersion()) {
                keys.add(new ApiVersionsResponse.ApiVersion().setApiKey(api.id()).setMinVersion(api.lowestVersion())
                        .setMaxVersion(api.latestStableVersion()));
            }
        }
        return frame(ApiKey.API_VERSIONS, ApiKey.API_VERSIONS.latestStableVersion(), HANDSHAKE_CORRELATION_ID,
                new ApiVersionsResponse().setApiKeys(keys));
    }

    /**
     * Sends {@code api}'s request on a new connection, has the broker answer with {@code response}, and classifies
     * the end.
     *
     * @throws AssertionError on a hang (no end within 10 s) or an exception the transport does not document
     */
    Outcome run(ApiKey api, byte[] response) {
        nextResponse = response;
        BrokerConnection connection = new BrokerConnection(group.next(), LocalChannel.class, "fuzz-broker", 9092,
                address, Lane.OTHER, settings);
        ResponseFuture<ApiResponse> future = new ResponseFuture<>();
        connection.submit(uncheckedRequest(api), api.lowestVersion(), api.latestStableVersion(), future);
        try {
            Targets.releaseRecords(future.get(10, TimeUnit.SECONDS));
            return Outcome.DECODED;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CorruptFrameException) {
                return Outcome.CORRUPT_FRAME;
            }
            if (cause instanceof DisconnectException) {
                return Outcome.DISCONNECTED; // a frame cut short by the broker's close
            }
            throw Targets.unexpected(api.title() + " response frame", response, cause);
        } catch (TimeoutException e) {
            throw Targets.unexpected(api.title() + " response frame (hang: no end within 10 s)", response, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            connection.shutdown();
        }
    }

    @SuppressWarnings("unchecked")
    private static ApiRequest<ApiResponse> uncheckedRequest(ApiKey api) {
        return (ApiRequest<ApiResponse>) request(api);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
