package dev.samsa.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samsa.errors.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The built-in serializers. Their byte formats are those of Apache Kafka's serializers of the same name
 * ({@code org.apache.kafka.common.serialization}), so records written with them read back with Kafka's
 * deserializers and with {@link Deserializers}: integers big-endian two's complement, floating point as IEEE 754
 * bits big-endian, strings and UUIDs (in their {@code 8-4-4-4-12} text form) as UTF-8. Every one maps null to null.
 *
 * <p>All returned serializers are stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Serializers {
    private Serializers() {
    }

    /** Jackson's default mapper, created on first use: building one costs tens of ms of class loading and JIT. */
    private static final class DefaultMapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    /** Strings as UTF-8 (Kafka's {@code StringSerializer} with its default encoding). */
    public static Serializer<String> forString() {
        return StringSer.UTF8;
    }

    /**
     * Strings in {@code charset} (Kafka's {@code key.serializer.encoding}).
     *
     * @throws NullPointerException if {@code charset} is null
     */
    public static Serializer<String> forString(Charset charset) {
        return new StringSer(Objects.requireNonNull(charset, "charset"));
    }

    /** Byte arrays as they are, not copied (Kafka's {@code ByteArraySerializer}). */
    public static Serializer<byte[]> forByteArray() {
        return (topic, data) -> data;
    }

    /**
     * The bytes between a buffer's position and its limit, copied; the buffer's position does not move (Kafka's
     * {@code ByteBufferSerializer} since 3.4, KAFKA-4852).
     */
    public static Serializer<ByteBuffer> forByteBuffer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer view = data.duplicate();
            if (view.hasArray() && view.arrayOffset() == 0 && view.position() == 0
                    && view.limit() == view.array().length) {
                return view.array();
            }
            byte[] out = new byte[view.remaining()];
            view.get(out);
            return out;
        };
    }

    /** Integers as 4 bytes big-endian (Kafka's {@code IntegerSerializer}). */
    public static Serializer<Integer> forInteger() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(4).putInt(data).array();
    }

    /** Longs as 8 bytes big-endian (Kafka's {@code LongSerializer}). */
    public static Serializer<Long> forLong() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(8).putLong(data).array();
    }

    /** Shorts as 2 bytes big-endian (Kafka's {@code ShortSerializer}). */
    public static Serializer<Short> forShort() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(2).putShort(data).array();
    }

    /** Doubles as their 8 IEEE 754 bytes big-endian (Kafka's {@code DoubleSerializer}). */
    public static Serializer<Double> forDouble() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(8).putDouble(data).array();
    }

    /** Floats as their 4 IEEE 754 bytes big-endian (Kafka's {@code FloatSerializer}). */
    public static Serializer<Float> forFloat() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(4).putFloat(data).array();
    }

    /** UUIDs as the UTF-8 bytes of their 36-character text form (Kafka's {@code UUIDSerializer}). */
    public static Serializer<UUID> forUuid() {
        return (topic, data) -> data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Objects as JSON (UTF-8) with a plain Jackson {@link ObjectMapper}.
     *
     * @param <T> the type serialized
     * @return a serializer throwing {@link SerializationException} naming the topic and the type if Jackson fails
     */
    public static <T> Serializer<T> json() {
        return json(DefaultMapper.INSTANCE);
    }

    /**
     * Objects as JSON with the given, already configured {@link ObjectMapper} (modules, naming strategies, ...).
     * The mapper must not be reconfigured afterwards: Jackson mappers are thread-safe only once configured.
     *
     * @param mapper the mapper
     * @param <T> the type serialized
     * @return a serializer throwing {@link SerializationException} naming the topic and the type if Jackson fails
     * @throws NullPointerException if {@code mapper} is null
     */
    public static <T> Serializer<T> json(ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new SerializationException("Cannot write " + data.getClass().getName()
                        + " as JSON for topic '" + topic + "': " + e.getOriginalMessage(), e);
            }
        };
    }

    private record StringSer(Charset charset) implements Serializer<String> {
        static final StringSer UTF8 = new StringSer(StandardCharsets.UTF_8);

        @Override
        public byte[] serialize(String topic, String data) {
            return data == null ? null : data.getBytes(charset);
        }
    }
}
