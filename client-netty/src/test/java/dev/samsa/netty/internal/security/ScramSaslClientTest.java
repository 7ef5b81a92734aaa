package dev.samsa.netty.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM client against the RFC 7677 SHA-256 test vector, and SHA-512 against the official client's
 * {@link ScramFormatter} as an oracle (no RFC publishes a SHA-512 vector).
 */
class ScramSaslClientTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677Sha256TestVector() {
        // RFC 7677 section 3: user "user", password "pencil".
        ScramSaslClient client = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, "user", "pencil",
                "rOprNGfwEbeRWgbNEkqO");

        assertThat(text(client.clientFirstMessage())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = client.evaluateChallenge(utf8(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(text(clientFinal)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(client.evaluateChallenge(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isNull();
    }

    @Test
    void wrongServerSignatureIsRejected() {
        ScramSaslClient client = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, "user", "pencil",
                "rOprNGfwEbeRWgbNEkqO");
        client.clientFirstMessage();
        client.evaluateChallenge(utf8(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));

        assertThatThrownBy(() -> client.evaluateChallenge(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("server signature")
                .hasMessageNotContaining("pencil");
    }

    @Test
    void serverNonceMustExtendTheClientNonceAndIterationsMustBeStrong() {
        ScramSaslClient client = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, "user", "pencil", "abc");
        client.clientFirstMessage();
        assertThatThrownBy(() -> client.evaluateChallenge(utf8("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("nonce");

        ScramSaslClient weak = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, "user", "pencil", "abc");
        weak.clientFirstMessage();
        assertThatThrownBy(() -> weak.evaluateChallenge(utf8("r=abc123,s=QSXCR+Q6sek8bf92,i=1")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("iteration count 1");

        ScramSaslClient error = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, "user", "pencil", "abc");
        error.clientFirstMessage();
        assertThatThrownBy(() -> error.evaluateChallenge(utf8("e=unknown-user")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("unknown-user");
    }

    @Test
    void userNamesAreEscaped() {
        assertThat(ScramSaslClient.saslName("a=b,c")).isEqualTo("a=3Db=2Cc");
        ScramSaslClient client = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_512, "a=b,c", "pw", "n0nce");
        assertThat(text(client.clientFirstMessage())).isEqualTo("n,,n=a=3Db=2Cc,r=n0nce");
    }

    @Test
    void sha512ProofAndServerSignatureMatchTheOfficialClientsFormatter() throws Exception {
        ScramFormatter formatter = new ScramFormatter(ScramMechanism.SCRAM_SHA_512);
        byte[] salt = Base64.getDecoder().decode("c2FsdHlzYWx0eXNhbHR5");
        String password = "sésame-ouvre-toi";
        ScramSaslClient client = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_512, "alice", password,
                "clientnonce");
        String clientFirstBare = text(client.clientFirstMessage()).substring(3);
        String serverFirst = "r=clientnonceSERVER,s=" + Base64.getEncoder().encodeToString(salt) + ",i=4096";

        String clientFinal = text(client.evaluateChallenge(utf8(serverFirst)));

        byte[] salted = formatter.saltedPassword(password, salt, 4096);
        String withoutProof = "c=biws,r=clientnonceSERVER";
        byte[] authMessage = utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] clientKey = formatter.clientKey(salted);
        byte[] storedKey = formatter.hash(clientKey);
        byte[] signature = formatter.hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        assertThat(clientFinal).isEqualTo(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));

        byte[] serverSignature = formatter.hmac(formatter.serverKey(salted), authMessage);
        assertThat(client.evaluateChallenge(utf8("v=" + Base64.getEncoder().encodeToString(serverSignature))))
                .isNull();
    }

    @Test
    void toStringHidesThePassword() {
        ScramSaslClient client = new ScramSaslClient(ScramSaslClient.Algorithm.SHA_256, "alice", "s3cr3t", "n");
        assertThat(client.toString()).contains("alice").doesNotContain("s3cr3t");
        assertThat(new PlainSaslClient("alice", "s3cr3t").toString()).doesNotContain("s3cr3t");
    }
}
