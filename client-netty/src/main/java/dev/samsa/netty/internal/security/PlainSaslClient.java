package dev.samsa.netty.internal.security;

import dev.samsa.errors.IllegalSaslStateException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** SASL/PLAIN (RFC 4616): one message, {@code [authzid] NUL authcid NUL passwd}, with no authorization id. */
final class PlainSaslClient implements SaslClient {
    private final String username;
    private final String password;
    private boolean sent;

    PlainSaslClient(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        sent = true;
        return CompletableFuture.completedFuture(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        if (!sent || challenge.length != 0) {
            throw new IllegalSaslStateException("PLAIN: unexpected " + challenge.length
                    + "-byte challenge from the broker after the credentials were accepted");
        }
        return null;
    }

    @Override
    public String toString() {
        return "PlainSaslClient{username=" + username + ", password=[hidden]}";
    }
}
