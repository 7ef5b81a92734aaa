package dev.samsa.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakTracker;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty's leak-detection wrappers, built by reflection (their classes are package-private) the way its detector
 * builds them around a sampled buffer, for tests of code that must read, write and release through them.
 */
public final class LeakWrappers {
    private LeakWrappers() {
    }

    /** The SIMPLE level's wrapper: it delegates every access and reports only the release to {@code tracker}. */
    public static ByteBuf simple(ByteBuf inner, ResourceLeakTracker<ByteBuf> tracker) {
        return wrap("io.netty.buffer.SimpleLeakAwareByteBuf", inner, tracker);
    }

    /** The ADVANCED and PARANOID levels' wrapper: it also reports every access to {@code tracker}. */
    public static ByteBuf advanced(ByteBuf inner, ResourceLeakTracker<ByteBuf> tracker) {
        return wrap("io.netty.buffer.AdvancedLeakAwareByteBuf", inner, tracker);
    }

    private static ByteBuf wrap(String className, ByteBuf inner, ResourceLeakTracker<ByteBuf> tracker) {
        try {
            Constructor<?> wrapper = Class.forName(className)
                    .getDeclaredConstructor(ByteBuf.class, ResourceLeakTracker.class);
            wrapper.setAccessible(true);
            return (ByteBuf) wrapper.newInstance(inner, tracker);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build Netty's " + className, e);
        }
    }

    /** A tracker that notes what a wrapper reports: "record" for an access, "close" for the release. */
    public static final class RecordingTracker implements ResourceLeakTracker<ByteBuf> {
        /** What was reported, in order. */
        public final List<String> reported = new ArrayList<>();

        @Override
        public void record() {
            reported.add("record");
        }

        @Override
        public void record(Object hint) {
            reported.add("record");
        }

        @Override
        public boolean close(ByteBuf trackedObject) {
            reported.add("close");
            return true;
        }
    }
}
