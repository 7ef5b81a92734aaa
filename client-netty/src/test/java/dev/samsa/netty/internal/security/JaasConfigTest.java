package dev.samsa.netty.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.errors.ConfigException;
import dev.samsa.netty.security.OAuthBearerToken;
import dev.samsa.netty.security.SaslConfig;
import dev.samsa.netty.security.SaslMechanism;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's {@code sasl.jaas.config} syntax, and its mapping onto {@link SaslConfig}; values never leak. */
class JaasConfigTest {

    @Test
    void parsesKafkasUsualForms() {
        JaasConfig plain = JaasConfig.parse(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"a b;c\";");
        assertThat(plain.loginModule()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(plain.flag()).isEqualTo("required");
        assertThat(plain.options()).containsExactly(Map.entry("username", "alice"), Map.entry("password", "a b;c"));

        JaasConfig bare = JaasConfig.parse("  ScramLoginModule   REQUIRED\n username=bob\tpassword=x-1_$.y ;  ");
        assertThat(bare.flag()).isEqualTo("required");
        assertThat(bare.options()).containsEntry("username", "bob").containsEntry("password", "x-1_$.y");

        JaasConfig escaped = JaasConfig.parse("M optional /* note */ password=\"q\\\"uote\\\\\" // end\n;");
        assertThat(escaped.options()).containsEntry("password", "q\"uote\\");

        assertThat(JaasConfig.parse("M required;").options()).isEmpty();
    }

    @Test
    void rejectsMalformedEntriesWithoutEchoingValues() {
        for (String bad : new String[] {
            "", "M", "M required", "M mandatory;", "M required password=\"secret-value\"",
            "M required password=\"secret-value;", "M required password secret-value;", "M required a=1 a=2;",
            "M required; N required;", "M required /* secret-value"}) {
            assertThatThrownBy(() -> JaasConfig.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("sasl.jaas.config").hasMessageNotContaining("secret-value");
        }
    }

    @Test
    void mapsPlainAndScramModulesToUsernamePasswordConfigs() {
        SaslConfig scram = JaasConfig.toSaslConfig(SaslMechanism.SCRAM_SHA_512,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"pw\";");
        assertThat(scram.mechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_512);
        assertThat(scram.username()).isEqualTo("alice");
        assertThat(scram.password()).isEqualTo("pw");
        assertThat(scram.toString()).doesNotContain("pw\"").contains("[hidden]");

        // Kafka takes either module for either mechanism: both only carry a user name and password.
        assertThat(JaasConfig.toSaslConfig(SaslMechanism.PLAIN,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=u password=p;").mechanism())
                .isEqualTo(SaslMechanism.PLAIN);

        assertThatThrownBy(() -> JaasConfig.toSaslConfig(SaslMechanism.PLAIN,
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\";"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> JaasConfig.toSaslConfig(SaslMechanism.SCRAM_SHA_256,
                "com.sun.security.auth.module.Krb5LoginModule required password=\"topsecret\";"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ScramLoginModule")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> JaasConfig.toSaslConfig(SaslMechanism.SCRAM_SHA_256,
                "ScramLoginModule required username=u password=p tokenauth=true;"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tokenauth");
    }

    @Test
    void unsecuredOAuthBearerModuleMakesUnsignedTokens() throws Exception {
        SaslConfig oauth = JaasConfig.toSaslConfig(SaslMechanism.OAUTHBEARER,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " unsecuredLoginStringClaim_sub=\"alice\" unsecuredLoginLifetimeSeconds=\"60\";");
        OAuthBearerToken token = oauth.tokenProvider().token();

        assertThat(token.principalName()).isEqualTo("alice");
        assertThat(token.expiresAtMs() - System.currentTimeMillis()).isBetween(50_000L, 60_000L);
        String[] parts = token.value().split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(parts[2]).isEmpty();
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"none\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .contains("\"sub\":\"alice\"").contains("\"exp\":");
        assertThat(token.toString()).doesNotContain(token.value());

        assertThatThrownBy(() -> JaasConfig.toSaslConfig(SaslMechanism.OAUTHBEARER,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SaslConfig.oauthBearer");
    }

    @Test
    void oauthBearerMessageFollowsRfc7628() {
        byte[] message = OAuthBearerSaslClient.message(new OAuthBearerToken("abc.def.", "p", 0,
                Map.of("traceId", "42", "area", "x")));
        assertThat(new String(message, StandardCharsets.UTF_8))
                .isEqualTo("n,,\u0001auth=Bearer abc.def.\u0001area=x\u0001traceId=42\u0001\u0001");
        assertThatThrownBy(() -> new OAuthBearerToken("has space", "p", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("has space");
        assertThatThrownBy(() -> new OAuthBearerToken("t", "p", 0, Map.of("auth", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
