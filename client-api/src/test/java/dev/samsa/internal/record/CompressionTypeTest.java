package dev.samsa.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link CompressionType} against the official client's enum: ids, names and KIP-390 levels. */
class CompressionTypeTest {

    private static org.apache.kafka.common.record.CompressionType kafka(CompressionType type) {
        return org.apache.kafka.common.record.CompressionType.forId(type.id());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void idsNamesAndLevelsMatchKafka(CompressionType type) {
        org.apache.kafka.common.record.CompressionType kafka = kafka(type);
        assertThat(kafka.name).isEqualTo(type.configName());
        assertThat(CompressionType.forId(type.id())).isSameAs(type);
        assertThat(CompressionType.forName(kafka.name)).isSameAs(type);
        assertThat(CompressionType.forName(kafka.name.toUpperCase())).isSameAs(type);
        switch (kafka) {
            case GZIP, LZ4, ZSTD -> {
                assertThat(type.hasLevels()).isTrue();
                assertThat(type.levelConfigName()).isEqualTo("compression." + type.configName() + ".level");
                assertThat(type.defaultLevel()).isEqualTo(kafka.defaultLevel());
                assertThat(type.minLevel()).isEqualTo(kafka.minLevel());
                assertThat(type.maxLevel()).isEqualTo(kafka.maxLevel());
                assertThat(type.checkLevel(type.defaultLevel())).isEqualTo(kafka.defaultLevel());
                assertThatThrownBy(() -> type.checkLevel(kafka.maxLevel() + 1))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(type.levelConfigName() + ": " + (kafka.maxLevel() + 1));
            }
            default -> {
                assertThat(type.hasLevels()).isFalse();
                assertThatThrownBy(type::defaultLevel).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> type.checkLevel(1)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void unknownNamesAndIdsAreRejectedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> CompressionType.forName("brotli")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compression.type: 'brotli' (expected one of: none, gzip, snappy, lz4, zstd)");
        assertThatThrownBy(() -> CompressionType.forId(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5");
        assertThatThrownBy(() -> CompressionType.forId(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
