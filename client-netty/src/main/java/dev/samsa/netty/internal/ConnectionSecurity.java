package dev.samsa.netty.internal;

import dev.samsa.netty.internal.security.TlsContext;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.netty.security.SecurityProtocol;
import java.util.concurrent.Executor;

/**
 * How connections are secured: TLS context (null unless the protocol uses TLS) and SASL settings (null unless it
 * uses SASL), with the executor that runs blocking login work such as OAUTHBEARER token providers. Immutable.
 *
 * @param protocol the {@code security.protocol}
 * @param tls the TLS context, or {@code null}
 * @param sasl the SASL mechanism and credentials, or {@code null}
 * @param loginExecutor runs token providers off the I/O threads; may be {@code null} when no provider is set
 */
public record ConnectionSecurity(SecurityProtocol protocol, TlsContext tls, SaslConfig sasl, Executor loginExecutor) {
    /** No TLS, no SASL. */
    public static final ConnectionSecurity PLAINTEXT = new ConnectionSecurity(SecurityProtocol.PLAINTEXT, null, null,
            null);

    /** Never shows credentials. */
    @Override
    public String toString() {
        return "ConnectionSecurity{" + protocol + (sasl == null ? "" : ", " + sasl) + "}";
    }
}
