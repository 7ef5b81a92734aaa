package dev.samsa.serde;

import dev.samsa.common.Header;
import java.util.List;

/**
 * Turns a record key or value into bytes on send. Implementations ship in {@link Serializers}; any lambda
 * {@code (topic, data) -> bytes} is one too.
 *
 * <p>Contract: a null {@code data} should give null bytes (a null key or value, or a tombstone on a compacted topic);
 * the serializers in {@link Serializers} do. A serializer may throw any runtime exception: the producer fails that one
 * send with a {@link dev.samsa.errors.SerializationException} naming the topic and whether the key or the value
 * failed, with the serializer's exception as cause, and keeps working.
 *
 * <p>Thread-safety: the producer calls its serializers from every thread that calls {@code send}, concurrently, so an
 * implementation must be thread-safe (stateless ones are).
 *
 * @param <T> the type of data serialized
 * @since 0.1.0
 */
@FunctionalInterface
public interface Serializer<T> {
    /**
     * Serializes {@code data}.
     *
     * @param topic the topic the record goes to
     * @param data the key or value; may be null
     * @return the bytes, or null for a null key or value
     */
    byte[] serialize(String topic, T data);

    /**
     * Serializes {@code data} knowing the record's headers; by default ignores them and calls
     * {@link #serialize(String, Object)}.
     *
     * @param topic the topic the record goes to
     * @param headers the record's headers, read-only
     * @param data the key or value; may be null
     * @return the bytes, or null for a null key or value
     */
    default byte[] serialize(String topic, List<Header> headers, T data) {
        return serialize(topic, data);
    }
}
