package dev.samsa.netty.internal.security;

import dev.samsa.errors.AuthenticationException;
import dev.samsa.netty.security.OAuthBearerToken;
import dev.samsa.netty.security.OAuthBearerTokenProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * SASL/OAUTHBEARER (RFC 7628, KIP-255; extensions KIP-342): {@code n,,<SOH>auth=Bearer <token><SOH>[key=value<SOH>]*
 * <SOH>}. On an invalid token the broker answers with a JSON error challenge, which RFC 7628 section 3.2.3 has the
 * client acknowledge with a single {@code SOH}; the broker then fails the exchange with an error code.
 */
final class OAuthBearerSaslClient implements SaslClient {
    private static final char SOH = '\u0001';
    private final OAuthBearerTokenProvider provider;
    private final Executor executor;
    private boolean errorAcknowledged;

    OAuthBearerSaslClient(OAuthBearerTokenProvider provider, Executor executor) {
        this.provider = provider;
        this.executor = executor;
    }

    @Override
    public String mechanism() {
        return "OAUTHBEARER";
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        return CompletableFuture.supplyAsync(() -> {
            OAuthBearerToken token;
            try {
                token = provider.token();
            } catch (Exception e) {
                throw new CompletionException(new AuthenticationException("OAUTHBEARER: the token provider "
                        + provider.getClass().getName() + " failed: " + e, e));
            }
            if (token == null) {
                throw new CompletionException(new AuthenticationException("OAUTHBEARER: the token provider "
                        + provider.getClass().getName() + " returned no token"));
            }
            return message(token);
        }, executor);
    }

    static byte[] message(OAuthBearerToken token) {
        StringBuilder sb = new StringBuilder("n,,").append(SOH).append("auth=Bearer ").append(token.value())
                .append(SOH);
        for (Map.Entry<String, String> e : new TreeMap<>(token.extensions()).entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(SOH);
        }
        return sb.append(SOH).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        if (challenge.length == 0) {
            return null;
        }
        if (errorAcknowledged) {
            throw new AuthenticationException("OAUTHBEARER: the broker sent a second error challenge");
        }
        // The broker's error JSON (status, scope, openid-configuration); the final error arrives with the next
        // response, so acknowledge and let it come.
        errorAcknowledged = true;
        return new byte[] {SOH};
    }
}
