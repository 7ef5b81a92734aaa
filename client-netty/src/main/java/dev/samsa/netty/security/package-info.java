/**
 * Security settings of {@link dev.samsa.netty.NettyTransport}: the {@link dev.samsa.netty.security.SecurityProtocol}
 * ({@code security.protocol}), TLS ({@link dev.samsa.netty.security.SslConfig}, Kafka's {@code ssl.*} keys), SASL
 * ({@link dev.samsa.netty.security.SaslConfig}: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER; KIP-152, KIP-255,
 * KIP-368) and the OAUTHBEARER token SPI ({@link dev.samsa.netty.security.OAuthBearerTokenProvider}).
 *
 * <p>Every type here is immutable and thread-safe, and no {@code toString()} ever shows a password, a private key
 * or a token.
 */
package dev.samsa.netty.security;
