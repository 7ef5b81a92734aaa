package dev.samsa.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OffsetAndMetadataTest {
    @Test
    void keepsANonNegativeLeaderEpochAndDropsANegativeOne() {
        assertThat(new OffsetAndMetadata(5, Optional.of(3), "m").leaderEpoch()).contains(3);
        assertThat(new OffsetAndMetadata(5, Optional.of(0), "m").leaderEpoch()).contains(0);
        assertThat(new OffsetAndMetadata(5, Optional.of(-1), "m").leaderEpoch()).isEmpty();
        assertThat(new OffsetAndMetadata(5, Optional.empty(), "m").leaderEpoch()).isEmpty();
        assertThat(new OffsetAndMetadata(5, Optional.of(-1), "m")).isEqualTo(new OffsetAndMetadata(5, "m"));
    }

    @Test
    void rejectsANullEpochOptionalAndANegativeOffsetAndStoresNullMetadataAsEmpty() {
        assertThatThrownBy(() -> new OffsetAndMetadata(5, null, "m")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("leaderEpoch");
        assertThatThrownBy(() -> new OffsetAndMetadata(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OffsetAndMetadata(7, Optional.of(1), null).metadata()).isEmpty();
    }
}
