package dev.samsa.netty.security;

import java.util.Objects;

/**
 * How a connection authenticates with SASL (KIP-152: SaslHandshake, then SaslAuthenticate rounds, after the ApiVersions
 * handshake): the mechanism and its credentials. Immutable and thread-safe; {@link #toString()} never shows the
 * password.
 *
 * <pre>{@code
 * SaslConfig scram = SaslConfig.scramSha512("alice", System.getenv("KAFKA_PASSWORD"));
 * SaslConfig oauth = SaslConfig.oauthBearer(myTokenProvider);
 * }</pre>
 *
 * <p>Kafka's string form ({@code sasl.mechanism} plus a {@code sasl.jaas.config} such as
 * {@code org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="...";}) is read
 * by {@link dev.samsa.netty.NettyTransport.Builder#config(java.util.Map)}.
 */
public final class SaslConfig {
    private final SaslMechanism mechanism;
    private final String username;
    private final String password;
    private final OAuthBearerTokenProvider tokenProvider;

    private SaslConfig(SaslMechanism mechanism, String username, String password,
            OAuthBearerTokenProvider tokenProvider) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.tokenProvider = tokenProvider;
    }

    /**
     * SASL/PLAIN (RFC 4616). The password crosses the wire as it is: use it with {@link SecurityProtocol#SASL_SSL}.
     *
     * @param username the user name; not empty
     * @param password the password; not empty
     * @return the configuration
     * @throws IllegalArgumentException if either is empty or holds a NUL character
     */
    public static SaslConfig plain(String username, String password) {
        return new SaslConfig(SaslMechanism.PLAIN, user(username), secret(password), null);
    }

    /**
     * SASL/SCRAM-SHA-256 (RFC 5802, RFC 7677; KIP-84).
     *
     * @param username the user name; not empty
     * @param password the password; not empty
     * @return the configuration
     * @throws IllegalArgumentException if either is empty or holds a NUL character
     */
    public static SaslConfig scramSha256(String username, String password) {
        return new SaslConfig(SaslMechanism.SCRAM_SHA_256, user(username), secret(password), null);
    }

    /**
     * SASL/SCRAM-SHA-512 (RFC 5802; KIP-84).
     *
     * @param username the user name; not empty
     * @param password the password; not empty
     * @return the configuration
     * @throws IllegalArgumentException if either is empty or holds a NUL character
     */
    public static SaslConfig scramSha512(String username, String password) {
        return new SaslConfig(SaslMechanism.SCRAM_SHA_512, user(username), secret(password), null);
    }

    /**
     * A user name and password mechanism chosen at run time.
     *
     * @param mechanism {@link SaslMechanism#PLAIN}, {@link SaslMechanism#SCRAM_SHA_256} or
     *     {@link SaslMechanism#SCRAM_SHA_512}
     * @param username the user name; not empty
     * @param password the password; not empty
     * @return the configuration
     * @throws IllegalArgumentException if the mechanism is OAUTHBEARER, or a credential is empty or holds a NUL
     */
    public static SaslConfig usernamePassword(SaslMechanism mechanism, String username, String password) {
        Objects.requireNonNull(mechanism, "mechanism");
        if (mechanism == SaslMechanism.OAUTHBEARER) {
            throw new IllegalArgumentException("OAUTHBEARER takes a token provider, not a password: use "
                    + "SaslConfig.oauthBearer(provider)");
        }
        return new SaslConfig(mechanism, user(username), secret(password), null);
    }

    /**
     * SASL/OAUTHBEARER (RFC 7628; KIP-255) with tokens from {@code provider}, which is asked again before each
     * re-authentication (KIP-368).
     *
     * @param provider supplies tokens; see its threading rules
     * @return the configuration
     */
    public static SaslConfig oauthBearer(OAuthBearerTokenProvider provider) {
        return new SaslConfig(SaslMechanism.OAUTHBEARER, null, null, Objects.requireNonNull(provider, "provider"));
    }

    /**
     * The mechanism sent in SaslHandshake.
     *
     * @return the mechanism
     */
    public SaslMechanism mechanism() {
        return mechanism;
    }

    /**
     * The user name of PLAIN and SCRAM.
     *
     * @return the user name, or {@code null} for OAUTHBEARER
     */
    public String username() {
        return username;
    }

    /**
     * The password of PLAIN and SCRAM. A secret: never log it.
     *
     * @return the password, or {@code null} for OAUTHBEARER
     */
    public String password() {
        return password;
    }

    /**
     * The OAUTHBEARER token provider.
     *
     * @return the provider, or {@code null} for PLAIN and SCRAM
     */
    public OAuthBearerTokenProvider tokenProvider() {
        return tokenProvider;
    }

    /**
     * Describes the configuration without its secret.
     *
     * @return mechanism and user name, with the password shown as {@code [hidden]}
     */
    @Override
    public String toString() {
        return mechanism == SaslMechanism.OAUTHBEARER
                ? "SaslConfig{mechanism=OAUTHBEARER, tokenProvider=" + tokenProvider.getClass().getName() + "}"
                : "SaslConfig{mechanism=" + mechanism + ", username=" + username + ", password=[hidden]}";
    }

    private static String user(String username) {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty() || username.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SASL username '" + username.replace('\0', '?')
                    + "' (expected: not empty, no NUL characters)");
        }
        return username;
    }

    private static String secret(String password) {
        Objects.requireNonNull(password, "password");
        if (password.isEmpty() || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SASL password [hidden] (expected: not empty, no NUL characters)");
        }
        return password;
    }
}
