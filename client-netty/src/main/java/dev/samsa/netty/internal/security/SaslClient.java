package dev.samsa.netty.internal.security;

import dev.samsa.netty.security.SaslConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The client side of one SASL exchange (one authentication or re-authentication of one connection): it makes the
 * bytes of each SaslAuthenticate request from the broker's previous answer. Not thread-safe: one exchange runs on
 * one I/O thread.
 */
public interface SaslClient {

    /** The mechanism name sent in SaslHandshake, e.g. {@code SCRAM-SHA-256}. */
    String mechanism();

    /**
     * The first SaslAuthenticate payload. Completes at once except for OAUTHBEARER, whose token provider runs on
     * the login executor.
     */
    CompletableFuture<byte[]> initialResponse();

    /**
     * Answers a SaslAuthenticate response's {@code auth_bytes} (the broker accepted the previous step).
     *
     * @param challenge the broker's bytes
     * @return the next payload, or {@code null} when the exchange is complete and the broker verified
     * @throws dev.samsa.errors.AuthenticationException if the broker's bytes are malformed or fail verification
     *     (for SCRAM: a wrong server signature or nonce)
     */
    byte[] evaluateChallenge(byte[] challenge);

    /**
     * A client for {@code config}'s mechanism.
     *
     * @param config mechanism and credentials
     * @param loginExecutor where blocking login work (token providers) runs
     * @return a fresh client for one exchange
     */
    static SaslClient create(SaslConfig config, Executor loginExecutor) {
        return switch (config.mechanism()) {
            case PLAIN -> new PlainSaslClient(config.username(), config.password());
            case SCRAM_SHA_256 -> new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, config.username(),
                    config.password());
            case SCRAM_SHA_512 -> new ScramSaslClient(ScramSaslClient.Algorithm.SHA_512, config.username(),
                    config.password());
            case OAUTHBEARER -> new OAuthBearerSaslClient(config.tokenProvider(), loginExecutor);
        };
    }
}
