package dev.samsa.netty.security;

import dev.samsa.errors.ConfigException;
import java.util.Locale;

/**
 * Kafka's {@code security.protocol}: whether a connection is wrapped in TLS and whether it authenticates with SASL
 * after the ApiVersions handshake. The broker's listener decides which one a port speaks; the client must match it.
 */
public enum SecurityProtocol {
    /** No TLS, no SASL: bytes travel in clear and the broker sees an anonymous principal. The default. */
    PLAINTEXT(false, false),
    /** TLS; the broker may identify the client by its certificate (mutual TLS). */
    SSL(true, false),
    /** SASL authentication on a clear-text connection. */
    SASL_PLAINTEXT(false, true),
    /** SASL authentication inside TLS. */
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /**
     * Whether connections are wrapped in TLS.
     *
     * @return {@code true} for {@link #SSL} and {@link #SASL_SSL}
     */
    public boolean usesTls() {
        return tls;
    }

    /**
     * Whether connections authenticate with SASL after the ApiVersions handshake.
     *
     * @return {@code true} for {@link #SASL_PLAINTEXT} and {@link #SASL_SSL}
     */
    public boolean usesSasl() {
        return sasl;
    }

    /**
     * Parses a {@code security.protocol} value, ignoring case as Kafka does.
     *
     * @param name for example {@code "SASL_SSL"}
     * @return the protocol
     * @throws ConfigException naming {@code security.protocol} if the name is none of the four
     */
    public static SecurityProtocol forName(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the typed error
            }
        }
        throw new ConfigException("security.protocol", name, "one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }
}
