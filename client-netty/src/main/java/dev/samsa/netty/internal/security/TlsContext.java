package dev.samsa.netty.internal.security;

import dev.samsa.errors.ConfigException;
import dev.samsa.netty.security.SslConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK {@link SSLContext} built once from an {@link SslConfig}, and the Netty {@link SslHandler} for each new
 * connection: client mode, the broker's host and port as the peer (for host name verification and session reuse),
 * the configured protocols, cipher suites and endpoint identification algorithm. Thread-safe.
 */
public final class TlsContext {
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private final SslConfig config;
    private final SSLContext context;

    private TlsContext(SslConfig config, SSLContext context) {
        this.config = config;
        this.context = context;
    }

    /**
     * Reads the stores and builds the context.
     *
     * @param config the settings
     * @return the context
     * @throws ConfigException naming the key whose file or value cannot be read or used
     */
    public static TlsContext create(SslConfig config) {
        KeyManagerFactory keyManagers = keyManagers(config);
        TrustManagerFactory trustManagers = trustManagers(config);
        SSLContext context;
        try {
            context = SSLContext.getInstance(config.protocol());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("ssl.protocol", config.protocol(), "a protocol the JDK supports: "
                    + e.getMessage());
        }
        try {
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trustManagers.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot initialise the TLS context (" + config + "): " + e.getMessage());
        }
        List<String> supported = List.of(context.getSupportedSSLParameters().getProtocols());
        for (String p : config.enabledProtocols()) {
            if (!supported.contains(p)) {
                throw new ConfigException("ssl.enabled.protocols", config.enabledProtocols(),
                        "protocols this JDK supports: " + supported);
            }
        }
        List<String> suites = List.of(context.getSupportedSSLParameters().getCipherSuites());
        for (String s : config.cipherSuites()) {
            if (!suites.contains(s)) {
                throw new ConfigException("ssl.cipher.suites", s, "a cipher suite this JDK supports");
            }
        }
        return new TlsContext(config, context);
    }

    /**
     * A new handler for one connection to {@code host:port}; its handshake starts when the channel becomes active
     * and must finish within {@code handshakeTimeoutMs}.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port, long handshakeTimeoutMs) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(config.enabledProtocols().toArray(String[]::new));
        if (!config.cipherSuites().isEmpty()) {
            params.setCipherSuites(config.cipherSuites().toArray(String[]::new));
        }
        if (!config.endpointIdentificationAlgorithm().isEmpty()) {
            params.setEndpointIdentificationAlgorithm(config.endpointIdentificationAlgorithm());
        }
        engine.setSSLParameters(params);
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMs);
        return handler;
    }

    private static TrustManagerFactory trustManagers(SslConfig c) {
        try {
            KeyStore store = null;
            if (c.truststoreCertificates() != null) {
                store = certificateStore(certificates("ssl.truststore.certificates", c.truststoreCertificates()));
            } else if (c.truststoreLocation() != null) {
                Path file = c.truststoreLocation();
                if (c.truststoreType().equals("PEM")) {
                    store = certificateStore(certificates("ssl.truststore.location", read(
                            "ssl.truststore.location", file)));
                } else {
                    store = load("ssl.truststore.location", file, c.truststoreType(), c.truststorePassword());
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store); // null: the JDK's default trust store
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("ssl.truststore.location", c.truststoreLocation(),
                    "a usable " + c.truststoreType() + " trust store: " + e.getMessage());
        }
    }

    private static KeyManagerFactory keyManagers(SslConfig c) {
        String key = c.keystoreKey() != null ? "ssl.keystore.key" : "ssl.keystore.location";
        try {
            KeyStore store;
            char[] keyPassword;
            if (c.keystoreKey() != null) {
                store = pemKeyStore(c.keystoreCertificateChain(), c.keystoreKey(), c.keyPassword());
                keyPassword = NO_PASSWORD;
            } else if (c.keystoreLocation() != null && c.keystoreType().equals("PEM")) {
                String pem = read(key, c.keystoreLocation());
                store = pemKeyStore(pem, pem, c.keyPassword());
                keyPassword = NO_PASSWORD;
            } else if (c.keystoreLocation() != null) {
                store = load(key, c.keystoreLocation(), c.keystoreType(), c.keystorePassword());
                String kp = c.keyPassword() != null ? c.keyPassword() : c.keystorePassword();
                keyPassword = kp == null ? NO_PASSWORD : kp.toCharArray();
            } else {
                return null;
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, keyPassword);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(key, c.keystoreKey() != null ? "[hidden]" : c.keystoreLocation(),
                    "a usable " + c.keystoreType() + " key store with the right password: " + e.getMessage());
        }
    }

    private static KeyStore load(String key, Path file, String type, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        if (!Files.isReadable(file)) {
            throw new ConfigException(key, file, "a readable " + type + " file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    private static String read(String key, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(key, file, "a readable PEM file: " + e);
        }
    }

    private static KeyStore certificateStore(List<Certificate> certificates)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate cert : certificates) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        return store;
    }

    private static KeyStore pemKeyStore(String chainPem, String keyPem, String keyPassword)
            throws GeneralSecurityException, IOException {
        List<Certificate> chain = certificates("ssl.keystore.certificate.chain", chainPem);
        PrivateKey privateKey = privateKey(keyPem, keyPassword);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", privateKey, NO_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    /** Every {@code CERTIFICATE} block of {@code pem}, in order. */
    static List<Certificate> certificates(String key, String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> certs = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                Collection<? extends Certificate> read = factory.generateCertificates(
                        new ByteArrayInputStream(base64(m.group(2))));
                certs.addAll(read);
            }
        }
        if (certs.isEmpty()) {
            throw new ConfigException(key, "[PEM]", "at least one -----BEGIN CERTIFICATE----- block");
        }
        return certs;
    }

    /**
     * The PKCS#8 private key of {@code pem}: {@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY} decrypted with
     * {@code password} (PBES1 or PBES2 as the JDK supports them). RSA, EC, EdDSA and DSA keys are recognised.
     */
    static PrivateKey privateKey(String pem, String password) throws GeneralSecurityException, IOException {
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = base64(m.group(2));
            if (type.equals("PRIVATE KEY")) {
                return pkcs8(new PKCS8EncodedKeySpec(der));
            }
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                if (password == null) {
                    throw new ConfigException("ssl.key.password", null, "the password of the encrypted PEM key");
                }
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
                // PBES2 names its real algorithm (e.g. PBEWithHmacSHA256AndAES_256) only in its parameters.
                String algorithm = info.getAlgName();
                if ((algorithm.equals("PBES2") || algorithm.equals("1.2.840.113549.1.5.13"))
                        && info.getAlgParameters() != null) {
                    algorithm = info.getAlgParameters().toString();
                }
                SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
                SecretKey pbeKey = factory.generateSecret(new PBEKeySpec(password.toCharArray()));
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, pbeKey, info.getAlgParameters());
                return pkcs8(info.getKeySpec(cipher));
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new ConfigException("ssl.keystore.key", "[hidden]", "a PKCS#8 key (BEGIN PRIVATE KEY or BEGIN"
                        + " ENCRYPTED PRIVATE KEY), not " + type);
            }
        }
        throw new ConfigException("ssl.keystore.key", "[hidden]", "a -----BEGIN PRIVATE KEY----- block");
    }

    private static PrivateKey pkcs8(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "DSA", "RSASSA-PSS", "XDH")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new InvalidKeySpecException("the PEM private key is none of RSA, EC, EdDSA, DSA");
    }

    private static byte[] base64(String body) {
        return Base64.getMimeDecoder().decode(body);
    }
}
