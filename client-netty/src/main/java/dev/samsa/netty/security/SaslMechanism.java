package dev.samsa.netty.security;

import dev.samsa.errors.ConfigException;
import java.util.Locale;

/**
 * The SASL mechanisms the transport implements, by their IANA names as Kafka's {@code sasl.mechanism} spells them.
 * GSSAPI (Kerberos) is not supported.
 */
public enum SaslMechanism {
    /** RFC 4616: user name and password sent as they are; use it only inside TLS ({@code SASL_SSL}). */
    PLAIN("PLAIN"),
    /** RFC 5802 / RFC 7677 salted challenge-response with SHA-256 (KIP-84); the password never crosses the wire. */
    SCRAM_SHA_256("SCRAM-SHA-256"),
    /** RFC 5802 salted challenge-response with SHA-512 (KIP-84). */
    SCRAM_SHA_512("SCRAM-SHA-512"),
    /** RFC 7628 bearer tokens (KIP-255), from an {@link OAuthBearerTokenProvider}. */
    OAUTHBEARER("OAUTHBEARER");

    private final String mechanismName;

    SaslMechanism(String mechanismName) {
        this.mechanismName = mechanismName;
    }

    /**
     * The name sent in SaslHandshake and accepted by {@code sasl.mechanism}.
     *
     * @return for example {@code "SCRAM-SHA-256"}
     */
    public String mechanismName() {
        return mechanismName;
    }

    /**
     * Parses a {@code sasl.mechanism} value (case-insensitive).
     *
     * @param name for example {@code "SCRAM-SHA-512"}
     * @return the mechanism
     * @throws ConfigException naming {@code sasl.mechanism} if it is not one of the supported four
     */
    public static SaslMechanism forName(String name) {
        if (name != null) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            for (SaslMechanism m : values()) {
                if (m.mechanismName.equals(upper)) {
                    return m;
                }
            }
        }
        throw new ConfigException("sasl.mechanism", name,
                "one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER (GSSAPI is not supported)");
    }

    @Override
    public String toString() {
        return mechanismName;
    }
}
