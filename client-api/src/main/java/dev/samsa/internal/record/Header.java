package dev.samsa.internal.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header (KIP-82): a non-null UTF-8 key and a value that may be null. Written and read by the record
 * batch codec. Immutable as long as nobody changes the value array it was given (it is not copied).
 */
public final class Header {
    private final String key;
    private final byte[] value;

    /**
     * @throws NullPointerException if {@code key} is null (the record format has no null header keys)
     */
    public Header(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key");
        this.value = value;
    }

    /** A header whose value is {@code value} in UTF-8, or null. */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The key, never null. */
    public String key() {
        return key;
    }

    /** The value bytes (not a copy), or null. */
    public byte[] value() {
        return value;
    }

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
