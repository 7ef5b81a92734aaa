package dev.samsa.netty.security;

import dev.samsa.errors.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * TLS settings for {@link SecurityProtocol#SSL} and {@link SecurityProtocol#SASL_SSL}, with Kafka's {@code ssl.*}
 * keys and rules. The JDK's own TLS implementation (JSSE) does the work; no native library is needed. Immutable and
 * thread-safe; {@link #toString()} never shows a password or a private key.
 *
 * <p><b>Trust</b> (who the broker may be): a trust store file ({@code ssl.truststore.location}, type JKS, PKCS12 or
 * PEM), or PEM certificates given inline ({@code ssl.truststore.certificates}); with neither, the JDK's default trust
 * store ({@code cacerts}), right for brokers with publicly issued certificates.
 *
 * <p><b>Client certificate</b> (mutual TLS; only when the broker sets {@code ssl.client.auth}): a key store file
 * ({@code ssl.keystore.location}: JKS or PKCS12 with {@code ssl.keystore.password}, or PEM holding the private key and
 * its certificate chain), or PEM given inline ({@code ssl.keystore.key} and {@code ssl.keystore.certificate.chain}).
 * An encrypted key needs {@code ssl.key.password} (for JKS and PKCS12 it defaults to the key store password).
 *
 * <p><b>Host name verification</b> is on by default ({@code ssl.endpoint.identification.algorithm=https}, KIP-294):
 * the broker's certificate must name the host (or IP address) the client connected to. An empty algorithm turns it
 * off, which lets a man in the middle with any trusted certificate read the traffic.
 *
 * <pre>{@code
 * SslConfig ssl = SslConfig.builder()
 *         .truststore(Path.of("/etc/kafka/truststore.p12"), "changeit", "PKCS12")
 *         .keystore(Path.of("/etc/kafka/client.p12"), "changeit", "PKCS12")   // mutual TLS only
 *         .build();
 * }</pre>
 */
public final class SslConfig {
    /** Default {@code ssl.protocol}: {@value}, as the official client (falls back to TLSv1.2 with older peers). */
    public static final String DEFAULT_PROTOCOL = "TLSv1.3";
    /** Default {@code ssl.enabled.protocols}: TLSv1.2 and TLSv1.3, as the official client. */
    public static final List<String> DEFAULT_ENABLED_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    /** Default {@code ssl.endpoint.identification.algorithm}: {@value}, so broker host names are verified. */
    public static final String DEFAULT_ENDPOINT_IDENTIFICATION_ALGORITHM = "https";
    /** Default {@code ssl.truststore.type} and {@code ssl.keystore.type}: {@value}. */
    public static final String DEFAULT_STORE_TYPE = "JKS";

    private static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");

    private final Path truststoreLocation;
    private final String truststorePassword;
    private final String truststoreType;
    private final String truststoreCertificates;
    private final Path keystoreLocation;
    private final String keystorePassword;
    private final String keystoreType;
    private final String keyPassword;
    private final String keystoreCertificateChain;
    private final String keystoreKey;
    private final String endpointIdentificationAlgorithm;
    private final String protocol;
    private final List<String> enabledProtocols;
    private final List<String> cipherSuites;

    private SslConfig(Builder b) {
        this.truststoreLocation = b.truststoreLocation;
        this.truststorePassword = b.truststorePassword;
        this.truststoreType = b.truststoreType;
        this.truststoreCertificates = b.truststoreCertificates;
        this.keystoreLocation = b.keystoreLocation;
        this.keystorePassword = b.keystorePassword;
        this.keystoreType = b.keystoreType;
        this.keyPassword = b.keyPassword;
        this.keystoreCertificateChain = b.keystoreCertificateChain;
        this.keystoreKey = b.keystoreKey;
        this.endpointIdentificationAlgorithm = b.endpointIdentificationAlgorithm;
        this.protocol = b.protocol;
        this.enabledProtocols = List.copyOf(b.enabledProtocols);
        this.cipherSuites = List.copyOf(b.cipherSuites);
    }

    /**
     * Kafka's defaults: the JDK's trust store, no client certificate, host names verified.
     *
     * @return the default configuration
     */
    public static SslConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's settings.
     *
     * @return a new builder; not thread-safe
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.truststoreLocation = truststoreLocation;
        b.truststorePassword = truststorePassword;
        b.truststoreType = truststoreType;
        b.truststoreCertificates = truststoreCertificates;
        b.keystoreLocation = keystoreLocation;
        b.keystorePassword = keystorePassword;
        b.keystoreType = keystoreType;
        b.keyPassword = keyPassword;
        b.keystoreCertificateChain = keystoreCertificateChain;
        b.keystoreKey = keystoreKey;
        b.endpointIdentificationAlgorithm = endpointIdentificationAlgorithm;
        b.protocol = protocol;
        b.enabledProtocols = new ArrayList<>(enabledProtocols);
        b.cipherSuites = new ArrayList<>(cipherSuites);
        return b;
    }

    /** @return {@code ssl.truststore.location}, or {@code null} */
    public Path truststoreLocation() {
        return truststoreLocation;
    }

    /** @return {@code ssl.truststore.password} (a secret), or {@code null} */
    public String truststorePassword() {
        return truststorePassword;
    }

    /** @return {@code ssl.truststore.type}: JKS, PKCS12 or PEM */
    public String truststoreType() {
        return truststoreType;
    }

    /** @return {@code ssl.truststore.certificates}: PEM certificates, or {@code null} */
    public String truststoreCertificates() {
        return truststoreCertificates;
    }

    /** @return {@code ssl.keystore.location}, or {@code null} */
    public Path keystoreLocation() {
        return keystoreLocation;
    }

    /** @return {@code ssl.keystore.password} (a secret), or {@code null} */
    public String keystorePassword() {
        return keystorePassword;
    }

    /** @return {@code ssl.keystore.type}: JKS, PKCS12 or PEM */
    public String keystoreType() {
        return keystoreType;
    }

    /** @return {@code ssl.key.password} (a secret), or {@code null} */
    public String keyPassword() {
        return keyPassword;
    }

    /** @return {@code ssl.keystore.certificate.chain}: PEM certificates, or {@code null} */
    public String keystoreCertificateChain() {
        return keystoreCertificateChain;
    }

    /** @return {@code ssl.keystore.key}: a PEM private key (a secret), or {@code null} */
    public String keystoreKey() {
        return keystoreKey;
    }

    /** @return {@code ssl.endpoint.identification.algorithm}; empty when host names are not verified */
    public String endpointIdentificationAlgorithm() {
        return endpointIdentificationAlgorithm;
    }

    /** @return {@code ssl.protocol}, the {@code SSLContext} protocol */
    public String protocol() {
        return protocol;
    }

    /** @return {@code ssl.enabled.protocols}, immutable */
    public List<String> enabledProtocols() {
        return enabledProtocols;
    }

    /** @return {@code ssl.cipher.suites}, immutable; empty for the JDK's defaults */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * Whether a client certificate is configured (mutual TLS).
     *
     * @return {@code true} if a key store or inline PEM key is set
     */
    public boolean hasClientCertificate() {
        return keystoreLocation != null || keystoreKey != null;
    }

    /**
     * Describes the settings; passwords and the private key show as {@code [hidden]}.
     *
     * @return a description without secrets
     */
    @Override
    public String toString() {
        return "SslConfig{truststore=" + (truststoreCertificates != null ? "[inline PEM]" : truststoreLocation)
                + ", truststoreType=" + truststoreType + ", truststorePassword=" + hidden(truststorePassword)
                + ", keystore=" + (keystoreKey != null ? "[inline PEM]" : keystoreLocation)
                + ", keystoreType=" + keystoreType + ", keystorePassword=" + hidden(keystorePassword)
                + ", keyPassword=" + hidden(keyPassword) + ", endpointIdentificationAlgorithm="
                + endpointIdentificationAlgorithm + ", protocol=" + protocol + ", enabledProtocols="
                + enabledProtocols + (cipherSuites.isEmpty() ? "" : ", cipherSuites=" + cipherSuites) + "}";
    }

    private static String hidden(String secret) {
        return secret == null ? "null" : "[hidden]";
    }

    /**
     * Configures an {@link SslConfig}. Setters check their argument at once and {@link #build()} checks Kafka's
     * cross-field rules; failures are {@link ConfigException}s naming the key (secrets shown as {@code [hidden]}).
     * Files are read when the transport is built, not here. Not thread-safe.
     */
    public static final class Builder {
        private Path truststoreLocation;
        private String truststorePassword;
        private String truststoreType = DEFAULT_STORE_TYPE;
        private String truststoreCertificates;
        private Path keystoreLocation;
        private String keystorePassword;
        private String keystoreType = DEFAULT_STORE_TYPE;
        private String keyPassword;
        private String keystoreCertificateChain;
        private String keystoreKey;
        private String endpointIdentificationAlgorithm = DEFAULT_ENDPOINT_IDENTIFICATION_ALGORITHM;
        private String protocol = DEFAULT_PROTOCOL;
        private List<String> enabledProtocols = new ArrayList<>(DEFAULT_ENABLED_PROTOCOLS);
        private List<String> cipherSuites = new ArrayList<>();

        private Builder() {
        }

        /**
         * {@code ssl.truststore.location}, {@code ssl.truststore.password} and {@code ssl.truststore.type}.
         *
         * @param location the trust store file
         * @param password its password, or {@code null} (JKS and PKCS12 then skip the integrity check; PEM has none)
         * @param type JKS, PKCS12 or PEM (case-insensitive)
         * @return this builder
         * @throws ConfigException if the type is not one of the three
         */
        public Builder truststore(Path location, String password, String type) {
            this.truststoreLocation = Objects.requireNonNull(location, "ssl.truststore.location");
            this.truststorePassword = password;
            this.truststoreType = storeType("ssl.truststore.type", type);
            return this;
        }

        /**
         * Sets {@code ssl.truststore.location}, or {@code null} to unset.
         *
         * @param location the value
         * @return this builder
         */
        public Builder truststoreLocation(Path location) {
            this.truststoreLocation = location;
            return this;
        }

        /**
         * Sets {@code ssl.truststore.password}, or {@code null}.
         *
         * @param password the value
         * @return this builder
         */
        public Builder truststorePassword(String password) {
            this.truststorePassword = password;
            return this;
        }

        /**
         * @param type {@code ssl.truststore.type}: JKS, PKCS12 or PEM (case-insensitive)
         * @return this builder
         * @throws ConfigException if the type is not one of the three
         */
        public Builder truststoreType(String type) {
            this.truststoreType = storeType("ssl.truststore.type", type);
            return this;
        }

        /**
         * {@code ssl.truststore.certificates}: trusted certificates as PEM text (one or more
         * {@code -----BEGIN CERTIFICATE-----} blocks); implies trust store type PEM.
         *
         * @param pem the certificates, or {@code null} to unset
         * @return this builder
         */
        public Builder truststoreCertificates(String pem) {
            this.truststoreCertificates = pem;
            if (pem != null) {
                this.truststoreType = "PEM";
            }
            return this;
        }

        /**
         * {@code ssl.keystore.location}, {@code ssl.keystore.password} and {@code ssl.keystore.type}: the client
         * certificate for mutual TLS.
         *
         * @param location the key store file
         * @param password its password; required for JKS and PKCS12, must be {@code null} for PEM (use
         *     {@link #keyPassword} for an encrypted PEM key)
         * @param type JKS, PKCS12 or PEM (case-insensitive)
         * @return this builder
         * @throws ConfigException if the type is not one of the three
         */
        public Builder keystore(Path location, String password, String type) {
            this.keystoreLocation = Objects.requireNonNull(location, "ssl.keystore.location");
            this.keystorePassword = password;
            this.keystoreType = storeType("ssl.keystore.type", type);
            return this;
        }

        /**
         * Sets {@code ssl.keystore.location}, or {@code null} to unset.
         *
         * @param location the value
         * @return this builder
         */
        public Builder keystoreLocation(Path location) {
            this.keystoreLocation = location;
            return this;
        }

        /**
         * Sets {@code ssl.keystore.password}, or {@code null}.
         *
         * @param password the value
         * @return this builder
         */
        public Builder keystorePassword(String password) {
            this.keystorePassword = password;
            return this;
        }

        /**
         * @param type {@code ssl.keystore.type}: JKS, PKCS12 or PEM (case-insensitive)
         * @return this builder
         * @throws ConfigException if the type is not one of the three
         */
        public Builder keystoreType(String type) {
            this.keystoreType = storeType("ssl.keystore.type", type);
            return this;
        }

        /**
         * {@code ssl.key.password}: the password of the private key, if it differs from the key store's, or of an
         * encrypted PEM key.
         *
         * @param password the password, or {@code null}
         * @return this builder
         */
        public Builder keyPassword(String password) {
            this.keyPassword = password;
            return this;
        }

        /**
         * {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key}: the client certificate chain and its
         * private key as PEM text (PKCS#8, {@code BEGIN PRIVATE KEY} or {@code BEGIN ENCRYPTED PRIVATE KEY} with
         * {@link #keyPassword}); implies key store type PEM.
         *
         * @param certificateChain the leaf certificate first
         * @param privateKey the key
         * @return this builder
         */
        public Builder keystorePem(String certificateChain, String privateKey) {
            this.keystoreCertificateChain = Objects.requireNonNull(certificateChain, "ssl.keystore.certificate.chain");
            this.keystoreKey = Objects.requireNonNull(privateKey, "ssl.keystore.key");
            this.keystoreType = "PEM";
            return this;
        }

        /**
         * Sets {@code ssl.keystore.certificate.chain}, or {@code null}.
         *
         * @param pem the value
         * @return this builder
         */
        public Builder keystoreCertificateChain(String pem) {
            this.keystoreCertificateChain = pem;
            if (pem != null) {
                this.keystoreType = "PEM";
            }
            return this;
        }

        /**
         * Sets {@code ssl.keystore.key} (a secret), or {@code null}.
         *
         * @param pem the value
         * @return this builder
         */
        public Builder keystoreKey(String pem) {
            this.keystoreKey = pem;
            if (pem != null) {
                this.keystoreType = "PEM";
            }
            return this;
        }

        /**
         * {@code ssl.endpoint.identification.algorithm}: {@code https} (the default) verifies that the broker's
         * certificate names the host connected to; empty turns verification off.
         *
         * @param algorithm {@code "https"}, {@code ""}, or another algorithm the JDK knows (e.g. {@code "ldaps"})
         * @return this builder
         */
        public Builder endpointIdentificationAlgorithm(String algorithm) {
            this.endpointIdentificationAlgorithm = algorithm == null ? "" : algorithm.trim();
            return this;
        }

        /**
         * {@code ssl.protocol}: the JDK {@code SSLContext} protocol. Default {@value SslConfig#DEFAULT_PROTOCOL}.
         *
         * @param protocol for example {@code "TLSv1.3"}, {@code "TLSv1.2"} or {@code "TLS"}
         * @return this builder
         * @throws ConfigException if blank
         */
        public Builder protocol(String protocol) {
            if (protocol == null || protocol.isBlank()) {
                throw new ConfigException("ssl.protocol", protocol, "a TLS protocol such as TLSv1.3");
            }
            this.protocol = protocol.trim();
            return this;
        }

        /**
         * {@code ssl.enabled.protocols}. Default TLSv1.2 and TLSv1.3.
         *
         * @param protocols one or more, e.g. {@code List.of("TLSv1.3")}
         * @return this builder
         * @throws ConfigException if empty or one is not a TLS protocol name the JDK knows
         */
        public Builder enabledProtocols(List<String> protocols) {
            List<String> list = new ArrayList<>();
            for (String p : protocols) {
                String t = p.trim();
                if (!t.matches("TLSv1(\\.[0-3])?|SSLv3|SSLv2Hello")) {
                    throw new ConfigException("ssl.enabled.protocols", protocols, "TLS protocol names such as"
                            + " TLSv1.2,TLSv1.3");
                }
                list.add(t);
            }
            if (list.isEmpty()) {
                throw new ConfigException("ssl.enabled.protocols", protocols, "at least one protocol");
            }
            this.enabledProtocols = list;
            return this;
        }

        /**
         * {@code ssl.cipher.suites}: restricts the cipher suites; empty (the default) leaves the JDK's.
         *
         * @param suites JSSE cipher suite names
         * @return this builder
         */
        public Builder cipherSuites(List<String> suites) {
            List<String> list = new ArrayList<>();
            for (String s : suites) {
                if (!s.isBlank()) {
                    list.add(s.trim());
                }
            }
            this.cipherSuites = list;
            return this;
        }

        /**
         * Checks Kafka's cross-field rules and builds the configuration.
         *
         * @return the configuration
         * @throws ConfigException if inline PEM is combined with a store location, only one of key and certificate
         *     chain is given, inline PEM is given with a non-PEM type, or a PEM key store has a key store password
         */
        public SslConfig build() {
            if (truststoreCertificates != null) {
                if (truststoreLocation != null) {
                    throw new ConfigException("ssl.truststore.certificates", "[PEM]",
                            "not both ssl.truststore.certificates and ssl.truststore.location");
                }
                if (!"PEM".equals(truststoreType)) {
                    throw new ConfigException("ssl.truststore.type", truststoreType,
                            "PEM when ssl.truststore.certificates is set");
                }
            }
            if ((keystoreKey == null) != (keystoreCertificateChain == null)) {
                throw new ConfigException(keystoreKey == null ? "ssl.keystore.key" : "ssl.keystore.certificate.chain",
                        null, "both ssl.keystore.key and ssl.keystore.certificate.chain, or neither");
            }
            if (keystoreKey != null) {
                if (keystoreLocation != null) {
                    throw new ConfigException("ssl.keystore.key", "[hidden]",
                            "not both ssl.keystore.key and ssl.keystore.location");
                }
                if (!"PEM".equals(keystoreType)) {
                    throw new ConfigException("ssl.keystore.type", keystoreType, "PEM when ssl.keystore.key is set");
                }
            }
            if ("PEM".equals(keystoreType) && keystorePassword != null) {
                throw new ConfigException("ssl.keystore.password", "[hidden]",
                        "no key store password with PEM; an encrypted key takes ssl.key.password");
            }
            if (keystoreLocation != null && !"PEM".equals(keystoreType) && keystorePassword == null) {
                throw new ConfigException("ssl.keystore.password", null,
                        "a password for the " + keystoreType + " key store " + keystoreLocation);
            }
            return new SslConfig(this);
        }

        private static String storeType(String key, String type) {
            String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
            if (!STORE_TYPES.contains(t)) {
                throw new ConfigException(key, type, "one of JKS, PKCS12, PEM");
            }
            return t;
        }
    }
}
