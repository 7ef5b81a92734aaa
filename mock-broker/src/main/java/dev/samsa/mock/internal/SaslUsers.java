package dev.samsa.mock.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SASL users of a mock cluster and the mechanisms its TCP listener enables ({@code sasl.enabled.mechanisms}).
 * PLAIN checks the password; SCRAM checks against a credential derived once per user and mechanism, on first use
 * (PBKDF2 takes milliseconds, and most tests use one mechanism). Thread-safe.
 */
public final class SaslUsers {
    /** Every mechanism the mock can serve, in Kafka's names. */
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final List<String> enabled;
    private final int iterations;
    private final Map<String, SaslServer.ScramCredential> scram = new ConcurrentHashMap<>();

    /**
     * @param users user name to password
     * @param mechanisms the enabled mechanisms, a subset of {@link #MECHANISMS}
     * @param iterations SCRAM's iteration count, at least 4096 (Kafka's minimum)
     */
    public SaslUsers(Map<String, String> users, List<String> mechanisms, int iterations) {
        passwords.putAll(users);
        this.enabled = List.copyOf(mechanisms);
        this.iterations = iterations;
    }

    /** The enabled mechanisms, as SaslHandshake lists them. */
    public List<String> mechanisms() {
        return enabled;
    }

    /** Adds a user or changes its password (its SCRAM credentials are derived again on next use). */
    public void put(String user, String password) {
        passwords.put(user, password);
        scram.keySet().removeIf(k -> k.endsWith("\u0000" + user));
    }

    /** Removes a user: later authentications as it fail; established connections stay. */
    public boolean remove(String user) {
        scram.keySet().removeIf(k -> k.endsWith("\u0000" + user));
        return passwords.remove(user) != null;
    }

    /** A new exchange of {@code mechanism}, or null if it is not enabled. */
    SaslServer newServer(String mechanism) {
        if (!enabled.contains(mechanism)) {
            return null;
        }
        SaslServer.Algorithm scramAlgorithm = SaslServer.Algorithm.forMechanism(mechanism);
        return scramAlgorithm == null ? new SaslServer.Plain(this) : new SaslServer.Scram(this, scramAlgorithm);
    }

    boolean passwordMatches(String user, String password) {
        String expected = passwords.get(user);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    /** The user's credential for this hash, or null if there is no such user. */
    SaslServer.ScramCredential scramCredential(SaslServer.Algorithm algorithm, String user) {
        String password = passwords.get(user);
        if (password == null) {
            return null;
        }
        return scram.computeIfAbsent(algorithm.mechanism + "\u0000" + user,
                k -> SaslServer.ScramCredential.derive(algorithm, password, iterations));
    }

    @Override
    public String toString() {
        return "SaslUsers(" + passwords.keySet() + ", mechanisms=" + enabled + ", passwords=[hidden])";
    }
}
