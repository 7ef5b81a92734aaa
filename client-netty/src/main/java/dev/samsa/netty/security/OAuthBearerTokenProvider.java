package dev.samsa.netty.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Supplies SASL/OAUTHBEARER tokens (KIP-255): the transport asks for one each time a connection authenticates and
 * each time it re-authenticates before its session expires (KIP-368), so a provider that caches a token should
 * refresh it well before it expires.
 *
 * <p><b>Threads.</b> {@link #token()} is never called on an I/O thread: the transport calls it on a thread of its own
 * login executor, so it may block (for example on an HTTP call to an identity provider), but connections to brokers
 * wait for it, bounded by {@code request.timeout.ms}. Implementations must be thread-safe: several connections may
 * ask at once.
 *
 * <pre>{@code
 * OAuthBearerTokenProvider provider = () -> {
 *     AccessToken t = identityProvider.clientCredentials();          // your OIDC client
 *     return new OAuthBearerToken(t.jwt(), t.subject(), t.expiresAt().toEpochMilli());
 * };
 * NettyTransport.builder().securityProtocol(SecurityProtocol.SASL_SSL).sasl(SaslConfig.oauthBearer(provider));
 * }</pre>
 */
@FunctionalInterface
public interface OAuthBearerTokenProvider {

    /**
     * Returns a current token.
     *
     * @return a token that is valid now
     * @throws Exception if no token can be had; the connection fails with an
     *     {@link dev.samsa.errors.AuthenticationException} that carries it as the cause
     */
    OAuthBearerToken token() throws Exception;

    /**
     * Unsecured JWS tokens ({@code "alg":"none"}, RFC 7515 appendix A.5) for brokers that run Kafka's default
     * OAUTHBEARER validator, which accepts them: development and test clusters only. Equivalent to Kafka's
     * {@code OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="<principal>";}. Each call makes a new
     * token issued now.
     *
     * @param principal the {@code sub} claim
     * @param lifetime how long each token is valid ({@code exp - iat}); at least 1 s
     * @return a provider of unsigned tokens
     * @throws IllegalArgumentException if the principal is blank or holds a quote or backslash, or the lifetime is
     *     shorter than 1 s
     */
    static OAuthBearerTokenProvider unsecured(String principal, Duration lifetime) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(lifetime, "lifetime");
        if (principal.isBlank() || principal.indexOf('"') >= 0 || principal.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("unsecured OAUTHBEARER principal '" + principal
                    + "' (expected: not blank, no quotes or backslashes)");
        }
        if (lifetime.toMillis() < 1000) {
            throw new IllegalArgumentException("unsecured OAUTHBEARER token lifetime " + lifetime.toMillis()
                    + " ms (expected: >= 1000 ms)");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        return () -> {
            long now = System.currentTimeMillis();
            long expires = now + lifetime.toMillis();
            String claims = "{\"iat\":" + (now / 1000.0) + ",\"exp\":" + (expires / 1000.0) + ",\"sub\":\""
                    + principal + "\"}";
            String token = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
            return new OAuthBearerToken(token, principal, expires);
        };
    }
}
