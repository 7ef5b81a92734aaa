package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakTracker;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

class ByteBufsTest {
    @Test
    void onlyTheSimpleLeakWrapperIsSeenThrough() throws Exception {
        ByteBuf inner = Unpooled.buffer(16).writeInt(42);
        // Netty's SIMPLE-level wrapper is package-private: built by reflection, as the detector would build it.
        Constructor<?> simple = Class.forName("io.netty.buffer.SimpleLeakAwareByteBuf")
                .getDeclaredConstructor(ByteBuf.class, ResourceLeakTracker.class);
        simple.setAccessible(true);
        ByteBuf wrapped = (ByteBuf) simple.newInstance(inner, new NoTracker());
        Constructor<?> advanced = Class.forName("io.netty.buffer.AdvancedLeakAwareByteBuf")
                .getDeclaredConstructor(ByteBuf.class, ResourceLeakTracker.class);
        advanced.setAccessible(true);
        ByteBuf recording = (ByteBuf) advanced.newInstance(inner, new NoTracker());
        ByteBuf slice = inner.slice(); // a wrapper too (unwrap() is not null), with its own indexes

        assertThat(ByteBufs.withoutSamplingLeakWrapper(wrapped)).isSameAs(inner);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(inner)).isSameAs(inner);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(recording)).isSameAs(recording);
        assertThat(ByteBufs.withoutSamplingLeakWrapper(slice)).isSameAs(slice);
        inner.release();
    }

    private static final class NoTracker implements ResourceLeakTracker<ByteBuf> {
        @Override
        public void record() {
        }

        @Override
        public void record(Object hint) {
        }

        @Override
        public boolean close(ByteBuf trackedObject) {
            return true;
        }
    }
}
