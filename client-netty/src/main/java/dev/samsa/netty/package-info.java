/** {@link dev.samsa.netty.NettyTransport}: Samsa's {@link dev.samsa.transport.Transport} for real Kafka brokers. */
package dev.samsa.netty;
