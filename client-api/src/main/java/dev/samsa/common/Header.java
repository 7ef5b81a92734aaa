package dev.samsa.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header (KIP-82): a non-null key and a value of bytes that may be null. Headers travel with a record
 * inside its record batch; the broker does not interpret them.
 *
 * <p>Immutable as long as nobody changes the value array: it is not copied, so {@link #value()} returns the array
 * given to the constructor. Thread-safe under that condition.
 *
 * @since 0.1.0
 */
public final class Header {
    private final String key;
    private final byte[] value;

    /**
     * @param key the header key, encoded as UTF-8 on the wire
     * @param value the value bytes (not copied), or null
     * @throws NullPointerException if {@code key} is null: the record format has no null header keys
     */
    public Header(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key");
        this.value = value;
    }

    /**
     * A header whose value is {@code value} encoded as UTF-8.
     *
     * @param key the header key
     * @param value the value, or null for a null value
     * @return the header
     * @throws NullPointerException if {@code key} is null
     */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The header key, never null. */
    public String key() {
        return key;
    }

    /** The value bytes (the array given, not a copy), or null. */
    public byte[] value() {
        return value;
    }

    /** The value decoded as UTF-8, or null for a null value. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Equal keys and equal value bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(" + key + "=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
