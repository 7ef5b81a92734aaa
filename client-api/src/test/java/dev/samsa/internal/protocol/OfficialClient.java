package dev.samsa.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;

/**
 * The test oracle: Kafka's own generated message classes ({@code org.apache.kafka.common.message}), reached by name
 * so every Samsa message can be checked against its official twin.
 */
final class OfficialClient {
    private static final Map<String, MethodHandle> READERS = new ConcurrentHashMap<>();
    private static final Map<String, MethodHandle> CREATORS = new ConcurrentHashMap<>();

    private OfficialClient() {
    }

    /** Kafka's class name for a definition: requests, responses and headers carry a {@code Data} suffix. */
    static String className(String name) {
        boolean suffixed = name.endsWith("Request") || name.endsWith("Response") || name.endsWith("Header");
        return "org.apache.kafka.common.message." + name + (suffixed ? "Data" : "");
    }

    /** Whether Kafka ships a class for the definition (it skips those with no valid version). */
    static boolean exists(String name) {
        try {
            Class.forName(className(name));
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Decodes {@code bytes} with Kafka's class; fails unless it consumes them all. */
    static org.apache.kafka.common.protocol.Message decode(String name, byte[] bytes, short version) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        org.apache.kafka.common.protocol.Message m;
        try {
            m = (org.apache.kafka.common.protocol.Message) READERS.computeIfAbsent(name, OfficialClient::reader)
                    .invoke(new ByteBufferAccessor(buffer), version);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (buffer.hasRemaining()) {
            throw new AssertionError(name + " v" + version + ": official decoder left " + buffer.remaining()
                    + " of " + bytes.length + " bytes");
        }
        return m;
    }

    /** A default instance of Kafka's class. */
    static org.apache.kafka.common.protocol.Message newInstance(String name) {
        try {
            return (org.apache.kafka.common.protocol.Message) CREATORS.computeIfAbsent(name, OfficialClient::creator)
                    .invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Encodes with Kafka's class. */
    static byte[] encode(org.apache.kafka.common.protocol.Message m, short version) {
        ByteBuffer b = MessageUtil.toByteBufferAccessor(m, version).buffer();
        return MessageUtil.byteBufferToArray(b);
    }

    /** Encodes with Samsa's class, checking that {@code size} agrees with what {@code write} produced. */
    static byte[] encode(Message m, short version) {
        int size = m.size(version);
        ByteBuf out = Unpooled.buffer(size);
        m.write(out, version);
        if (out.readableBytes() != size) {
            throw new AssertionError(m.getClass().getSimpleName() + " v" + version + ": size() " + size
                    + " but write() produced " + out.readableBytes() + " bytes");
        }
        return ByteBufUtil.getBytes(out);
    }

    private static MethodHandle reader(String name) {
        try {
            return MethodHandles.publicLookup().findConstructor(Class.forName(className(name)),
                    MethodType.methodType(void.class, Readable.class, short.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no official class for " + name, e);
        }
    }

    private static MethodHandle creator(String name) {
        try {
            return MethodHandles.publicLookup().findConstructor(Class.forName(className(name)),
                    MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no official class for " + name, e);
        }
    }
}
