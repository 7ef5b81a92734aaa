/**
 * {@link dev.samsa.netty.NettyTransport}, Samsa's {@link dev.samsa.transport.Transport} for real Kafka brokers over
 * TCP, TLS and SASL, and its security settings ({@link dev.samsa.netty.security}). Framing, connections and the SASL
 * exchanges ({@code dev.samsa.netty.internal}) are not exported.
 */
// Netty's jars are automatic modules (Automatic-Module-Name manifest entries), see the requires below.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.samsa.netty {
    // NettyTransport implements Transport and hands it to the builders of dev.samsa.client.
    requires transitive dev.samsa.client;
    // Netty's jars are automatic modules named by their Automatic-Module-Name manifest entries. The native epoll
    // transport (io.netty.transport.epoll.linux.x86_64) is a runtime-only jar of native code found as a resource;
    // without it the transport falls back to NIO.
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    // Transitive: NettyTransport.Builder.eventLoopGroup(EventLoopGroup) is public API.
    requires transitive io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires org.slf4j;

    exports dev.samsa.netty;
    exports dev.samsa.netty.security;
}
