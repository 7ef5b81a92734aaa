package dev.samsa.internal.protocol;

import dev.samsa.errors.UnsupportedVersionException;
import io.netty.buffer.ByteBuf;

/**
 * A Kafka protocol structure (a request, a response, a header or a nested struct) that encodes itself at a given
 * version, as defined by Kafka's JSON message definitions. Instances are mutable and not thread-safe: build one,
 * hand it over, do not touch it again.
 */
public interface Message {
    /** The lowest version this structure is defined for. */
    short lowestSupportedVersion();

    /** The highest version this structure is defined for. */
    short highestSupportedVersion();

    /**
     * Encoded size in bytes at {@code version}.
     *
     * @throws UnsupportedVersionException if a field set to a non-default value does not exist at that version
     *     and the definition does not mark it ignorable
     */
    int size(short version);

    /**
     * Appends the encoding at {@code version} to {@code out}.
     *
     * @throws UnsupportedVersionException as {@link #size(short)}
     */
    void write(ByteBuf out, short version);
}
