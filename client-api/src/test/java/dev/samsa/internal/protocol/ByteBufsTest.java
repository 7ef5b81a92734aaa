package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ByteBufsTest {
    @Test
    void onlyTheSimpleLeakWrapperIsSeenThrough() {
        ByteBuf inner = Unpooled.buffer(16).writeInt(42);
        ByteBuf sampled = LeakWrappers.simple(inner, new LeakWrappers.RecordingTracker());
        ByteBuf recording = LeakWrappers.advanced(inner, new LeakWrappers.RecordingTracker());
        ByteBuf slice = inner.slice(); // a wrapper too (unwrap() is not null), with its own indexes

        assertThat(ByteBufs.withoutSamplingLeakWrapper(sampled)).isSameAs(inner);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(inner)).isSameAs(inner);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(recording)).isSameAs(recording);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(slice)).isSameAs(slice);
        inner.release();
    }
}
