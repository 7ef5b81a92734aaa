package dev.samsa.serde;

import dev.samsa.common.Header;
import java.util.List;

/**
 * Turns record key or value bytes back into an object on poll. Implementations ship in {@link Deserializers}; any
 * lambda {@code (topic, bytes) -> value} is one too.
 *
 * <p>Contract: null {@code data} (a null key or value) should give null; the deserializers in {@link Deserializers}
 * do. Malformed bytes should throw {@link dev.samsa.errors.SerializationException} naming the topic and what was
 * wrong; a consumer reports any exception thrown here as a {@code SerializationException} naming the topic,
 * partition and offset.
 *
 * <p>Thread-safety: a consumer may call its deserializers from more than one thread; implementations must be
 * thread-safe (stateless ones are).
 *
 * @param <T> the type of data deserialized
 * @since 0.1.0
 */
@FunctionalInterface
public interface Deserializer<T> {
    /**
     * Deserializes {@code data}.
     *
     * @param topic the topic the record came from
     * @param data the key or value bytes; may be null
     * @return the object, or null for null bytes
     * @throws dev.samsa.errors.SerializationException if the bytes are not a valid encoding
     */
    T deserialize(String topic, byte[] data);

    /**
     * Deserializes {@code data} knowing the record's headers; by default ignores them.
     *
     * @param topic the topic the record came from
     * @param headers the record's headers, read-only
     * @param data the key or value bytes; may be null
     * @return the object, or null for null bytes
     * @throws dev.samsa.errors.SerializationException if the bytes are not a valid encoding
     */
    default T deserialize(String topic, List<Header> headers, byte[] data) {
        return deserialize(topic, data);
    }
}
