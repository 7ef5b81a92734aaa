package dev.samsa.netty.security;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bearer token for SASL/OAUTHBEARER (RFC 7628, KIP-255) and the SASL extensions sent with it (KIP-342). Immutable;
 * {@link #toString()} never shows the token value.
 *
 * @param value the compact token (for example a JWS {@code header.payload.signature}); sent as
 *     {@code auth=Bearer <value>}
 * @param principalName the principal the token stands for, for messages and logs only (the broker derives the
 *     principal from the token itself)
 * @param expiresAtMs when the token expires, in milliseconds since the epoch; the broker's session lifetime is capped
 *     by it (KIP-368)
 * @param extensions SASL extensions, {@code key=value} pairs sent after the token; keys are alphabetic, {@code auth}
 *     is reserved; may be empty
 */
public record OAuthBearerToken(String value, String principalName, long expiresAtMs, Map<String, String> extensions) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z]+");
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7E \\t\\r\\n]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /**
     * Checks the token and extensions against RFC 7628's grammar.
     *
     * @throws NullPointerException if {@code value}, {@code principalName} or {@code extensions} is null
     * @throws IllegalArgumentException if the value is not an RFC 6750 {@code b64token}, or an extension key is not
     *     alphabetic or is {@code auth}, or a value holds characters RFC 7628 does not allow
     */
    public OAuthBearerToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(principalName, "principalName");
        extensions = Map.copyOf(Objects.requireNonNull(extensions, "extensions"));
        if (!TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("OAUTHBEARER token for " + principalName
                    + " is not an RFC 6750 b64token");
        }
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches() || e.getKey().equals("auth")) {
                throw new IllegalArgumentException("SASL extension key '" + e.getKey()
                        + "' (expected: letters only, not 'auth')");
            }
            if (!VALUE.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("SASL extension " + e.getKey()
                        + " has characters RFC 7628 does not allow");
            }
        }
    }

    /**
     * A token with no extensions.
     *
     * @param value the compact token
     * @param principalName the principal, for messages
     * @param expiresAtMs expiry, in milliseconds since the epoch
     */
    public OAuthBearerToken(String value, String principalName, long expiresAtMs) {
        this(value, principalName, expiresAtMs, Map.of());
    }

    /**
     * Describes the token without its value.
     *
     * @return principal, expiry and extension keys
     */
    @Override
    public String toString() {
        return "OAuthBearerToken{principal=" + principalName + ", expiresAtMs=" + expiresAtMs + ", extensions="
                + extensions.keySet() + ", value=[hidden]}";
    }
}
