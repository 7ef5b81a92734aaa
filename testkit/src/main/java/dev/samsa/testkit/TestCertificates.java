package dev.samsa.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away public key infrastructure for TLS tests, made at test time (nothing is committed): a CA, a broker
 * certificate for {@code localhost} and {@code 127.0.0.1}, a broker certificate for another host name
 * ({@value #WRONG_HOST}, to test host name verification), and a client certificate for mutual TLS
 * ({@code CN=}{@value #CLIENT_COMMON_NAME}). Keys are EC P-256, certificates valid for a day, signed with
 * SHA256withECDSA by BouncyCastle.
 *
 * <p>Every store and the encrypted PEM key use one password, {@link #password()}. The files, in the directory given
 * to {@link #generate(Path)}:
 * <ul>
 *   <li>trust stores holding the CA: {@code truststore.jks}, {@code truststore.p12}, {@code ca.pem};</li>
 *   <li>broker key stores (PKCS12, key and chain): {@code broker.p12}, {@code broker-wrong-host.p12};</li>
 *   <li>client key stores (key and chain): {@code client.jks}, {@code client.p12}, {@code client.pem} (an
 *       encrypted PKCS#8 key followed by the chain, as Kafka's PEM key store file), and the separate PEM parts
 *       {@code client-chain.pem}, {@code client-key.pem} (unencrypted), {@code client-key-encrypted.pem}.</li>
 * </ul>
 * Immutable and thread-safe once generated.
 */
public final class TestCertificates {
    /** The host name the second broker certificate is issued for; no test connects to it by that name. */
    public static final String WRONG_HOST = "wrong-host.invalid";
    /** The common name of the client certificate: the broker's principal for it is {@code User:CN=samsa-client}. */
    public static final String CLIENT_COMMON_NAME = "samsa-client";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final Path directory;
    private final String password;
    private final String caPem;
    private final String clientChainPem;
    private final String clientKeyPem;
    private final String clientEncryptedKeyPem;

    private TestCertificates(Path directory, String password, String caPem, String clientChainPem,
            String clientKeyPem, String clientEncryptedKeyPem) {
        this.directory = directory;
        this.password = password;
        this.caPem = caPem;
        this.clientChainPem = clientChainPem;
        this.clientKeyPem = clientKeyPem;
        this.clientEncryptedKeyPem = clientEncryptedKeyPem;
    }

    /**
     * Generates the CA, the certificates and every store file in {@code directory} (created if missing; files of an
     * earlier run are overwritten). Takes well under a second.
     *
     * @param directory where the files go
     * @return the generated material
     * @throws KafkaClusterException if a key cannot be generated or a file written
     */
    public static TestCertificates generate(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
            byte[] pw = new byte[12];
            RANDOM.nextBytes(pw);
            String password = "pw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(pw);

            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=Samsa Test CA " + Long.toHexString(RANDOM.nextLong()));
            X509Certificate ca = certificate(caName, caKeys, caName, caKeys.getPrivate(), true, null, null);

            KeyPair brokerKeys = ecKeys();
            X509Certificate broker = certificate(new X500Name("CN=localhost"), brokerKeys, caName,
                    caKeys.getPrivate(), false, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            KeyPair wrongKeys = ecKeys();
            X509Certificate wrong = certificate(new X500Name("CN=" + WRONG_HOST), wrongKeys, caName,
                    caKeys.getPrivate(), false, KeyPurposeId.id_kp_serverAuth, new GeneralNames(
                            new GeneralName(GeneralName.dNSName, WRONG_HOST)));
            KeyPair clientKeys = ecKeys();
            X509Certificate client = certificate(new X500Name("CN=" + CLIENT_COMMON_NAME), clientKeys, caName,
                    caKeys.getPrivate(), false, KeyPurposeId.id_kp_clientAuth, null);

            for (String type : List.of("JKS", "PKCS12")) {
                KeyStore trust = KeyStore.getInstance(type);
                trust.load(null, null);
                trust.setCertificateEntry("ca", ca);
                store(trust, directory.resolve(type.equals("JKS") ? "truststore.jks" : "truststore.p12"), password);
                KeyStore clientStore = KeyStore.getInstance(type);
                clientStore.load(null, null);
                clientStore.setKeyEntry("client", clientKeys.getPrivate(), password.toCharArray(),
                        new Certificate[] {client, ca});
                store(clientStore, directory.resolve(type.equals("JKS") ? "client.jks" : "client.p12"), password);
            }
            KeyStore brokerStore = KeyStore.getInstance("PKCS12");
            brokerStore.load(null, null);
            brokerStore.setKeyEntry("broker", brokerKeys.getPrivate(), password.toCharArray(),
                    new Certificate[] {broker, ca});
            store(brokerStore, directory.resolve("broker.p12"), password);
            KeyStore wrongStore = KeyStore.getInstance("PKCS12");
            wrongStore.load(null, null);
            wrongStore.setKeyEntry("broker", wrongKeys.getPrivate(), password.toCharArray(),
                    new Certificate[] {wrong, ca});
            store(wrongStore, directory.resolve("broker-wrong-host.p12"), password);

            String caPem = pem("CERTIFICATE", ca.getEncoded());
            String chainPem = pem("CERTIFICATE", client.getEncoded()) + caPem;
            String keyPem = pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded());
            String encryptedKeyPem = pem("ENCRYPTED PRIVATE KEY", encrypted(clientKeys.getPrivate(), password));
            write(directory.resolve("ca.pem"), caPem);
            write(directory.resolve("client-chain.pem"), chainPem);
            write(directory.resolve("client-key.pem"), keyPem);
            write(directory.resolve("client-key-encrypted.pem"), encryptedKeyPem);
            write(directory.resolve("client.pem"), encryptedKeyPem + chainPem);
            return new TestCertificates(directory, password, caPem, chainPem, keyPem, encryptedKeyPem);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new KafkaClusterException("cannot generate test certificates in " + directory, e);
        }
    }

    /**
     * The password of every store and of the encrypted PEM key (random per generation).
     *
     * @return the password
     */
    public String password() {
        return password;
    }

    /**
     * The directory holding the files.
     *
     * @return an absolute or relative path, as given to {@link #generate(Path)}
     */
    public Path directory() {
        return directory;
    }

    /**
     * A trust store holding the CA certificate.
     *
     * @param type {@code "JKS"}, {@code "PKCS12"} or {@code "PEM"}
     * @return {@code truststore.jks}, {@code truststore.p12} or {@code ca.pem}
     * @throws IllegalArgumentException for another type
     */
    public Path truststore(String type) {
        return directory.resolve(switch (type.toUpperCase(Locale.ROOT)) {
            case "JKS" -> "truststore.jks";
            case "PKCS12" -> "truststore.p12";
            case "PEM" -> "ca.pem";
            default -> throw new IllegalArgumentException("store type " + type + " (expected: JKS, PKCS12, PEM)");
        });
    }

    /**
     * A client key store: the client's key and its chain (client certificate, CA).
     *
     * @param type {@code "JKS"}, {@code "PKCS12"} or {@code "PEM"} (encrypted key with {@link #password()}, then
     *     the chain)
     * @return {@code client.jks}, {@code client.p12} or {@code client.pem}
     * @throws IllegalArgumentException for another type
     */
    public Path clientKeystore(String type) {
        return directory.resolve(switch (type.toUpperCase(Locale.ROOT)) {
            case "JKS" -> "client.jks";
            case "PKCS12" -> "client.p12";
            case "PEM" -> "client.pem";
            default -> throw new IllegalArgumentException("store type " + type + " (expected: JKS, PKCS12, PEM)");
        });
    }

    /** @return the broker's PKCS12 key store, certificate for {@code localhost} and {@code 127.0.0.1} */
    public Path brokerKeystore() {
        return directory.resolve("broker.p12");
    }

    /** @return a broker PKCS12 key store whose certificate names only {@value #WRONG_HOST} */
    public Path wrongHostBrokerKeystore() {
        return directory.resolve("broker-wrong-host.p12");
    }

    /** @return the CA certificate as PEM text */
    public String caCertificatePem() {
        return caPem;
    }

    /** @return the client certificate chain (client, CA) as PEM text */
    public String clientCertificateChainPem() {
        return clientChainPem;
    }

    /** @return the client's unencrypted PKCS#8 private key as PEM text */
    public String clientPrivateKeyPem() {
        return clientKeyPem;
    }

    /** @return the client's private key as encrypted PKCS#8 PEM (PBES2, AES-256, HMAC-SHA256), {@link #password()} */
    public String clientEncryptedPrivateKeyPem() {
        return clientEncryptedKeyPem;
    }

    @Override
    public String toString() {
        return "TestCertificates{" + directory + "}";
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey signer,
            boolean ca, KeyPurposeId purpose, GeneralNames altNames)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static byte[] encrypted(PrivateKey key, String password) throws OperatorCreationException, IOException {
        JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC);
        encryptor.setPRF(PKCS8Generator.PRF_HMACSHA256);
        encryptor.setIterationCount(2048);
        encryptor.setRandom(RANDOM);
        encryptor.setPassword(password.toCharArray());
        // The JDK names AES/CBC/PKCS5Padding differently; BouncyCastle's own provider, not registered globally.
        encryptor.setProvider(BOUNCY_CASTLE);
        return new JcaPKCS8Generator(key, encryptor.build()).generate().getContent();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void store(KeyStore store, Path file, String password) throws GeneralSecurityException,
            IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
