package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.message.SaslAuthenticateRequest;
import dev.samsa.internal.protocol.message.SaslAuthenticateResponse;
import dev.samsa.internal.protocol.message.SaslHandshakeRequest;
import dev.samsa.internal.protocol.message.SaslHandshakeResponse;
import java.util.ArrayList;

/**
 * The SASL authentication of one TCP connection to a listener with SASL users, as Kafka's
 * {@code SaslServerAuthenticator} runs it before any request reaches the broker's handlers (KIP-152): ApiVersions
 * may come first (it goes to the handlers); then SaslHandshake v1 names an enabled mechanism, and SaslAuthenticate
 * requests carry the mechanism's tokens until it completes. Any other request before that closes the connection,
 * as does a refused mechanism (UNSUPPORTED_SASL_MECHANISM) or refused credentials (SASL_AUTHENTICATION_FAILED with
 * Kafka's message), each once its response is written. Confined to the connection's event loop.
 *
 * <p>Deviations: SaslHandshake v0 (raw tokens without SaslAuthenticate) is not served; sessions never expire
 * ({@code session_lifetime_ms} 0: no {@code connections.max.reauth.ms}), so clients never re-authenticate; a failed
 * authentication is answered at once (Kafka waits {@code connection.failed.authentication.delay.ms}, 100 ms).
 */
final class SaslSession {
    private final SaslUsers users;
    private SaslServer server;
    private boolean complete;
    /** Set when the connection must close once the response is written. */
    String closeReason;

    SaslSession(SaslUsers users) {
        this.users = users;
    }

    /** Whether the exchange completed, so requests go to the handlers. */
    boolean authenticated() {
        return complete;
    }

    /** The authenticated principal, {@code User:name}; valid once {@link #authenticated()}. */
    String principal() {
        return "User:" + server.username;
    }

    /** Whether {@code api} is served before authentication by the handlers (ApiVersions only). */
    static boolean allowedBeforeAuthentication(ApiKey api) {
        return api == ApiKey.API_VERSIONS;
    }

    /**
     * The answer to a SaslHandshake or SaslAuthenticate before authentication completed; sets
     * {@link #closeReason} when the connection closes after it. Other APIs return null with a close reason.
     */
    ApiResponse handle(ApiKey api, ApiRequest<?> request) {
        if (api == ApiKey.SASL_HANDSHAKE) {
            return handshake((SaslHandshakeRequest) request);
        }
        if (api == ApiKey.SASL_AUTHENTICATE) {
            return authenticate((SaslAuthenticateRequest) request);
        }
        closeReason = "Unexpected Kafka request of type " + api.title() + " during SASL handshake.";
        return null;
    }

    private SaslHandshakeResponse handshake(SaslHandshakeRequest request) {
        SaslHandshakeResponse response = new SaslHandshakeResponse()
                .setMechanisms(new ArrayList<>(users.mechanisms()));
        if (server != null) {
            closeReason = "Unexpected SaslHandshake during SASL authentication";
            return response.setErrorCode(ErrorCode.ILLEGAL_SASL_STATE.code());
        }
        server = users.newServer(request.mechanism());
        if (server == null) {
            closeReason = "Unsupported SASL mechanism " + request.mechanism() + " (enabled: " + users.mechanisms()
                    + ")";
            return response.setErrorCode(ErrorCode.UNSUPPORTED_SASL_MECHANISM.code());
        }
        return response.setErrorCode(ErrorCode.NONE.code());
    }

    private SaslAuthenticateResponse authenticate(SaslAuthenticateRequest request) {
        SaslAuthenticateResponse response = new SaslAuthenticateResponse().setAuthBytes(new byte[0])
                .setSessionLifetimeMs(0);
        if (server == null) {
            closeReason = "Unexpected SaslAuthenticate before SaslHandshake";
            return response.setErrorCode(ErrorCode.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate request received before SaslHandshake");
        }
        try {
            byte[] challenge = server.evaluate(request.authBytes());
            complete = server.complete;
            return response.setErrorCode(ErrorCode.NONE.code()).setAuthBytes(challenge);
        } catch (SaslServer.Failure e) {
            closeReason = "Failed authentication (" + server.mechanism + "): " + e.getMessage();
            return response.setErrorCode(ErrorCode.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(e.getMessage());
        }
    }
}
