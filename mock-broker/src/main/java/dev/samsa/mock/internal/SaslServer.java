package dev.samsa.mock.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The broker side of one SASL exchange on one connection: PLAIN (RFC 4616) or SCRAM-SHA-256/512 (RFC 5802, RFC
 * 7677, KIP-84), with JDK crypto only. Each token of the client goes through {@link #evaluate}; a refused exchange
 * throws {@link Failure} carrying the message Kafka's broker sends in SaslAuthenticate's error message. Confined to
 * its connection's event loop.
 */
abstract class SaslServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The exchange was refused: {@link #getMessage()} is what the client is told (never the secret). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    final String mechanism;
    String username;
    boolean complete;

    SaslServer(String mechanism) {
        this.mechanism = mechanism;
    }

    /** The server's answer to the client's next token (empty when there is nothing to say). */
    abstract byte[] evaluate(byte[] response);

    /** Kafka's message for a token the mechanism refuses without saying why (SaslServerAuthenticator). */
    Failure invalidCredentials() {
        return new Failure("Authentication failed during authentication due to invalid credentials with SASL "
                + "mechanism " + mechanism);
    }

    static String randomNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] randomSalt() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** SASL/PLAIN: one message, {@code [authzid] NUL authcid NUL passwd}; the answer is empty. */
    static final class Plain extends SaslServer {
        private final SaslUsers users;

        Plain(SaslUsers users) {
            super("PLAIN");
            this.users = users;
        }

        @Override
        byte[] evaluate(byte[] response) {
            if (complete) {
                throw invalidCredentials();
            }
            String[] tokens = new String(response, StandardCharsets.UTF_8).split("\u0000", -1);
            if (tokens.length != 3) {
                throw invalidCredentials(); // Kafka: "expected 3 tokens", not told to the client
            }
            String authzid = tokens[0];
            String user = tokens[1];
            String password = tokens[2];
            if (user.isEmpty()) {
                throw new Failure("Authentication failed: username not specified");
            }
            if (password.isEmpty()) {
                throw new Failure("Authentication failed: password not specified");
            }
            if (!authzid.isEmpty() && !authzid.equals(user)) {
                throw new Failure("Authentication failed: Client requested an authorization id that is different "
                        + "from username");
            }
            if (!users.passwordMatches(user, password)) {
                throw new Failure("Authentication failed: Invalid username or password");
            }
            username = user;
            complete = true;
            return new byte[0];
        }
    }

    /**
     * A user's SCRAM credential as the broker stores it (RFC 5802 section 3): salt, iteration count, StoredKey and
     * ServerKey; never the password.
     */
    record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        static ScramCredential derive(Algorithm algorithm, String password, int iterations) {
            byte[] salt = randomSalt();
            byte[] salted = algorithm.hi(password, salt, iterations);
            byte[] clientKey = algorithm.hmac(salted, "Client Key");
            return new ScramCredential(salt, iterations, algorithm.hash(clientKey),
                    algorithm.hmac(salted, "Server Key"));
        }
    }

    /** A SCRAM hash: SHA-256 or SHA-512. */
    enum Algorithm {
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 256),
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 512);

        final String mechanism;
        private final String digest;
        private final String mac;
        private final String pbkdf2;
        private final int bits;

        Algorithm(String mechanism, String digest, String mac, String pbkdf2, int bits) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.mac = mac;
            this.pbkdf2 = pbkdf2;
            this.bits = bits;
        }

        static Algorithm forMechanism(String mechanism) {
            for (Algorithm a : values()) {
                if (a.mechanism.equals(mechanism)) {
                    return a;
                }
            }
            return null;
        }

        byte[] hi(String password, byte[] salt, int iterations) {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
            try {
                return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(mechanism + ": the JDK lacks " + pbkdf2, e);
            } finally {
                spec.clearPassword();
            }
        }

        byte[] hmac(byte[] key, String data) {
            return hmac(key, data.getBytes(StandardCharsets.UTF_8));
        }

        byte[] hmac(byte[] key, byte[] data) {
            try {
                Mac m = Mac.getInstance(mac);
                m.init(new SecretKeySpec(key, mac));
                return m.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(mechanism + ": the JDK lacks " + mac, e);
            }
        }

        byte[] hash(byte[] data) {
            try {
                return MessageDigest.getInstance(digest).digest(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(mechanism + ": the JDK lacks " + digest, e);
            }
        }
    }

    /**
     * SCRAM: client-first ({@code n,[a=authzid],n=user,r=cnonce[,ext]}), server-first ({@code r=nonce,s=salt,i=n}),
     * client-final ({@code c=biws,r=nonce,p=proof}), server-final ({@code v=signature}). No channel binding, as Kafka
     * (a {@code y} or {@code p} GS2 flag is refused).
     */
    static final class Scram extends SaslServer {
        private static final String VALUE = "[\\x21-\\x7E&&[^,]]+";
        private static final Pattern CLIENT_FIRST = Pattern.compile(
                "(?<gs2>n,(?:a=(?<authzid>[^,]*))?,)(?<bare>n=(?<saslname>[^,]+),r=(?<nonce>" + VALUE + ")"
                        + "(?:,[a-zA-Z]+=[^,]*)*)");
        private static final Pattern CLIENT_FINAL = Pattern.compile(
                "(?<withoutProof>c=(?<cbind>[a-zA-Z0-9+/=]+),r=(?<nonce>" + VALUE + ")(?:,[a-zA-Z]+=[^,]*)*?)"
                        + ",p=(?<proof>[a-zA-Z0-9+/=]+)");

        private enum Step { CLIENT_FIRST, CLIENT_FINAL, COMPLETE }

        private final SaslUsers users;
        private final Algorithm algorithm;
        private Step step = Step.CLIENT_FIRST;
        private String gs2Header;
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private ScramCredential credential;

        Scram(SaslUsers users, Algorithm algorithm) {
            super(algorithm.mechanism);
            this.users = users;
            this.algorithm = algorithm;
        }

        @Override
        byte[] evaluate(byte[] response) {
            String message = new String(response, StandardCharsets.UTF_8);
            return switch (step) {
                case CLIENT_FIRST -> clientFirst(message);
                case CLIENT_FINAL -> clientFinal(message);
                default -> throw invalidCredentials();
            };
        }

        private byte[] clientFirst(String message) {
            Matcher m = CLIENT_FIRST.matcher(message);
            if (!m.matches()) {
                throw invalidCredentials();
            }
            String user = m.group("saslname").replace("=2C", ",").replace("=3D", "=");
            String authzid = m.group("authzid");
            if (authzid != null && !authzid.isEmpty() && !authzid.equals(user)) {
                throw new Failure("Authentication failed: Client requested an authorization id that is different "
                        + "from username");
            }
            credential = users.scramCredential(algorithm, user);
            if (credential == null) {
                throw invalidCredentials(); // Kafka does not tell the client whether the user exists
            }
            username = user;
            gs2Header = m.group("gs2");
            clientFirstBare = m.group("bare");
            nonce = m.group("nonce") + randomNonce();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i="
                    + credential.iterations();
            step = Step.CLIENT_FINAL;
            return serverFirst.getBytes(StandardCharsets.UTF_8);
        }

        private byte[] clientFinal(String message) {
            Matcher m = CLIENT_FINAL.matcher(message);
            if (!m.matches() || !m.group("nonce").equals(nonce)) {
                throw invalidCredentials();
            }
            byte[] proof;
            byte[] channelBinding;
            try {
                proof = Base64.getDecoder().decode(m.group("proof"));
                channelBinding = Base64.getDecoder().decode(m.group("cbind"));
            } catch (IllegalArgumentException e) {
                throw invalidCredentials();
            }
            if (!new String(channelBinding, StandardCharsets.UTF_8).equals(gs2Header)) {
                throw invalidCredentials();
            }
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + m.group("withoutProof"))
                    .getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = algorithm.hmac(credential.storedKey(), authMessage);
            if (proof.length != clientSignature.length) {
                throw invalidCredentials();
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(algorithm.hash(clientKey), credential.storedKey())) {
                throw invalidCredentials();
            }
            step = Step.COMPLETE;
            complete = true;
            byte[] serverSignature = algorithm.hmac(credential.serverKey(), authMessage);
            return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
        }
    }
}
