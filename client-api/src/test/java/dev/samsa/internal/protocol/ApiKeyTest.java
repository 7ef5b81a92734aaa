package dev.samsa.internal.protocol;

import dev.samsa.errors.UnsupportedVersionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.message.RandomMessages;
import io.netty.buffer.Unpooled;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** The generated {@link ApiKey} table against the official client's {@link ApiKeys}. */
class ApiKeyTest {
    @Test
    void everyOfficialApiHasAConstantWithTheSameIdNameAndVersions() {
        assertThat(ApiKey.values()).hasSize(ApiKeys.values().length);
        for (ApiKeys official : ApiKeys.values()) {
            ApiKey ours = ApiKey.forId(official.id);
            String what = official.name();
            assertThat(ours.name()).isEqualTo(official.name());
            assertThat(ours.id()).as(what).isEqualTo(official.id);
            assertThat(ours.title()).as(what).isEqualTo(official.name);
            assertThat(ours.lowestVersion()).as(what).isEqualTo(official.oldestVersion());
            assertThat(ours.highestVersion()).as(what).isEqualTo(official.latestVersion(true));
            assertThat(ours.latestStableVersion()).as(what).isEqualTo(official.latestVersion(false));
            Set<String> listeners = official.messageType.listeners().stream()
                    .map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            assertThat(ours.listeners()).as(what).isEqualTo(listeners);
            assertThat(ours.hasVersion((short) (ours.lowestVersion() - 1))).as(what).isFalse();
            assertThat(ours.hasVersion((short) (ours.highestVersion() + 1))).as(what).isFalse();
            assertThat(ours.lowestVersion() <= ours.highestVersion()).as(what).isEqualTo(official.hasValidVersion());
            for (short v = ours.lowestVersion(); v <= ours.highestVersion(); v++) {
                assertThat(ours.hasVersion(v)).as(what + " v" + v).isTrue();
                assertThat(official.isVersionSupported(v)).as(what + " v" + v).isTrue();
                assertThat(ours.requestHeaderVersion(v)).as(what + " v" + v)
                        .isEqualTo(official.requestHeaderVersion(v));
                assertThat(ours.responseHeaderVersion(v)).as(what + " v" + v)
                        .isEqualTo(official.responseHeaderVersion(v));
                assertThat(ours.isFlexible(v)).as(what + " v" + v).isEqualTo(official.requestHeaderVersion(v) == 2);
            }
        }
    }

    @Test
    void apiVersionsResponsesAlwaysUseHeaderVersionZero() {
        for (short v = ApiKey.API_VERSIONS.lowestVersion(); v <= ApiKey.API_VERSIONS.highestVersion(); v++) {
            assertThat(ApiKey.API_VERSIONS.responseHeaderVersion(v)).isZero();
            assertThat(ApiKey.API_VERSIONS.requestHeaderVersion(v)).isEqualTo((short) (v >= 3 ? 2 : 1));
        }
        assertThat(ApiKey.METADATA.responseHeaderVersion((short) 9)).isEqualTo((short) 1);
        assertThat(ApiKey.METADATA.responseHeaderVersion((short) 8)).isZero();
    }

    @Test
    void unknownIdsAreProtocolErrors() {
        assertThatThrownBy(() -> ApiKey.forId(-1)).isInstanceOf(ProtocolException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> ApiKey.forId(10_000)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("10000");
        assertThat(ApiKey.forId(0)).isEqualTo(ApiKey.PRODUCE);
        assertThat(ApiKey.forId(18)).isEqualTo(ApiKey.API_VERSIONS);
    }

    @Test
    void entryPointsDispatchToTheApisClasses() {
        for (ApiKey key : ApiKey.values()) {
            ApiRequest<?> request = key.newRequest();
            assertThat(request.apiKey()).isEqualTo(key);
            assertThat(request.getClass().getSimpleName()).isEqualTo(key.title() + "Request");
            ApiResponse response = (ApiResponse) RandomMessages.newInstance(key.title() + "Response");
            assertThat(response.apiKey()).isEqualTo(key);
            if (!key.hasVersion(key.highestVersion())) {
                assertThatThrownBy(() -> key.readRequest(Unpooled.EMPTY_BUFFER, (short) 0))
                        .isInstanceOf(UnsupportedVersionException.class);
                continue;
            }
            for (short v = key.lowestVersion(); v <= key.highestVersion(); v++) {
                byte[] requestBytes = OfficialClient.encode(request, v);
                assertThat(key.readRequest(Unpooled.wrappedBuffer(requestBytes), v)).isEqualTo(request);
                byte[] responseBytes = OfficialClient.encode(response, v);
                assertThat(key.readResponse(Unpooled.wrappedBuffer(responseBytes), v)).isEqualTo(response);
            }
        }
    }
}
