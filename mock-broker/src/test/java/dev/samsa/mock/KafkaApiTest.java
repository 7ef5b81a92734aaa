package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.ApiKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The public API names against client-api's internal ApiKey, generated from Kafka's message definitions. */
class KafkaApiTest {
    @Test
    void namesEveryApiKafkaDefinesWithItsKeyAndTitle() {
        assertThat(KafkaApi.values()).hasSameSizeAs(ApiKey.values());
        for (ApiKey key : ApiKey.values()) {
            KafkaApi api = KafkaApi.valueOf(key.name());
            assertThat(api.id()).as(key.name()).isEqualTo(key.id());
            assertThat(api.title()).as(key.name()).isEqualTo(key.title());
            assertThat(KafkaApi.forId(key.id())).isSameAs(api);
        }
        assertThat(KafkaApi.PRODUCE.id()).isZero();
        assertThat(KafkaApi.FETCH.id()).isEqualTo((short) 1);
        assertThat(KafkaApi.API_VERSIONS.title()).isEqualTo("ApiVersions");
    }

    @Test
    void unknownKeysAreRejected() {
        int past = Arrays.stream(KafkaApi.values()).mapToInt(KafkaApi::id).max().orElseThrow() + 1;
        assertThatThrownBy(() -> KafkaApi.forId(past)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key: " + past);
        assertThatThrownBy(() -> KafkaApi.forId(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key: -1");
    }
}
