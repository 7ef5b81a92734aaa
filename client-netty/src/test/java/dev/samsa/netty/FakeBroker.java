package dev.samsa.netty;

import dev.samsa.common.Node;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiMessage;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted broker on loopback for transport tests: it answers ApiVersions from a configurable table and hands every
 * other request to the test's handler, which may answer correctly, late, never, or with broken bytes.
 */
final class FakeBroker implements AutoCloseable {
    /** A decoded request header plus the undecoded body. */
    record Request(short apiKey, short version, int correlationId, String clientId, ByteBuf body, Channel channel) {
    }

    interface Handler {
        void handle(Request request) throws Exception;
    }

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    final AtomicInteger connections = new AtomicInteger();
    final List<Request> received = new CopyOnWriteArrayList<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    volatile Handler handler = r -> { };
    /** Highest version advertised per API key id; -1 entries are left out. Defaults to Samsa's own ranges. */
    final short[] maxVersions = new short[128];
    /** If set, ApiVersions requests above this version get a v0 UNSUPPORTED_VERSION answer. */
    volatile int maxApiVersionsVersion = Integer.MAX_VALUE;
    /** If set, ApiVersions requests get no answer at all. */
    volatile boolean silenceApiVersions;

    FakeBroker() throws InterruptedException {
        java.util.Arrays.fill(maxVersions, (short) -1);
        for (ApiKey api : ApiKey.values()) {
            maxVersions[api.id()] = api.latestStableVersion();
        }
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        channels.add(ch);
                        ch.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame)
                                            throws Exception {
                                        onRequest(ctx.channel(), frame);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    Node node() {
        return new Node(1, "127.0.0.1", port());
    }

    String bootstrap() {
        return "127.0.0.1:" + port();
    }

    List<Request> received(ApiKey api) {
        List<Request> out = new ArrayList<>();
        for (Request r : received) {
            if (r.apiKey() == api.id()) {
                out.add(r);
            }
        }
        return out;
    }

    private void onRequest(Channel ch, ByteBuf frame) throws Exception {
        short apiKey = frame.readShort();
        short version = frame.readShort();
        int correlationId = frame.readInt();
        short clientIdLength = frame.readShort();
        String clientId = clientIdLength < 0 ? null : ByteBufs.readUtf8(frame, clientIdLength, "client_id");
        ApiKey api = ApiKey.forId(apiKey);
        if (api.requestHeaderVersion(version) >= 2) {
            int tags = ByteBufs.readUnsignedVarint(frame);
            if (tags != 0) {
                throw new IllegalStateException("unexpected tagged fields in request header");
            }
        }
        Request request = new Request(apiKey, version, correlationId, clientId, frame.retainedSlice(), ch);
        received.add(request);
        if (api == ApiKey.API_VERSIONS) {
            if (!silenceApiVersions) {
                answerApiVersions(request);
            }
        } else {
            handler.handle(request);
        }
    }

    private void answerApiVersions(Request request) {
        ApiVersionsResponse response = new ApiVersionsResponse();
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            if (maxVersions[api.id()] >= 0) {
                keys.add(new ApiVersionsResponse.ApiVersion().setApiKey(api.id()).setMinVersion(api.lowestVersion())
                        .setMaxVersion((short) Math.min(maxVersions[api.id()],
                                api == ApiKey.API_VERSIONS ? Math.min(maxApiVersionsVersion, Short.MAX_VALUE)
                                        : Short.MAX_VALUE)));
            }
        }
        response.setApiKeys(keys);
        if (request.version() > maxApiVersionsVersion) {
            response.setErrorCode((short) 35);
            reply(request, response, (short) 0);
        } else {
            reply(request, response, request.version());
        }
    }

    /** Writes {@code body} as the response to {@code request}, encoded at {@code version}. */
    void reply(Request request, ApiMessage body, short version) {
        ApiKey api = ApiKey.forId(request.apiKey());
        ByteBuf out = Unpooled.buffer();
        out.writeInt(0);
        out.writeInt(request.correlationId());
        if (api.responseHeaderVersion(request.version()) >= 1) {
            ByteBufs.writeUnsignedVarint(out, 0);
        }
        body.write(out, version);
        out.setInt(0, out.readableBytes() - 4);
        request.channel().writeAndFlush(out);
    }

    /** Writes {@code body} as the response to {@code request} at the request's version. */
    void reply(Request request, ApiMessage body) {
        reply(request, body, request.version());
    }

    /** Writes raw bytes (a size prefix is not added). */
    void writeRaw(Request request, ByteBuf bytes) {
        request.channel().writeAndFlush(bytes);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        for (Request r : received) {
            r.body().release(); // each holds one retained slice of its frame, taken in onRequest
        }
        received.clear();
    }
}
