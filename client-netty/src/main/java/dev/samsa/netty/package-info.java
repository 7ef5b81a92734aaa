/**
 * {@link dev.samsa.netty.NettyTransport}: Samsa's {@link dev.samsa.transport.Transport} for real Kafka brokers, over
 * TCP, TLS and SASL; its security settings are in {@link dev.samsa.netty.security}.
 */
package dev.samsa.netty;
