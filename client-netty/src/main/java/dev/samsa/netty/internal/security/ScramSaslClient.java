package dev.samsa.netty.internal.security;

import dev.samsa.errors.IllegalSaslStateException;
import dev.samsa.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM (RFC 5802; SHA-256 per RFC 7677; KIP-84), with JDK crypto only: PBKDF2 for {@code Hi()},
 * HMAC and the digest of the chosen hash. Three messages: client-first ({@code n,,n=<user>,r=<nonce>}), client-final
 * ({@code c=biws,r=<nonce>,p=<proof>}), and a check of the broker's server-final ({@code v=<signature>}) so that the
 * client also knows the broker holds the credential. No channel binding ({@code n,,}), as Kafka.
 */
public final class ScramSaslClient implements SaslClient {
    /** Kafka's lower bound for SCRAM iterations (ScramMechanism.minIterations); fewer is refused as too weak. */
    static final int MIN_ITERATIONS = 4096;
    /** Refuses absurd iteration counts that would pin an I/O thread (Kafka's tools allow at most 16384). */
    static final int MAX_ITERATIONS = 1 << 20;

    /** The hash of a SCRAM mechanism. */
    public enum Algorithm {
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 256),
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 512);

        final String mechanism;
        final String digest;
        final String mac;
        final String pbkdf2;
        final int bits;

        Algorithm(String mechanism, String digest, String mac, String pbkdf2, int bits) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.mac = mac;
            this.pbkdf2 = pbkdf2;
            this.bits = bits;
        }
    }

    private enum Step { CLIENT_FIRST, SERVER_FIRST, SERVER_FINAL, COMPLETE }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm algorithm;
    private final String username;
    private final String password;
    private final String clientNonce;
    private Step step = Step.CLIENT_FIRST;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    ScramSaslClient(Algorithm algorithm, String username, String password) {
        this(algorithm, username, password, randomNonce());
    }

    /** With a fixed client nonce: for the RFC test vectors only. */
    public ScramSaslClient(Algorithm algorithm, String username, String password, String clientNonce) {
        this.algorithm = algorithm;
        this.username = username;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        // Base64 never contains ',' and is printable, as RFC 5802 requires of a nonce.
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String mechanism() {
        return algorithm.mechanism;
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        return CompletableFuture.completedFuture(clientFirstMessage());
    }

    /** {@code n,,n=<saslname>,r=<client nonce>}. */
    public byte[] clientFirstMessage() {
        if (step != Step.CLIENT_FIRST) {
            throw new IllegalStateException("SCRAM client-first sent twice");
        }
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        step = Step.SERVER_FIRST;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        String message = new String(challenge, StandardCharsets.UTF_8);
        return switch (step) {
            case SERVER_FIRST -> clientFinal(message);
            case SERVER_FINAL -> {
                verifyServerFinal(message);
                yield null;
            }
            default -> throw new IllegalSaslStateException(algorithm.mechanism + ": unexpected challenge in step "
                    + step);
        };
    }

    private byte[] clientFinal(String serverFirst) {
        Map<String, String> attrs = attributes(serverFirst);
        if (attrs.containsKey("m")) {
            throw new SaslAuthenticationException(algorithm.mechanism + ": the broker requires an extension ("
                    + "m=) this client does not know");
        }
        if (attrs.containsKey("e")) {
            throw new SaslAuthenticationException(algorithm.mechanism + ": the broker answered with error "
                    + attrs.get("e"));
        }
        String nonce = attrs.get("r");
        String salt = attrs.get("s");
        String iterationsText = attrs.get("i");
        if (nonce == null || salt == null || iterationsText == null) {
            throw new IllegalSaslStateException(algorithm.mechanism + ": malformed server-first message (expected"
                    + " r=, s= and i=)");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslAuthenticationException(algorithm.mechanism + ": the broker's nonce does not extend the"
                    + " client's");
        }
        int iterations;
        byte[] saltBytes;
        try {
            iterations = Integer.parseInt(iterationsText);
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new IllegalSaslStateException(algorithm.mechanism + ": malformed salt or iteration count in the"
                    + " server-first message");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new SaslAuthenticationException(algorithm.mechanism + ": iteration count " + iterations
                    + " is outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
        String clientFinalWithoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        try {
            byte[] saltedPassword = hi(saltBytes, iterations);
            byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance(algorithm.digest).digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            step = Step.SERVER_FINAL;
            return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.mechanism + ": the JDK lacks " + algorithm.pbkdf2 + " or "
                    + algorithm.mac, e);
        }
    }

    private void verifyServerFinal(String serverFinal) {
        Map<String, String> attrs = attributes(serverFinal);
        if (attrs.containsKey("e")) {
            throw new SaslAuthenticationException(algorithm.mechanism + ": the broker answered with error "
                    + attrs.get("e"));
        }
        String v = attrs.get("v");
        byte[] signature;
        try {
            signature = v == null ? null : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            signature = null;
        }
        if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslAuthenticationException(algorithm.mechanism + ": the broker's server signature does not"
                    + " verify; it does not hold this user's credential");
        }
        step = Step.COMPLETE;
    }

    private byte[] hi(byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, algorithm.bits);
        try {
            return SecretKeyFactory.getInstance(algorithm.pbkdf2).generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm.mac);
        mac.init(new SecretKeySpec(key, algorithm.mac));
        return mac.doFinal(data);
    }

    /** RFC 5802 saslname: {@code =} and {@code ,} escaped as {@code =3D} and {@code =2C}. */
    static String saslName(String username) {
        return username.replace("=", "=3D").replace(",", "=2C");
    }

    private Map<String, String> attributes(String message) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new IllegalSaslStateException(algorithm.mechanism + ": malformed attribute in the broker's"
                        + " message");
            }
            attrs.putIfAbsent(part.substring(0, 1), part.substring(2));
        }
        return attrs;
    }

    @Override
    public String toString() {
        return "ScramSaslClient{" + algorithm.mechanism + ", username=" + username + ", password=[hidden]}";
    }
}
