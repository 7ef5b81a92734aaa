package dev.samsa.netty.internal;

/**
 * The per-connection settings a {@code NettyTransport} was built with. Immutable.
 *
 * @param clientId {@code client.id}, sent in every request header; may be empty
 * @param softwareName the client software name sent in ApiVersions v3+ (KIP-511)
 * @param softwareVersion the client software version sent in ApiVersions v3+
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param maxInFlight {@code max.in.flight.requests.per.connection}
 * @param reconnectBackoffMs {@code reconnect.backoff.ms}
 * @param reconnectBackoffMaxMs {@code reconnect.backoff.max.ms}
 * @param connectionsMaxIdleMs {@code connections.max.idle.ms}
 * @param connectTimeoutMs {@code socket.connection.setup.timeout.ms}
 * @param maxFrameBytes the largest response frame accepted, in bytes
 * @param sendBufferBytes {@code send.buffer.bytes}, -1 for the OS default
 * @param receiveBufferBytes {@code receive.buffer.bytes}, -1 for the OS default
 * @param security TLS and SASL settings
 */
public record ConnectionSettings(
        String clientId,
        String softwareName,
        String softwareVersion,
        long requestTimeoutMs,
        int maxInFlight,
        long reconnectBackoffMs,
        long reconnectBackoffMaxMs,
        long connectionsMaxIdleMs,
        long connectTimeoutMs,
        int maxFrameBytes,
        int sendBufferBytes,
        int receiveBufferBytes,
        ConnectionSecurity security) {
}
