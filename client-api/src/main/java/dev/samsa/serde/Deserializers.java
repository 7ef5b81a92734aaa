package dev.samsa.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samsa.errors.SerializationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The built-in deserializers, reading the formats {@link Serializers} (and Apache Kafka's serializers of the same
 * name) write. Every one maps null to null; bytes of the wrong length or shape throw
 * {@link SerializationException} naming the topic, the expected size and the size received.
 *
 * <p>All returned deserializers are stateless (or hold only a configured Jackson mapper) and thread-safe.
 *
 * @since 0.1.0
 */
public final class Deserializers {
    private Deserializers() {
    }

    /** The plain mapper of {@link #json(Class)}, made on first use: Jackson stays unloaded for other formats. */
    private static final class DefaultMapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    private static final Deserializer<String> UTF8_STRING = (topic, data) -> data == null ? null
            : new String(data, StandardCharsets.UTF_8);

    /**
     * UTF-8 strings (Kafka's {@code StringDeserializer}); malformed input is replaced, as
     * {@link String#String(byte[], Charset)} does. Always the same instance (also returned by
     * {@link #forString(Charset)} for UTF-8): decoding cannot fail and runs no application code, so a consumer given
     * it decodes each string as it reads the record, straight from the fetched bytes, without a copy in between.
     */
    public static Deserializer<String> forString() {
        return UTF8_STRING;
    }

    /**
     * Strings in {@code charset}; malformed input is replaced, as {@link String#String(byte[], Charset)} does.
     *
     * @throws NullPointerException if {@code charset} is null
     */
    public static Deserializer<String> forString(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        if (charset.equals(StandardCharsets.UTF_8)) {
            return UTF8_STRING;
        }
        return (topic, data) -> data == null ? null : new String(data, charset);
    }

    private static final Deserializer<byte[]> BYTE_ARRAY = (topic, data) -> data;

    /**
     * The bytes as they are (Kafka's {@code ByteArrayDeserializer}). Always the same instance: a consumer given it
     * (or {@link #forString()}) for both keys and values knows that deserializing cannot fail and builds each record
     * as it decodes it.
     */
    public static Deserializer<byte[]> forByteArray() {
        return BYTE_ARRAY;
    }

    /** A heap buffer wrapping the bytes, positioned at 0 (Kafka's {@code ByteBufferDeserializer}). */
    public static Deserializer<ByteBuffer> forByteBuffer() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(data);
    }

    /** 4 bytes big-endian (Kafka's {@code IntegerDeserializer}). */
    public static Deserializer<Integer> forInteger() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(checkSize(topic, data, 4, "Integer")).getInt();
    }

    /** 8 bytes big-endian (Kafka's {@code LongDeserializer}). */
    public static Deserializer<Long> forLong() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(checkSize(topic, data, 8, "Long")).getLong();
    }

    /** 2 bytes big-endian (Kafka's {@code ShortDeserializer}). */
    public static Deserializer<Short> forShort() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(checkSize(topic, data, 2, "Short")).getShort();
    }

    /** 8 IEEE 754 bytes big-endian (Kafka's {@code DoubleDeserializer}). */
    public static Deserializer<Double> forDouble() {
        return (topic, data) -> data == null ? null
                : ByteBuffer.wrap(checkSize(topic, data, 8, "Double")).getDouble();
    }

    /** 4 IEEE 754 bytes big-endian (Kafka's {@code FloatDeserializer}). */
    public static Deserializer<Float> forFloat() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(checkSize(topic, data, 4, "Float")).getFloat();
    }

    /** The UTF-8 text form of a UUID (Kafka's {@code UUIDDeserializer}). */
    public static Deserializer<UUID> forUuid() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Record for topic '" + topic + "' is not a UUID: '"
                        + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "'", e);
            }
        };
    }

    /**
     * JSON (UTF-8) into {@code type} with a plain Jackson {@link ObjectMapper}.
     *
     * @throws NullPointerException if {@code type} is null
     */
    public static <T> Deserializer<T> json(Class<T> type) {
        return json(DefaultMapper.INSTANCE, type);
    }

    /**
     * JSON into {@code type} with the given, already configured mapper.
     *
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deserializer<T> json(ObjectMapper mapper, Class<T> type) {
        Objects.requireNonNull(mapper, "mapper");
        return json(mapper, mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    /**
     * JSON into a generic type such as {@code new TypeReference<List<Order>>() {}}, with the given, already
     * configured mapper.
     *
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deserializer<T> json(ObjectMapper mapper, TypeReference<T> type) {
        Objects.requireNonNull(mapper, "mapper");
        return json(mapper, mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    private static <T> Deserializer<T> json(ObjectMapper mapper, JavaType type) {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException e) {
                throw new SerializationException("Cannot read JSON of " + data.length + " bytes from topic '" + topic
                        + "' as " + type.toCanonical() + ": " + e.getMessage(), e);
            }
        };
    }

    private static byte[] checkSize(String topic, byte[] data, int size, String type) {
        if (data.length != size) {
            throw new SerializationException("Record for topic '" + topic + "' has " + data.length + " bytes where a "
                    + type + " needs " + size);
        }
        return data;
    }
}
