package dev.samsa.netty.internal.security;

import dev.samsa.errors.ConfigException;
import dev.samsa.netty.security.OAuthBearerTokenProvider;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.netty.security.SaslMechanism;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One login module entry of Kafka's {@code sasl.jaas.config}, in the JAAS configuration syntax:
 * {@code <LoginModule class> <flag> [<option>=<value>]* ;} where a value is a double-quoted string (backslash escapes
 * {@code \"}, {@code \\}, {@code \n}, {@code \t}) or a bare word, and {@code //} and {@code /* *}{@code /} comments are
 * allowed. A client has exactly one entry, as Kafka requires. Error messages never echo option values, which hold
 * passwords.
 *
 * @param loginModule the login module class name
 * @param flag {@code required}, {@code requisite}, {@code sufficient} or {@code optional}
 * @param options the options in order; values are secrets
 */
public record JaasConfig(String loginModule, String flag, Map<String, String> options) {
    private static final String KEY = "sasl.jaas.config";
    private static final Set<String> FLAGS = Set.of("required", "requisite", "sufficient", "optional");

    /** Copies the options. */
    public JaasConfig {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses one entry.
     *
     * @param text the {@code sasl.jaas.config} value
     * @return the entry
     * @throws ConfigException naming {@code sasl.jaas.config} and the position of the problem (value hidden)
     */
    public static JaasConfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(KEY, null, "<LoginModule> required [key=\"value\"]*;");
        }
        Parser p = new Parser(text);
        String module = p.word("a login module class name");
        String flag = p.word("a control flag (required, requisite, sufficient, optional)");
        if (!FLAGS.contains(flag.toLowerCase(java.util.Locale.ROOT))) {
            throw p.error("a control flag (required, requisite, sufficient, optional), not '" + flag + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (true) {
            p.skipSpace();
            if (p.peek() == ';') {
                p.pos++;
                break;
            }
            String key = p.word("an option name or ';'");
            p.skipSpace();
            if (p.peek() != '=') {
                throw p.error("'=' after option " + key);
            }
            p.pos++;
            p.skipSpace();
            String value = p.peek() == '"' ? p.quoted() : p.word("a value for option " + key);
            if (options.put(key, value) != null) {
                throw p.error("option " + key + " only once");
            }
        }
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("exactly one login module (Kafka clients take one)");
        }
        return new JaasConfig(module, flag.toLowerCase(java.util.Locale.ROOT), options);
    }

    /**
     * Kafka's {@code sasl.mechanism} plus {@code sasl.jaas.config}, as a {@link SaslConfig}: PLAIN and SCRAM take
     * {@code username} and {@code password} from {@code PlainLoginModule} or {@code ScramLoginModule}; OAUTHBEARER
     * takes {@code OAuthBearerLoginModule} with {@code unsecuredLoginStringClaim_sub} (unsecured tokens, for
     * development brokers; {@code unsecuredLoginLifetimeSeconds} defaults to 3600).
     *
     * @throws ConfigException naming the key when the module does not fit the mechanism or an option is missing
     */
    public static SaslConfig toSaslConfig(SaslMechanism mechanism, String jaasConfig) {
        JaasConfig jaas = parse(jaasConfig);
        String module = jaas.loginModule.substring(jaas.loginModule.lastIndexOf('.') + 1);
        if (mechanism == SaslMechanism.OAUTHBEARER) {
            if (!module.equals("OAuthBearerLoginModule")) {
                throw new ConfigException(KEY, jaas.loginModule, "OAuthBearerLoginModule for sasl.mechanism=OAUTHBEARER");
            }
            String sub = jaas.options.get("unsecuredLoginStringClaim_sub");
            if (sub == null) {
                throw new ConfigException(KEY, "OAuthBearerLoginModule without unsecuredLoginStringClaim_sub",
                        "unsecuredLoginStringClaim_sub=\"<principal>\" for unsecured tokens; for real tokens,"
                                + " NettyTransport.Builder.sasl(SaslConfig.oauthBearer(provider))");
            }
            long seconds = 3600;
            String lifetime = jaas.options.get("unsecuredLoginLifetimeSeconds");
            if (lifetime != null) {
                try {
                    seconds = Long.parseLong(lifetime);
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
                if (seconds < 1) {
                    throw new ConfigException(KEY, "unsecuredLoginLifetimeSeconds=" + lifetime, "whole seconds >= 1");
                }
            }
            return SaslConfig.oauthBearer(OAuthBearerTokenProvider.unsecured(sub, Duration.ofSeconds(seconds)));
        }
        if (!module.equals("PlainLoginModule") && !module.equals("ScramLoginModule")) {
            throw new ConfigException(KEY, jaas.loginModule, "PlainLoginModule or ScramLoginModule for sasl.mechanism="
                    + mechanism.mechanismName());
        }
        if ("true".equalsIgnoreCase(jaas.options.get("tokenauth"))) {
            throw new ConfigException(KEY, "tokenauth=true", "no delegation tokens (not supported yet)");
        }
        String username = jaas.options.get("username");
        String password = jaas.options.get("password");
        if (username == null || username.isEmpty()) {
            throw new ConfigException(KEY, jaas.loginModule + " without username", "username=\"...\"");
        }
        if (password == null || password.isEmpty()) {
            throw new ConfigException(KEY, jaas.loginModule + " without password", "password=\"...\"");
        }
        try {
            return SaslConfig.usernamePassword(mechanism, username, password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(KEY, "[hidden]", e.getMessage());
        }
    }

    /** Shows the module, flag and option names; no values. */
    @Override
    public String toString() {
        return "JaasConfig{" + loginModule + " " + flag + " " + options.keySet() + "}";
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (text.startsWith("//", pos)) {
                    int nl = text.indexOf('\n', pos);
                    pos = nl < 0 ? text.length() : nl + 1;
                } else if (text.startsWith("/*", pos)) {
                    int end = text.indexOf("*/", pos + 2);
                    if (end < 0) {
                        throw error("a closing */");
                    }
                    pos = end + 2;
                } else {
                    return;
                }
            }
        }

        String word(String expected) {
            skipSpace();
            int start = pos;
            while (pos < text.length() && isWordChar(text.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error(expected);
            }
            return text.substring(start, pos);
        }

        String quoted() {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    char e = text.charAt(pos++);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    sb.append(c);
                }
            }
            pos = start;
            throw error("a closing '\"'");
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '$';
        }

        ConfigException error(String expected) {
            return new ConfigException(KEY, "[hidden]", expected + " at character " + pos);
        }
    }
}
